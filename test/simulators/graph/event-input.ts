// Validates event bodies of POST/PATCH the way Graph does: unknown properties, wrong types and bad zones are a 400.
// Read-only properties and instance annotations are accepted and ignored, as the service does.
import { z } from 'zod';
import { parseExtendedPropertyId } from './extended-property-id';
import type { ExtendedPropertyWrite } from './contact-input';
import { GraphSimError } from './graph-sim-response';
import { writableProperties } from './writable-properties';

const str = z.string().nullable().optional();
const emailAddress = z.strictObject({ name: str, address: str, '@odata.type': z.string().optional() });
const dateTimeTimeZone = z.strictObject({ dateTime: z.string(), timeZone: z.string().nullable().optional(), '@odata.type': z.string().optional() });
const physicalAddress = z.strictObject({ street: str, city: str, state: str, postalCode: str, countryOrRegion: str }).nullable().optional();
const location = z.strictObject({
  displayName: str, locationEmailAddress: str, locationUri: str, uniqueId: str, address: physicalAddress,
  locationType: z.enum(['default', 'conferenceRoom', 'homeAddress', 'businessAddress', 'geoCoordinates', 'streetAddress', 'hotel', 'restaurant', 'localBusiness', 'postalAddress']).nullable().optional(),
  uniqueIdType: z.enum(['unknown', 'locationStore', 'directory', 'private', 'bing']).nullable().optional(),
  coordinates: z.record(z.string(), z.number().nullable()).nullable().optional(),
});
const responseType = z.enum(['none', 'organizer', 'tentativelyAccepted', 'accepted', 'declined', 'notResponded']);
const attendee = z.strictObject({
  type: z.enum(['required', 'optional', 'resource']).nullable().optional(),
  emailAddress: emailAddress,
  status: z.strictObject({ response: responseType.nullable().optional(), time: str }).nullable().optional(),
  proposedNewTime: z.unknown().optional(),
});
const dayOfWeek = z.enum(['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']);
const recurrence = z.strictObject({
  pattern: z.strictObject({
    type: z.enum(['daily', 'weekly', 'absoluteMonthly', 'relativeMonthly', 'absoluteYearly', 'relativeYearly']),
    interval: z.number().int().min(1),
    daysOfWeek: z.array(dayOfWeek).nullable().optional(),
    firstDayOfWeek: dayOfWeek.nullable().optional(),
    dayOfMonth: z.number().int().optional(),
    month: z.number().int().optional(),
    index: z.enum(['first', 'second', 'third', 'fourth', 'last']).nullable().optional(),
  }),
  range: z.strictObject({
    type: z.enum(['endDate', 'noEnd', 'numbered']),
    startDate: z.iso.date(),
    endDate: z.iso.date().nullable().optional(),
    numberOfOccurrences: z.number().int().min(0).optional(),
    recurrenceTimeZone: str,
  }),
});
const extendedProperty = z.strictObject({ id: z.string(), value: z.string().nullable() });

const eventShape = z.strictObject({
  subject: str,
  body: z.strictObject({ contentType: z.enum(['text', 'html']).nullable().optional(), content: str }).nullable().optional(),
  start: dateTimeTimeZone.optional(),
  end: dateTimeTimeZone.optional(),
  isAllDay: z.boolean().nullable().optional(),
  sensitivity: z.enum(['normal', 'personal', 'private', 'confidential']).nullable().optional(),
  showAs: z.enum(['unknown', 'free', 'tentative', 'busy', 'oof', 'workingElsewhere']).nullable().optional(),
  importance: z.enum(['low', 'normal', 'high']).nullable().optional(),
  location: location.nullable().optional(),
  locations: z.array(location).nullable().optional(),
  attendees: z.array(attendee).nullable().optional(),
  organizer: z.strictObject({ emailAddress }).nullable().optional(),
  recurrence: recurrence.nullable().optional(),
  transactionId: str,
  categories: z.array(z.string()).nullable().optional(),
  isReminderOn: z.boolean().nullable().optional(),
  reminderMinutesBeforeStart: z.number().int().nullable().optional(),
  responseRequested: z.boolean().nullable().optional(),
  allowNewTimeProposals: z.boolean().nullable().optional(),
  hideAttendees: z.boolean().nullable().optional(),
  isOnlineMeeting: z.boolean().nullable().optional(),
  onlineMeetingProvider: z.enum(['unknown', 'skypeForBusiness', 'skypeForConsumer', 'teamsForBusiness']).nullable().optional(),
  singleValueExtendedProperties: z.array(extendedProperty).optional(),
});

export type EventBody = Omit<z.infer<typeof eventShape>, 'singleValueExtendedProperties'>;
export type RecurrenceInput = z.infer<typeof recurrence>;
export type AttendeeInput = z.infer<typeof attendee>;

export interface EventInput {
  /** The properties present in the body (null clears). */
  props: EventBody;
  extendedProperties: ExtendedPropertyWrite[];
  /** Canonical JSON of the body, to recognise a retried POST with the same transactionId. */
  canonical: string;
}

const READ_ONLY = [
  'id', 'changeKey', 'createdDateTime', 'lastModifiedDateTime', 'iCalUId', 'uid', 'type', 'seriesMasterId', 'isOrganizer',
  'responseStatus', 'bodyPreview', 'webLink', 'isCancelled', 'originalStart', 'originalStartTimeZone', 'originalEndTimeZone',
  'hasAttachments', 'isDraft', 'onlineMeeting', 'onlineMeetingUrl', 'calendar',
];

/** Parses a POST/PATCH event body or throws a GraphSimError(400) shaped like Graph's answer. */
export function parseEventInput(body: unknown): EventInput {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new GraphSimError(400, 'RequestBodyRead', 'Empty Payload. JSON content expected.');
  const cleaned = writableProperties(body as Record<string, unknown>, '#microsoft.graph.event', READ_ONLY);
  const parsed = eventShape.safeParse(cleaned);
  if (!parsed.success) throw new GraphSimError(400, 'RequestBodyRead', describeIssue(parsed.error.issues[0]));
  const { singleValueExtendedProperties, ...props } = parsed.data;
  const extendedProperties = (singleValueExtendedProperties ?? []).map((p) => {
    const id = parseExtendedPropertyId(p.id);
    if (!id) throw new GraphSimError(400, 'ErrorInvalidProperty', `The extended property id '${p.id}' is not valid.`);
    return { id: id.display, key: id.key, value: p.value };
  });
  return { props, extendedProperties, canonical: canonicalJson(cleaned) };
}

function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'Invalid request body.';
  if (issue.code === 'unrecognized_keys') {
    const owner = issue.path.length === 0 ? 'Microsoft.OutlookServices.Event' : `Microsoft.OutlookServices.${String(issue.path[0])}`;
    return `The property '${issue.keys[0] ?? ''}' does not exist on type '${owner}'. Make sure to only use property names that are defined by the type or mark the type as open type.`;
  }
  return `Cannot read the value of property '${issue.path.join('.')}': ${issue.message}.`;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
