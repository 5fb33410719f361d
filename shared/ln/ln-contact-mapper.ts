// Maps an LN Contact entity to the domain ContactFields and domain changes back to an LN Contact body.
// Language and country go through LN's code tables; a code without an ISO code maps to "" with a warning.
import { normalizeContact, type ContactField, type ContactFields } from '../domain/contact';
import type { LnContactEntity, LnCountry, LnLanguage, LnWorkAddress } from './ln-entities';

export interface LnCodeTables {
  languages: readonly LnLanguage[];
  countries: readonly LnCountry[];
}

export interface MappedLnContact {
  fields: ContactFields;
  warnings: string[];
}

/** The body LN accepts for POST/PATCH Contacts (only the properties being written). */
export type LnContactBody = Partial<
  Pick<
    LnContactEntity,
    | 'FirstName'
    | 'MiddleName'
    | 'LastName'
    | 'Title'
    | 'JobTitle'
    | 'Email'
    | 'OfficePhone'
    | 'MobilePhone'
    | 'HomePhone'
    | 'Fax'
    | 'Language'
    | 'BusinessPartner'
    | 'Synchronize'
    | 'ExternalReference'
  >
> & { WorkAddress?: Partial<LnWorkAddress> };

type TextProperty = 'FirstName' | 'MiddleName' | 'LastName' | 'Title' | 'JobTitle' | 'Email' | 'OfficePhone' | 'MobilePhone' | 'HomePhone' | 'Fax';

const textFields: ReadonlyArray<[ContactField, TextProperty]> = [
  ['givenName', 'FirstName'],
  ['middleName', 'MiddleName'],
  ['surname', 'LastName'],
  ['title', 'Title'],
  ['jobTitle', 'JobTitle'],
  ['email', 'Email'],
  ['businessPhone', 'OfficePhone'],
  ['mobilePhone', 'MobilePhone'],
  ['homePhone', 'HomePhone'],
  ['fax', 'Fax'],
];

const addressFields: ReadonlyArray<[ContactField, 'City' | 'ZIPCode' | 'State']> = [
  ['city', 'City'],
  ['postalCode', 'ZIPCode'],
  ['state', 'State'],
];

/** LN → domain. `companyName` is the Name of the contact's business partner, looked up by the caller. */
export function lnContactToFields(contact: LnContactEntity, companyName: string, tables: LnCodeTables): MappedLnContact {
  const warnings: string[] = [];
  const address = contact.WorkAddress;
  const partial: Partial<Record<ContactField, string>> = { companyName };
  for (const [field, property] of textFields) partial[field] = contact[property];
  for (const [field, property] of addressFields) partial[field] = address[property];
  partial.street = [address.Street.trim(), address.HouseNumber.trim()].filter((s) => s !== '').join(' ');
  partial.country = isoOfCountry(address.Country, tables, warnings);
  partial.language = isoOfLanguage(contact.Language, tables, warnings);
  return { fields: normalizeContact(partial), warnings };
}

/** Domain → LN body for the given fields. `companyName` is never written (the account is set at creation only);
 *  an ISO code LN does not know is left out rather than clearing LN's value. */
export function fieldsToLnContactBody(patch: Partial<ContactFields>, tables: LnCodeTables): LnContactBody {
  const body: LnContactBody = {};
  const address: Partial<LnWorkAddress> = {};
  for (const [field, property] of textFields) {
    const value = patch[field];
    if (value !== undefined) body[property] = value.trim();
  }
  for (const [field, property] of addressFields) {
    const value = patch[field];
    if (value !== undefined) address[property] = value.trim();
  }
  if (patch.street !== undefined) {
    // Exchange has one street line: it goes to Street whole, and HouseNumber is cleared so it is not repeated.
    address.Street = patch.street.trim();
    address.HouseNumber = '';
  }
  if (patch.country !== undefined) {
    const code = lnCountryOfIso(patch.country, tables);
    if (code !== undefined) address.Country = code;
  }
  if (patch.language !== undefined) {
    const code = lnLanguageOfIso(patch.language, tables);
    if (code !== undefined) body.Language = code;
  }
  if (Object.keys(address).length > 0) body.WorkAddress = address;
  return body;
}

function isoOfCountry(code: string, tables: LnCodeTables, warnings: string[]): string {
  if (code.trim() === '') return '';
  const iso = tables.countries.find((c) => c.Country === code)?.ISOCodeAlpha2.trim() ?? '';
  if (iso === '') warnings.push(`country '${code}' has no ISO code`);
  return iso;
}

function isoOfLanguage(code: string, tables: LnCodeTables, warnings: string[]): string {
  if (code.trim() === '') return '';
  const iso = tables.languages.find((l) => l.Language === code)?.ISOCode.trim() ?? '';
  if (iso === '') warnings.push(`language '${code}' has no ISO code`);
  return iso;
}

/** "" clears the field; an unknown ISO code gives undefined (leave LN's value alone). */
function lnCountryOfIso(iso: string, tables: LnCodeTables): string | undefined {
  const wanted = iso.trim().toUpperCase();
  if (wanted === '') return '';
  return tables.countries.find((c) => c.ISOCodeAlpha2.trim().toUpperCase() === wanted)?.Country;
}

function lnLanguageOfIso(iso: string, tables: LnCodeTables): string | undefined {
  const wanted = iso.trim().toLowerCase();
  if (wanted === '') return '';
  return tables.languages.find((l) => l.ISOCode.trim().toLowerCase() === wanted)?.Language;
}
