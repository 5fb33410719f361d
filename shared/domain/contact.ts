// The contact as both sides see it once mapped: a flat record of strings ("" = empty).
// Country is ISO 3166-1 alpha-2, language an ISO 639 code; both sides map to and from these.

export const CONTACT_FIELDS = [
  'givenName',
  'middleName',
  'surname',
  'title',
  'jobTitle',
  'companyName',
  'email',
  'businessPhone',
  'mobilePhone',
  'homePhone',
  'fax',
  'street',
  'city',
  'postalCode',
  'state',
  'country',
  'language',
] as const;

export type ContactField = (typeof CONTACT_FIELDS)[number];
export type ContactFields = Record<ContactField, string>;

/** A contact with every field empty; spread over it to build partial contacts. */
export function emptyContact(): ContactFields {
  return Object.fromEntries(CONTACT_FIELDS.map((f) => [f, ''])) as ContactFields;
}

/** Fills missing fields with "" and trims every value, so equal contacts compare equal. */
export function normalizeContact(partial: Partial<Record<ContactField, string | null | undefined>>): ContactFields {
  const out = emptyContact();
  for (const f of CONTACT_FIELDS) out[f] = (partial[f] ?? '').trim();
  return out;
}

const ADDRESS_FIELDS: readonly ContactField[] = ['street', 'city', 'postalCode', 'state', 'country'];

/** The fields of `source` that differ from `target`, with `source`'s values. */
export function contactDifference(source: ContactFields, target: ContactFields): Partial<ContactFields> {
  const out: Partial<ContactFields> = {};
  for (const f of CONTACT_FIELDS) if (source[f] !== target[f]) out[f] = source[f];
  return out;
}

/** Exchange stores the work address as one object: a patch touching any part carries the whole address. */
export function withWholeAddress(patch: Partial<ContactFields>, target: ContactFields): Partial<ContactFields> {
  if (!ADDRESS_FIELDS.some((f) => f in patch)) return patch;
  const out = { ...patch };
  for (const f of ADDRESS_FIELDS) out[f] = target[f];
  return out;
}
