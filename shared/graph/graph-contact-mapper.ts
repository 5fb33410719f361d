// Maps Graph contact JSON to the domain's ContactFields and back: snapshots for reads, full bodies for
// creates, minimal PATCH bodies for updates (addresses and arrays sent whole, merged with Exchange's current values).
import { normalizeContact, type ContactField, type ContactFields } from '../domain/contact';
import type { ContactCreate, ExchangeContactSnapshot } from '../sync/ports/exchange-contact-port';
import { countryCodeOf, countryNameOf } from './country-name';
import { FAX_PROPERTY_ID, LANGUAGE_PROPERTY_ID, LN_KEY_PROPERTY_ID, LN_ORIGIN_PROPERTY_ID, LN_ORIGIN_VALUE, samePropertyId } from './graph-extended-properties';
import type { GraphContact, GraphExtendedProperty, GraphPhysicalAddress } from './graph-contact-schema';
import { contactStateOf } from './contact-state';

const SCALAR_FIELDS = ['givenName', 'middleName', 'surname', 'title', 'jobTitle', 'companyName', 'mobilePhone'] as const;
const ADDRESS_FIELDS = ['street', 'city', 'postalCode', 'state', 'country'] as const;
const NAME_FIELDS: readonly ContactField[] = ['givenName', 'middleName', 'surname', 'companyName', 'email'];

export function extendedValue(contact: GraphContact, propertyId: string): string {
  return contact.singleValueExtendedProperties?.find((p) => samePropertyId(p.id, propertyId))?.value ?? '';
}

export function contactFieldsOf(contact: GraphContact): ContactFields {
  const address = contact.businessAddress;
  return normalizeContact({
    givenName: contact.givenName,
    middleName: contact.middleName,
    surname: contact.surname,
    title: contact.title,
    jobTitle: contact.jobTitle,
    companyName: contact.companyName,
    email: contact.emailAddresses?.[0]?.address,
    businessPhone: contact.businessPhones?.[0],
    mobilePhone: contact.mobilePhone,
    homePhone: contact.homePhones?.[0],
    fax: extendedValue(contact, FAX_PROPERTY_ID),
    street: address?.street,
    city: address?.city,
    postalCode: address?.postalCode,
    state: address?.state,
    country: countryCodeOf(address?.countryOrRegion),
    language: extendedValue(contact, LANGUAGE_PROPERTY_ID),
  });
}

export function snapshotOf(contact: GraphContact): ExchangeContactSnapshot {
  const lnKey = extendedValue(contact, LN_KEY_PROPERTY_ID);
  const state = contactStateOf(contact, lnKey !== '' ? lnKey : undefined);
  return {
    id: contact.id,
    changeKey: contact.changeKey ?? '',
    modifiedAt: contact.lastModifiedDateTime ?? '',
    ...(lnKey !== '' ? { lnKey } : {}),
    ...(extendedValue(contact, LN_ORIGIN_PROPERTY_ID) === LN_ORIGIN_VALUE ? { createdByService: true as const } : {}),
    fields: contactFieldsOf(contact),
    ...(state !== undefined ? { state } : {}),
  };
}

/** Body of `POST …/contacts`: every non-empty field, display name and file-as, and the LN key stamp. */
export function createBody(create: ContactCreate): Record<string, unknown> {
  const f = normalizeContact(create.fields);
  const body: Record<string, unknown> = { displayName: displayNameOf(f), fileAs: fileAsOf(f) };
  for (const field of SCALAR_FIELDS) if (f[field] !== '') body[field] = f[field];
  if (f.email !== '') body.emailAddresses = [{ address: f.email, name: displayNameOf(f) }];
  if (f.businessPhone !== '') body.businessPhones = [f.businessPhone];
  if (f.homePhone !== '') body.homePhones = [f.homePhone];
  if (ADDRESS_FIELDS.some((a) => f[a] !== '')) body.businessAddress = addressOf(f);
  body.singleValueExtendedProperties = [
    { id: LN_KEY_PROPERTY_ID, value: create.lnKey },
    { id: LN_ORIGIN_PROPERTY_ID, value: LN_ORIGIN_VALUE },
    ...(f.fax !== '' ? [{ id: FAX_PROPERTY_ID, value: f.fax }] : []),
    ...(f.language !== '' ? [{ id: LANGUAGE_PROPERTY_ID, value: f.language }] : []),
  ];
  return body;
}

/**
 * Body of `PATCH …/contacts/{id}` holding only what `patch` changes. `current` is the item as Exchange holds it:
 * the business address is sent whole, and a changed email/phone replaces the first entry and keeps the others
 * (a cleared one empties the list, so Exchange reads back exactly what was written).
 */
export function patchBody(patch: Partial<ContactFields>, current: GraphContact, lnKey?: string): Record<string, unknown> {
  const merged = { ...contactFieldsOf(current), ...normalizedPatch(patch) };
  const changed = (field: ContactField): boolean => patch[field] !== undefined;
  const body: Record<string, unknown> = {};
  for (const field of SCALAR_FIELDS) if (changed(field)) body[field] = merged[field] === '' ? null : merged[field];
  if (NAME_FIELDS.some(changed)) {
    body.displayName = displayNameOf(merged);
    body.fileAs = fileAsOf(merged);
  }
  if (changed('email')) body.emailAddresses = replaceFirst(current.emailAddresses ?? [], merged.email === '' ? undefined : { address: merged.email, name: displayNameOf(merged) });
  if (changed('businessPhone')) body.businessPhones = replaceFirst(current.businessPhones ?? [], merged.businessPhone || undefined);
  if (changed('homePhone')) body.homePhones = replaceFirst(current.homePhones ?? [], merged.homePhone || undefined);
  if (ADDRESS_FIELDS.some(changed)) body.businessAddress = addressOf(merged, current.businessAddress);
  const extended: GraphExtendedProperty[] = [];
  if (lnKey !== undefined) extended.push({ id: LN_KEY_PROPERTY_ID, value: lnKey });
  if (changed('fax')) extended.push({ id: FAX_PROPERTY_ID, value: merged.fax });
  if (changed('language')) extended.push({ id: LANGUAGE_PROPERTY_ID, value: merged.language });
  if (extended.length > 0) body.singleValueExtendedProperties = extended;
  return body;
}

/** "Given Middle Surname", else the company, else the email. */
export function displayNameOf(f: ContactFields): string {
  const name = [f.givenName, f.middleName, f.surname].filter((p) => p !== '').join(' ');
  return name || f.companyName || f.email;
}

/** Outlook's default "Surname, Given Middle" filing, else the display name. */
export function fileAsOf(f: ContactFields): string {
  const given = [f.givenName, f.middleName].filter((p) => p !== '').join(' ');
  if (f.surname !== '' && given !== '') return `${f.surname}, ${given}`;
  return f.surname || displayNameOf(f);
}

function normalizedPatch(patch: Partial<ContactFields>): Partial<ContactFields> {
  const out: Partial<ContactFields> = {};
  for (const [k, v] of Object.entries(patch) as Array<[ContactField, string | undefined]>) if (v !== undefined) out[k] = v.trim();
  return out;
}

function replaceFirst<T>(current: readonly T[], first: T | undefined): T[] {
  return first === undefined ? [] : [first, ...current.slice(1)];
}

function addressOf(f: ContactFields, current?: GraphPhysicalAddress | null): Record<string, string> {
  const sameCountry = f.country !== '' && !!current?.countryOrRegion && countryCodeOf(current.countryOrRegion) === f.country;
  return {
    street: f.street,
    city: f.city,
    postalCode: f.postalCode,
    state: f.state,
    // Keep Exchange's spelling when it already means the same country (e.g. a user typed "de").
    countryOrRegion: sameCountry ? (current?.countryOrRegion ?? '') : countryNameOf(f.country),
  };
}
