// The LN simulator's activity entity sets (tcapi.comActivity): Activities with their Attendees, and DeletedActivities.
// Shapes and enum members follow ln-api.md; references to employees, contacts and the parent activity are checked.
import { z } from 'zod';
import {
  lnActivityStatuses,
  lnActivityTypes,
  lnAttendanceStatuses,
  lnAttendances,
  lnAttendeeTypes,
  lnSensitivities,
  lnShowTimeAsValues,
} from '../../../shared/ln/ln-activity-entities';
import { defaultLnServiceNames as names } from '../../../shared/ln/ln-service-names';
import { scalarText, type EntityData } from './entity-set-store';
import type { EntityLookup, LnEntitySetDefinition } from './ln-entity-sets';

const str = z.string();
const dateTimeOffset = z.iso.datetime({ offset: true });

const activitySchema = z.strictObject({
  Activity: str.min(1).max(9),
  Type: z.enum(lnActivityTypes),
  Subject: str,
  Text: str,
  Location: str,
  StartDate: dateTimeOffset,
  EndDate: dateTimeOffset,
  AllDay: z.boolean(),
  Status: z.enum(lnActivityStatuses),
  Sensitivity: z.enum(lnSensitivities),
  ShowTimeAs: z.enum(lnShowTimeAsValues),
  Organizer: str,
  CreatedByLN: z.boolean(),
  Synchronize: z.boolean(),
  ExternalReference: str,
  LastModificationDate: str.optional(),
});

const attendeeSchema = z.strictObject({
  Activity: str.min(1),
  Line: z.number().int().positive(),
  AttendeeType: z.enum(lnAttendeeTypes),
  Employee: str,
  Contact: str,
  FullName: str,
  Email: str,
  Attendance: z.enum(lnAttendances),
  AttendanceStatus: z.enum(lnAttendanceStatuses),
  Invite: z.boolean(),
  SentToSynchronizer: z.boolean(),
  Synchronized: z.boolean(),
});

function activityDefaults(): EntityData {
  return {
    Type: 'Appointment',
    Subject: '',
    Text: '',
    Location: '',
    AllDay: false,
    Status: 'Planned',
    Sensitivity: 'Normal',
    ShowTimeAs: 'Busy',
    Organizer: '',
    CreatedByLN: true,
    Synchronize: true,
    ExternalReference: '',
  };
}

function attendeeDefaults(): EntityData {
  return {
    Employee: '',
    Contact: '',
    FullName: '',
    Email: '',
    Attendance: 'Required',
    AttendanceStatus: 'None',
    Invite: true,
    SentToSynchronizer: false,
    Synchronized: false,
  };
}

function checkActivity(entity: EntityData, lookup: EntityLookup): string | undefined {
  const organizer = scalarText(entity.Organizer);
  if (organizer !== '' && !lookup(names.employee, names.employees, organizer)) return `Organizer '${organizer}' is not an employee`;
  if (Date.parse(scalarText(entity.EndDate)) < Date.parse(scalarText(entity.StartDate))) return 'EndDate is before StartDate';
  return undefined;
}

function checkAttendee(entity: EntityData, lookup: EntityLookup): string | undefined {
  const employee = scalarText(entity.Employee);
  const contact = scalarText(entity.Contact);
  if (entity.AttendeeType === 'Employee' && !lookup(names.employee, names.employees, employee)) return `Employee '${employee}' does not exist`;
  if (entity.AttendeeType === 'Contact' && !lookup(names.contact, names.contacts, contact)) return `Contact '${contact}' does not exist`;
  return undefined;
}

/** AttendeeType follows from what is filled in; an employee's or contact's name and email are copied when omitted. */
function deriveAttendee(entity: EntityData, input: EntityData, lookup: EntityLookup): EntityData {
  const type = input.AttendeeType ?? (scalarText(entity.Employee) !== '' ? 'Employee' : scalarText(entity.Contact) !== '' ? 'Contact' : 'Other');
  const source =
    type === 'Employee'
      ? lookup(names.employee, names.employees, scalarText(entity.Employee))
      : type === 'Contact'
        ? lookup(names.contact, names.contacts, scalarText(entity.Contact))
        : undefined;
  const fullName = scalarText(entity.FullName) !== '' ? entity.FullName : (source?.FullName ?? source?.Name ?? '');
  const email = scalarText(entity.Email) !== '' ? entity.Email : (source?.Email ?? '');
  return { ...entity, AttendeeType: type, FullName: fullName, Email: email };
}

export const lnActivityEntitySets: readonly LnEntitySetDefinition[] = [
  {
    service: names.activity,
    name: names.activities,
    keyProps: ['Activity'],
    keyPrefix: 'ACT',
    tracksModification: true,
    methods: ['POST', 'PATCH', 'DELETE'],
    schema: activitySchema,
    defaults: activityDefaults,
    serverManaged: ['LastModificationDate'],
    check: checkActivity,
    tombstones: { set: names.deletedActivities, keyProp: 'Activity' },
    navigations: { Attendees: { set: names.attendees, foreignKey: 'Activity', orderBy: 'Line' } },
  },
  {
    service: names.activity,
    name: names.attendees,
    keyProps: ['Activity', 'Line'],
    methods: ['POST', 'PATCH', 'DELETE'],
    schema: attendeeSchema,
    defaults: attendeeDefaults,
    serverManaged: [],
    check: checkAttendee,
    parent: { set: names.activities, foreignKey: 'Activity' },
    sequence: { prop: 'Line', within: 'Activity' },
    derive: deriveAttendee,
  },
  {
    service: names.activity,
    name: names.deletedActivities,
    keyProps: ['Activity'],
    methods: [],
    schema: z.strictObject({ Activity: str.min(1), DeletionDate: str }),
    defaults: () => ({}),
    serverManaged: [],
  },
];
