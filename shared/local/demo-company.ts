// The small demo company `npm start` seeds into the simulators: two sync users, LN contacts and a meeting.
// Plain data in the LN simulator's seed shape; nothing here is used against real services.
import type { LnContactEntity } from '../ln/ln-entities';
import type { LnActivityEntity, LnAttendeeEntity } from '../ln/ln-activity-entities';

type DemoContact = Partial<Omit<LnContactEntity, 'WorkAddress'>> & { WorkAddress?: Partial<LnContactEntity['WorkAddress']> };

export const DEMO_MAILBOXES = ['adele.vance@contoso.example', 'megan.bowen@contoso.example'];

export const DEMO_CONTACTS: DemoContact[] = [
  { Contact: 'CON000101', FirstName: 'Ada', LastName: 'Lovelace', JobTitle: 'Analyst', Email: 'ada.lovelace@fabrikam.example', OfficePhone: '+44 20 7946 0101', BusinessPartner: 'BP0000002', Language: 'ENG', Synchronize: true, WorkAddress: { Street: 'St James Square', HouseNumber: '12', City: 'London', ZIPCode: 'SW1Y 4JH', Country: 'GBR' } },
  { Contact: 'CON000102', FirstName: 'Grace', LastName: 'Hopper', JobTitle: 'Rear Admiral', Email: 'grace.hopper@contoso.example', MobilePhone: '+1 425 555 0102', BusinessPartner: 'BP0000001', Language: 'ENG', Synchronize: true, WorkAddress: { City: 'Arlington', State: 'VA', Country: 'USA' } },
  { Contact: 'CON000103', FirstName: 'Edsger', LastName: 'Dijkstra', JobTitle: 'Professor', Email: 'edsger.dijkstra@fabrikam.example', BusinessPartner: 'BP0000002', Language: 'NLD', Synchronize: true, WorkAddress: { City: 'Nuenen', Country: 'NLD' } },
  { Contact: 'CON000104', FirstName: 'Kurt', LastName: 'Gödel', Email: 'kurt.goedel@contoso.example', BusinessPartner: 'BP0000001', Language: 'TLH', Synchronize: true },
  { Contact: 'CON000105', FirstName: 'Not', LastName: 'Synchronized', Email: 'not.synced@contoso.example', BusinessPartner: 'BP0000001', Synchronize: false },
];

/** What the demo's Outlook user creates in her sync folder once the first run is done. */
export const DEMO_OUTLOOK_CONTACT = {
  givenName: 'Margaret',
  surname: 'Hamilton',
  jobTitle: 'Director of Software Engineering',
  companyName: 'Contoso Ltd',
  emailAddresses: [{ address: 'margaret.hamilton@contoso.example', name: 'Margaret Hamilton' }],
  mobilePhone: '+1 617 555 0169',
};

/** An LN meeting Adele organizes with Megan invited, two days from now. */
export function demoActivities(now: Date): DemoActivity[] {
  const at = (days: number, hour: number): string => {
    const d = new Date(now);
    d.setUTCDate(d.getUTCDate() + days);
    d.setUTCHours(hour, 0, 0, 0);
    return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  };
  return [{
    Activity: 'ACT000201', Type: 'Appointment', Subject: 'Quarterly review with Fabrikam', Text: 'Pipeline and forecast.', Location: 'Room Amsterdam',
    StartDate: at(2, 9), EndDate: at(2, 10), Organizer: 'EMP000001',
    Attendees: [
      { AttendeeType: 'Employee', Employee: 'EMP000001', Attendance: 'MeetingOrganizer' },
      { AttendeeType: 'Employee', Employee: 'EMP000002' },
      { AttendeeType: 'Other', FullName: 'Ada Lovelace', Email: 'ada.lovelace@fabrikam.example' },
    ],
  }];
}

/** What the demo's Outlook user (Megan) books once the first run is done: a meeting with Adele. */
export function demoOutlookMeeting(now: Date): Record<string, unknown> {
  const start = new Date(now);
  start.setUTCDate(start.getUTCDate() + 3);
  start.setUTCHours(14, 0, 0, 0);
  const end = new Date(start.getTime() + 3_600_000);
  const local = (d: Date): string => d.toISOString().slice(0, 19);
  return {
    subject: 'Lunch & learn: Exchange sync', start: { dateTime: local(start), timeZone: 'UTC' }, end: { dateTime: local(end), timeZone: 'UTC' },
    location: { displayName: 'Cafeteria' }, attendees: [{ type: 'required', emailAddress: { address: 'adele.vance@contoso.example', name: 'Adele Vance' } }],
  };
}

type DemoActivity = Partial<Omit<LnActivityEntity, 'Attendees'>> & Pick<LnActivityEntity, 'StartDate' | 'EndDate'> & { Attendees: Array<Partial<LnAttendeeEntity>> };
