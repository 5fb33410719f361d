// zod schemas of LN's activity entities (tccom600 Activities, tccom6105 Attendees, tombstones; ln-api.md) and their types.
// Enum members are spelled exactly as LN's OData enums; absent or null text properties read as "".
import { z } from 'zod';

const text = z.string().nullish().transform((v) => v ?? '');
const dateTimeOffset = z.iso.datetime({ offset: true });
const etag = z.string().min(1);

export const lnActivityTypes = ['Appointment', 'Call', 'Task', 'Mailing'] as const;
export const lnActivityStatuses = ['Planned', 'Held', 'NotHeld', 'Cancelled'] as const;
export const lnSensitivities = ['Normal', 'Private'] as const;
export const lnShowTimeAsValues = ['Free', 'Busy', 'Tentative', 'OutOfOffice'] as const;
export const lnAttendeeTypes = ['Employee', 'Contact', 'Other'] as const;
export const lnAttendances = ['Required', 'Optional', 'Resource', 'MeetingOrganizer'] as const;
export const lnAttendanceStatuses = ['None', 'Accepted', 'Tentative', 'Declined'] as const;

/** Qualified enum type names, for `$filter` literals such as `tcapi.comActivity.ActivityType'Appointment'`. */
export function lnActivityEnumType(service: string, enumName: 'ActivityType'): string {
  return `${service}.${enumName}`;
}

export const lnAttendeeSchema = z.object({
  '@odata.etag': etag,
  Activity: z.string().min(1),
  Line: z.number().int().positive(),
  AttendeeType: z.enum(lnAttendeeTypes),
  Employee: text,
  Contact: text,
  FullName: text,
  Email: text,
  Attendance: z.enum(lnAttendances),
  AttendanceStatus: z.enum(lnAttendanceStatuses),
  Invite: z.boolean(),
  SentToSynchronizer: z.boolean(),
  Synchronized: z.boolean(),
});
export type LnAttendeeEntity = z.output<typeof lnAttendeeSchema>;

/** An activity; `Attendees` is present only when the request had `$expand=Attendees` (or was a deep insert). */
export const lnActivitySchema = z.object({
  '@odata.etag': etag,
  Activity: z.string().min(1),
  Type: z.enum(lnActivityTypes),
  Subject: text,
  Text: text,
  Location: text,
  StartDate: dateTimeOffset,
  EndDate: dateTimeOffset,
  AllDay: z.boolean(),
  Status: z.enum(lnActivityStatuses),
  Sensitivity: z.enum(lnSensitivities),
  ShowTimeAs: z.enum(lnShowTimeAsValues),
  Organizer: text,
  CreatedByLN: z.boolean(),
  Synchronize: z.boolean(),
  ExternalReference: text,
  LastModificationDate: dateTimeOffset,
  Attendees: z.array(lnAttendeeSchema).optional(),
});
export type LnActivityEntity = z.output<typeof lnActivitySchema>;

/** An activity read with `$expand=Attendees`. */
export type LnActivityWithAttendees = LnActivityEntity & { Attendees: LnAttendeeEntity[] };

export const lnDeletedActivitySchema = z.object({ Activity: z.string().min(1), DeletionDate: dateTimeOffset });
export type LnDeletedActivity = z.output<typeof lnDeletedActivitySchema>;

/** What `$select=Contact,Email` on Contacts returns (attendee typing, B-A5). */
export const lnContactEmailSchema = z.object({ Contact: z.string().min(1), Email: text });
export type LnContactEmail = z.output<typeof lnContactEmailSchema>;
