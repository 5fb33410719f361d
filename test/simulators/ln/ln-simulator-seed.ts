// What an LN simulator starts with: entity lists per set, and a small default company.
// The default has a language and a country without ISO codes, so mapping gaps are always reachable.
import type {
  LnBusinessPartner,
  LnContactEntity,
  LnCountry,
  LnEmployee,
  LnLanguage,
  LnSettings,
  LnUser,
} from '../../../shared/ln/ln-entities';
import type { LnActivityEntity, LnAttendeeEntity } from '../../../shared/ln/ln-activity-entities';

/** A contact as written by an LN user: anything omitted gets LN's default (a missing key is assigned);
 *  `@odata.etag` and `LastModificationDate` are accepted but ignored, the simulator sets them. */
export type LnContactInput = Partial<Omit<LnContactEntity, 'WorkAddress'>> & {
  WorkAddress?: Partial<LnContactEntity['WorkAddress']>;
};

/** An activity as entered in LN: StartDate and EndDate are required, anything else omitted gets LN's default
 *  (Appointment, Planned, Normal, Busy, not all-day, CreatedByLN, Synchronize; a missing key is assigned). */
export type LnActivityInput = Partial<Omit<LnActivityEntity, 'Attendees'>> & Pick<LnActivityEntity, 'StartDate' | 'EndDate'>;

/** An attendee line: Activity and Line are assigned; AttendeeType follows from Employee/Contact when omitted
 *  (else Other); defaults Required, None, Invite, not sent, not synchronized. */
export type LnAttendeeInput = Partial<LnAttendeeEntity>;

export interface LnSeed {
  contacts: LnContactInput[];
  businessPartners: LnBusinessPartner[];
  languages: LnLanguage[];
  countries: LnCountry[];
  settings: LnSettings;
  users: LnUser[];
  employees: LnEmployee[];
  activities: Array<LnActivityInput & { Attendees?: LnAttendeeInput[] }>;
}

export function defaultLnSeed(): LnSeed {
  return {
    contacts: [],
    activities: [],
    businessPartners: [
      { BusinessPartner: 'BP0000001', Name: 'Contoso Ltd' },
      { BusinessPartner: 'BP0000002', Name: 'Fabrikam BV' },
    ],
    languages: [
      { Language: 'ENG', Description: 'English', ISOCode: 'en' },
      { Language: 'NLD', Description: 'Dutch', ISOCode: 'nl' },
      { Language: 'DEU', Description: 'German', ISOCode: 'de' },
      { Language: 'TLH', Description: 'Klingon', ISOCode: '' },
    ],
    countries: [
      { Country: 'NLD', Description: 'Netherlands', ISOCodeAlpha2: 'NL' },
      { Country: 'USA', Description: 'United States', ISOCodeAlpha2: 'US' },
      { Country: 'DEU', Description: 'Germany', ISOCodeAlpha2: 'DE' },
      { Country: 'GBR', Description: 'United Kingdom', ISOCodeAlpha2: 'GB' },
      { Country: 'ANT', Description: 'Netherlands Antilles', ISOCodeAlpha2: '' },
    ],
    settings: {
      SynchronizeContacts: true,
      SynchronizeActivities: true,
      ContactPullInterval: { Number: 15, Unit: 'Minutes' },
      CalendarPullInterval: { Number: 5, Unit: 'Minutes' },
      EnablePushSynchronization: false,
    },
    users: [
      { User: 'adele', Name: 'Adele Vance', Active: true, EmailAddress: 'adele.vance@contoso.example' },
      { User: 'megan', Name: 'Megan Bowen', Active: true, EmailAddress: 'megan.bowen@contoso.example' },
    ],
    employees: [
      { Employee: 'EMP000001', Name: 'Adele Vance', User: 'adele', Email: 'adele.vance@contoso.example' },
      { Employee: 'EMP000002', Name: 'Megan Bowen', User: 'megan', Email: 'megan.bowen@contoso.example' },
    ],
  };
}
