// Names of the LN OData services and entity sets the synchronizer uses (ln-api.md defaults).
// A site whose LN exposes them under other names overrides these in configuration.

export interface LnServiceNames {
  contact: string;
  businessPartner: string;
  activity: string;
  employee: string;
  exchangeSync: string;
  contacts: string;
  deletedContacts: string;
  languages: string;
  countries: string;
  businessPartners: string;
  activities: string;
  attendees: string;
  deletedActivities: string;
  employees: string;
  settings: string;
  users: string;
}

export const defaultLnServiceNames: Readonly<LnServiceNames> = Object.freeze({
  contact: 'tcapi.comContact',
  businessPartner: 'tcapi.comBusinessPartner',
  activity: 'tcapi.comActivity',
  employee: 'tcapi.comEmployee',
  exchangeSync: 'ttapi.aadExchangeSync',
  contacts: 'Contacts',
  deletedContacts: 'DeletedContacts',
  languages: 'Languages',
  countries: 'Countries',
  businessPartners: 'BusinessPartners',
  activities: 'Activities',
  attendees: 'Attendees',
  deletedActivities: 'DeletedActivities',
  employees: 'Employees',
  settings: 'Settings',
  users: 'Users',
});
