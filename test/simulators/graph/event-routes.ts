// Calendar routes: the primary calendar, mailboxSettings, event CRUD under /events and /calendar/events, the meeting actions
// (cancel, accept, tentativelyAccept, decline) and a series' instances; calendarView lives in calendar-view-route.
import { z } from 'zod';
import { calendarViewDeltaRoute, calendarViewRoute, pagingInt, renderOptions, requiredWindow } from './calendar-view-route';
import { parseEventInput } from './event-input';
import { etagOfEvent, eventContextUrl, renderEvent } from './event-json';
import { parseEventFilter } from './event-query';
import { only } from './folder-routes';
import type { EventRef, MeetingResponse } from './graph-event-store';
import { isWellFormedId } from './graph-ids';
import type { Mailbox } from './graph-mailbox-store';
import { GraphSimError, jsonResponse, noContent, type SimResponse } from './graph-sim-response';
import { parsePrefer } from './odata-query';
import { preferenceApplied } from './preference-applied';
import type { EventInstance } from './stored-event';
import { linkTo, type SimContext, type SimRequest } from './sim-request';

const ACTIONS: Record<string, 'cancel' | MeetingResponse> = { cancel: 'cancel', accept: 'accept', tentativelyaccept: 'tentativelyAccept', decline: 'decline' };
const cancelBody = z.strictObject({ comment: z.string().nullable().optional() });
const responseBody = z.strictObject({ comment: z.string().nullable().optional(), sendResponse: z.boolean().nullable().optional(), proposedNewTime: z.unknown().optional() });

export function eventRoutes(req: SimRequest, ctx: SimContext, mailbox: Mailbox, rest: string[]): SimResponse | undefined {
  const [head = '', second, ...more] = rest.map((s, i) => (i === 0 ? s.toLowerCase() : s));
  if (head === 'calendar' && second === undefined) return only(req, 'GET', () => jsonResponse(200, calendarJson(ctx, mailbox)));
  if (head === 'calendar' && second?.toLowerCase() === 'events') return eventsUnder(req, ctx, mailbox, more);
  if (head === 'calendar' && second?.toLowerCase() === 'calendarview') return calendarViewUnder(req, ctx, mailbox, more);
  if (head === 'events') return eventsUnder(req, ctx, mailbox, rest.slice(1));
  if (head === 'calendarview') return calendarViewUnder(req, ctx, mailbox, rest.slice(1));
  if (head === 'mailboxsettings' && second === undefined) return only(req, 'GET', () => jsonResponse(200, mailboxSettingsJson(ctx, mailbox)));
  return undefined;
}

function calendarViewUnder(req: SimRequest, ctx: SimContext, mailbox: Mailbox, rest: string[]): SimResponse | undefined {
  if (rest.length === 0) return only(req, 'GET', () => calendarViewRoute(req, ctx, mailbox));
  if (rest.length === 1 && rest[0]?.toLowerCase() === 'delta') return only(req, 'GET', () => calendarViewDeltaRoute(req, ctx, mailbox));
  return undefined;
}

function eventsUnder(req: SimRequest, ctx: SimContext, mailbox: Mailbox, rest: string[]): SimResponse | undefined {
  const [id, action, ...more] = rest;
  if (id === undefined) {
    if (req.method === 'POST') return createEvent(req, ctx, mailbox);
    return only(req, 'GET', () => listEvents(req, ctx, mailbox));
  }
  if (more.length > 0) return undefined;
  const ref = findEvent(ctx, mailbox, id);
  if (action === undefined) {
    if (req.method === 'PATCH') return updateEvent(req, ctx, mailbox, ref);
    if (req.method === 'DELETE') return deleteEvent(req, ctx, mailbox, ref);
    return only(req, 'GET', () => eventAnswer(200, req, ctx, mailbox, ctx.events.resolve(ref)));
  }
  if (action.toLowerCase() === 'instances') return only(req, 'GET', () => instances(req, ctx, mailbox, ref));
  const kind = ACTIONS[action.toLowerCase()];
  if (!kind) return undefined;
  return only(req, 'POST', () => meetingAction(req, ctx, mailbox, ref, kind));
}

function findEvent(ctx: SimContext, mailbox: Mailbox, id: string): EventRef {
  if (!isWellFormedId(id)) throw new GraphSimError(400, 'ErrorInvalidIdMalformed', 'Id is malformed.');
  const ref = ctx.events.find(mailbox, id);
  if (!ref) throw new GraphSimError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
  return ref;
}

function listEvents(req: SimRequest, ctx: SimContext, mailbox: Mailbox): SimResponse {
  const prefs = parsePrefer(req.headers['prefer']);
  const filter = parseEventFilter(req.query['$filter']);
  const all = ctx.events.topLevel(mailbox).map((e) => ctx.events.instanceOf(e)).filter((i) => !filter || filter(i));
  const skip = pagingInt(req.query['$skip'], 0);
  const top = Math.min(pagingInt(req.query['$top'], prefs.maxPageSize ?? ctx.defaultPageSize), 1000);
  const options = renderOptions(req);
  const body: Record<string, unknown> = { '@odata.context': eventContextUrl(ctx.baseUrl, mailbox, true), value: all.slice(skip, skip + top).map((i) => renderEvent(i, options)) };
  if (skip + top < all.length) body['@odata.nextLink'] = linkTo(ctx, req, { ...req.query, $top: String(top), $skip: String(skip + top) });
  return jsonResponse(200, body, preferenceApplied(prefs));
}

function createEvent(req: SimRequest, ctx: SimContext, mailbox: Mailbox): SimResponse {
  const { event } = ctx.events.create(mailbox, parseEventInput(req.body));
  const location = `${ctx.baseUrl}/users/${encodeURIComponent(mailbox.upn)}/events/${encodeURIComponent(event.id)}`;
  return eventAnswer(201, req, ctx, mailbox, ctx.events.instanceOf(event), { Location: location });
}

function updateEvent(req: SimRequest, ctx: SimContext, mailbox: Mailbox, ref: EventRef): SimResponse {
  checkIfMatch(req, ctx.events.resolve(ref));
  const event = ctx.events.update(mailbox, ref, parseEventInput(req.body));
  return eventAnswer(200, req, ctx, mailbox, ctx.events.instanceOf(event));
}

function deleteEvent(req: SimRequest, ctx: SimContext, mailbox: Mailbox, ref: EventRef): SimResponse {
  checkIfMatch(req, ctx.events.resolve(ref));
  ctx.events.remove(mailbox, ref);
  return noContent();
}

function meetingAction(req: SimRequest, ctx: SimContext, mailbox: Mailbox, ref: EventRef, kind: 'cancel' | MeetingResponse): SimResponse {
  const parsed = (kind === 'cancel' ? cancelBody : responseBody).safeParse(req.body ?? {});
  if (!parsed.success) throw new GraphSimError(400, 'RequestBodyRead', `Invalid ${kind} parameters: ${parsed.error.issues[0]?.message ?? 'bad body'}.`);
  if (kind === 'cancel') ctx.events.cancel(mailbox, ref);
  else ctx.events.respond(mailbox, ref, kind);
  return { status: 202, headers: {} };
}

/** GET …/events/{id}/instances?startDateTime&endDateTime: the occurrences and exceptions of a series in the window. */
function instances(req: SimRequest, ctx: SimContext, mailbox: Mailbox, ref: EventRef): SimResponse {
  const window = requiredWindow(req);
  const master = ref.master ?? ctx.events.seriesOf(mailbox, ref.event);
  const options = renderOptions(req);
  const value = ctx.events.instances(mailbox, window.start, window.end, master).filter((i) => i.type !== 'singleInstance').map((i) => renderEvent(i, options));
  return jsonResponse(200, { '@odata.context': `${ctx.baseUrl}/$metadata#Collection(event)`, value }, preferenceApplied(parsePrefer(req.headers['prefer'])));
}

function eventAnswer(status: number, req: SimRequest, ctx: SimContext, mailbox: Mailbox, instance: EventInstance, headers: Record<string, string> = {}): SimResponse {
  const rendered = renderEvent(instance, renderOptions(req));
  return jsonResponse(status, { '@odata.context': eventContextUrl(ctx.baseUrl, mailbox, false), ...rendered }, { ETag: etagOfEvent(instance), ...headers, ...preferenceApplied(parsePrefer(req.headers['prefer'])) });
}

/** `If-Match: W/"changeKey"` (or `*`): a stale change key is answered 412, as Exchange does. */
function checkIfMatch(req: SimRequest, instance: EventInstance): void {
  const header = req.headers['if-match'];
  if (header === undefined || header.trim() === '*') return;
  if (header.trim().replace(/^W\//, '').replace(/^"|"$/g, '') !== instance.source.changeKey) {
    throw new GraphSimError(412, 'ErrorIrresolvableConflict', 'The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.');
  }
}

function calendarJson(ctx: SimContext, mailbox: Mailbox): Record<string, unknown> {
  return {
    '@odata.context': `${ctx.baseUrl}/$metadata#users('${encodeURIComponent(mailbox.upn)}')/calendar/$entity`,
    id: mailbox.calendar.id, name: 'Calendar', color: 'auto', hexColor: '', isDefaultCalendar: true, changeKey: mailbox.calendar.changeKey,
    canShare: true, canViewPrivateItems: true, canEdit: true, allowedOnlineMeetingProviders: ['teamsForBusiness'],
    defaultOnlineMeetingProvider: 'teamsForBusiness', isTallyingResponses: true, isRemovable: false,
    owner: { name: mailbox.displayName, address: mailbox.upn },
  };
}

function mailboxSettingsJson(ctx: SimContext, mailbox: Mailbox): Record<string, unknown> {
  return {
    '@odata.context': `${ctx.baseUrl}/$metadata#users('${encodeURIComponent(mailbox.upn)}')/mailboxSettings`,
    archiveFolder: mailbox.deletedItemsFolderId, timeZone: mailbox.calendar.timeZone, delegateMeetingMessageDeliveryOptions: 'sendToDelegateOnly',
    dateFormat: 'yyyy-MM-dd', timeFormat: 'HH:mm', userPurpose: 'user',
    language: { locale: 'en-US', displayName: 'English (United States)' },
    workingHours: { daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], startTime: '08:00:00.0000000', endTime: '17:00:00.0000000', timeZone: { name: mailbox.calendar.timeZone } },
  };
}
