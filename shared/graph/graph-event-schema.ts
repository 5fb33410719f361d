// zod schema of the Graph event properties the calendar mapping reads, the $select/$expand that ask for them,
// and the Prefer values every event read and write carries (UTC times, plain-text bodies).
import { z } from 'zod';
import { graphExtendedPropertySchema } from './graph-contact-schema';
import { LN_KEY_PROPERTY_ID } from './graph-extended-properties';

const text = z.string().nullish();

export const graphDateTimeTimeZoneSchema = z.object({ dateTime: z.string(), timeZone: text });

export const graphEmailAddressSchema = z.object({ address: text, name: text });

export const graphAttendeeSchema = z.object({
  type: text,
  status: z.object({ response: text, time: text }).nullish(),
  emailAddress: graphEmailAddressSchema.nullish(),
});

export const graphEventSchema = z.object({
  id: z.string().min(1),
  changeKey: text,
  lastModifiedDateTime: text,
  iCalUId: text,
  type: text,
  seriesMasterId: text,
  originalStart: text,
  transactionId: text,
  isOrganizer: z.boolean().nullish(),
  isCancelled: z.boolean().nullish(),
  isAllDay: z.boolean().nullish(),
  subject: text,
  body: z.object({ contentType: text, content: text }).nullish(),
  location: z.object({ displayName: text }).nullish(),
  start: graphDateTimeTimeZoneSchema.nullish(),
  end: graphDateTimeTimeZoneSchema.nullish(),
  originalStartTimeZone: text,
  originalEndTimeZone: text,
  sensitivity: text,
  showAs: text,
  responseStatus: z.object({ response: text, time: text }).nullish(),
  organizer: z.object({ emailAddress: graphEmailAddressSchema.nullish() }).nullish(),
  attendees: z.array(graphAttendeeSchema).nullish(),
  singleValueExtendedProperties: z.array(graphExtendedPropertySchema).nullish(),
});

export type GraphEvent = z.output<typeof graphEventSchema>;
export type GraphDateTimeTimeZone = z.output<typeof graphDateTimeTimeZoneSchema>;
export type GraphAttendee = z.output<typeof graphAttendeeSchema>;

/** `$select` for event reads: the mapped properties plus what snapshots need. */
export const EVENT_SELECT = [
  'id',
  'changeKey',
  'lastModifiedDateTime',
  'iCalUId',
  'type',
  'seriesMasterId',
  'originalStart',
  'transactionId',
  'isOrganizer',
  'isCancelled',
  'isAllDay',
  'subject',
  'body',
  'location',
  'start',
  'end',
  'originalStartTimeZone',
  'originalEndTimeZone',
  'sensitivity',
  'showAs',
  'responseStatus',
  'organizer',
  'attendees',
].join(',');

/** `$expand` returning the LN key extended property (events map no other). */
export const EVENT_EXTENDED_PROPERTIES_EXPAND = `singleValueExtendedProperties($filter=id eq '${LN_KEY_PROPERTY_ID}')`;

/** Times in UTC (all-day items may still come back as midnight in their own zone) and bodies as plain text. */
export const EVENT_PREFER = 'outlook.timezone="UTC", outlook.body-content-type="text"';
