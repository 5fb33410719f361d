// Renders an event instance as Graph's `microsoft.graph.event` JSON, in the service's property order.
// Times are converted to the preferred zone (all-day events keep their midnights); bodies to the preferred content type.
import { attendeesOfInstance } from './exception-view';
import { htmlToText, textToHtml } from './html-text';
import type { Mailbox } from './graph-mailbox-store';
import { iCalUIdOf, type EventInstance } from './stored-event';
import { instantToZoned, utcStamp } from './time-zones';

export const EVENT_PROPERTIES = [
  'id', 'createdDateTime', 'lastModifiedDateTime', 'changeKey', 'categories', 'transactionId', 'originalStartTimeZone',
  'originalEndTimeZone', 'iCalUId', 'reminderMinutesBeforeStart', 'isReminderOn', 'hasAttachments', 'subject', 'bodyPreview',
  'importance', 'sensitivity', 'isAllDay', 'isCancelled', 'isOrganizer', 'responseRequested', 'seriesMasterId', 'showAs', 'type',
  'webLink', 'onlineMeetingUrl', 'isOnlineMeeting', 'onlineMeetingProvider', 'allowNewTimeProposals', 'isDraft', 'hideAttendees',
  'originalStart', 'recurrence', 'onlineMeeting', 'responseStatus', 'body', 'start', 'end', 'location', 'locations', 'attendees', 'organizer',
] as const;

export interface EventRenderOptions {
  /** The zone name to label times with (as the client wrote it in Prefer, default "UTC") and its IANA zone. */
  timeZone: { name: string; zone: string };
  bodyType?: 'text' | 'html';
  select?: string[];
  /** Lookup keys of the extended properties to expand; undefined = no `$expand`, 'all' = every one (simulator API). */
  expand?: Set<string> | 'all';
  /** Delta pages carry the type annotation on every item. */
  annotateType?: boolean;
}

const DEFAULTS: Record<string, unknown> = {
  categories: [], reminderMinutesBeforeStart: 15, isReminderOn: true, importance: 'normal', sensitivity: 'normal', showAs: 'busy',
  responseRequested: true, isOnlineMeeting: false, onlineMeetingProvider: 'unknown', allowNewTimeProposals: true, hideAttendees: false,
  subject: '', locations: [],
};

export function etagOfEvent(instance: EventInstance): string {
  return `W/"${instance.source.changeKey}"`;
}

export function renderEvent(instance: EventInstance, options: EventRenderOptions): Record<string, unknown> {
  const out: Record<string, unknown> = options.annotateType ? { '@odata.type': '#microsoft.graph.event' } : {};
  out['@odata.etag'] = etagOfEvent(instance);
  const wanted = options.select ? new Set(['id', ...options.select]) : undefined;
  for (const name of EVENT_PROPERTIES) {
    if (wanted && !wanted.has(name)) continue;
    if (name === 'originalStart' && instance.originalStart === undefined) continue;
    out[name] = propertyValue(instance, name, options);
  }
  const expanded = expandedProperties(instance, options.expand);
  if (expanded) out['singleValueExtendedProperties'] = expanded;
  return out;
}

/** Each occurrence (and exception) has its own iCalUId: the series' with the occurrence's date in it. */
export function iCalUIdOfInstance(instance: EventInstance): string {
  const event = instance.source;
  return iCalUIdOf(event.meetingKey, instance.originalStart !== undefined ? instantToZoned(instance.originalStart, event.start.zone).slice(0, 10) : undefined);
}

/** The `@removed` entry of a calendarView delta page. */
export function removedEvent(id: string): Record<string, unknown> {
  return { '@odata.type': '#microsoft.graph.event', id, '@removed': { reason: 'deleted' } };
}

function propertyValue(instance: EventInstance, name: string, options: EventRenderOptions): unknown {
  const event = instance.source;
  const body = bodyOf(event.props['body'], options.bodyType);
  switch (name) {
    case 'id': return instance.id;
    case 'createdDateTime': return event.createdDateTime;
    case 'lastModifiedDateTime': return event.lastModifiedDateTime;
    case 'changeKey': return event.changeKey;
    case 'transactionId': return instance.type === 'occurrence' ? null : event.transactionId;
    case 'originalStartTimeZone': return event.start.timeZone;
    case 'originalEndTimeZone': return event.end.timeZone;
    case 'iCalUId': return iCalUIdOfInstance(instance);
    case 'hasAttachments': case 'isDraft': case 'isCancelled': return false;
    case 'bodyPreview': return htmlToText(body.content, body.contentType).replace(/\s+/g, ' ').trim().slice(0, 255);
    case 'isAllDay': return event.isAllDay;
    case 'isOrganizer': return event.isOrganizer;
    case 'seriesMasterId': return instance.type === 'occurrence' ? event.id : event.seriesMasterId ?? null;
    case 'type': return instance.type;
    case 'webLink': return `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(instance.id)}&exvsurl=1&path=/calendar/item`;
    case 'onlineMeetingUrl': case 'onlineMeeting': return null;
    case 'originalStart': return instance.originalStart === undefined ? null : utcStamp(instance.originalStart);
    case 'recurrence': return instance.type === 'seriesMaster' ? structuredClone(event.recurrence) : null;
    case 'responseStatus': return { ...event.responseStatus };
    case 'body': return body;
    case 'start': return timeOf(instance.start, instance, options);
    case 'end': return timeOf(instance.end, instance, options);
    case 'location': return structuredClone(event.props['location'] ?? { displayName: '', locationType: 'default', uniqueIdType: 'unknown', address: {}, coordinates: {} });
    case 'attendees': return attendeesOfInstance(event, instance.originalStart);
    case 'organizer': return { emailAddress: { ...event.organizer } };
  }
  return structuredClone(event.props[name] ?? DEFAULTS[name] ?? null);
}

/** Graph converts to the preferred zone, except all-day events: their midnights are labelled with it unchanged. */
function timeOf(instant: number, instance: EventInstance, options: EventRenderOptions): { dateTime: string; timeZone: string } {
  const zone = instance.source.isAllDay ? instance.source.start.zone : options.timeZone.zone;
  return { dateTime: instantToZoned(instant, zone), timeZone: options.timeZone.name };
}

function bodyOf(stored: unknown, wanted: 'text' | 'html' | undefined): { contentType: 'text' | 'html'; content: string } {
  const body = (stored ?? { contentType: 'html', content: '' }) as { contentType?: string | null; content?: string | null };
  const type = body.contentType === 'text' ? 'text' : 'html';
  const content = body.content ?? '';
  if (!wanted || wanted === type) return { contentType: type, content };
  return wanted === 'text' ? { contentType: 'text', content: htmlToText(content, 'html') } : { contentType: 'html', content: textToHtml(content) };
}

function expandedProperties(instance: EventInstance, expand: EventRenderOptions['expand']): Array<Record<string, string>> | undefined {
  if (expand === undefined) return undefined;
  const props = [...instance.source.extendedProperties.entries()].filter(([key]) => expand === 'all' || expand.has(key)).map(([, p]) => ({ id: p.id, value: p.value }));
  if (expand === 'all') return props;
  return props.length > 0 ? props : undefined;
}

export function eventContextUrl(baseUrl: string, mailbox: Mailbox, collection: boolean): string {
  return `${baseUrl}/$metadata#users('${encodeURIComponent(mailbox.upn)}')/events${collection ? '' : '/$entity'}`;
}
