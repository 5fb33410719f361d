// The small demo company `npm start` seeds into the simulators: two sync users and a handful of LN contacts.
// Plain data in the LN simulator's seed shape; nothing here is used against real services.
import type { LnContactEntity } from '../ln/ln-entities';

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
