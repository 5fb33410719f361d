// Ids of the single-value extended properties the contact mapping uses, and the $expand that reads them.
// Graph's contact has no fax or language property, so those go through MAPI tags.

/** The project's named-property set; one fixed GUID so every deployment finds the same LN key. */
export const LN_PROPERTY_SET = '6f3c1a52-8d0e-4b7a-9b21-5c2e7f4a9d10';
/** LN key of the item the service wrote (a named string property in the project's set). */
export const LN_KEY_PROPERTY_ID = `String {${LN_PROPERTY_SET}} Name LnKey`;
/** Set to `ln` on the copies the service creates from LN contacts, so a copy whose link was lost in an interrupted
 *  run is still known as the service's own (the user's contacts it stamps with the LN key do not carry it). */
export const LN_ORIGIN_PROPERTY_ID = `String {${LN_PROPERTY_SET}} Name LnOrigin`;
export const LN_ORIGIN_VALUE = 'ln';
/** PidTagBusinessFaxNumber (PR_BUSINESS_FAX_NUMBER), PT_UNICODE. */
export const FAX_PROPERTY_ID = 'String 0x3A24';
/** PidTagLanguage (PR_LANGUAGE), PT_UNICODE. */
export const LANGUAGE_PROPERTY_ID = 'String 0x3A0C';

export const MAPPED_EXTENDED_PROPERTY_IDS = [LN_KEY_PROPERTY_ID, LN_ORIGIN_PROPERTY_ID, FAX_PROPERTY_ID, LANGUAGE_PROPERTY_ID] as const;

/** `$expand` value returning exactly the mapped extended properties. */
export const EXTENDED_PROPERTIES_EXPAND = `singleValueExtendedProperties($filter=${MAPPED_EXTENDED_PROPERTY_IDS.map((id) => `id eq '${id}'`).join(' or ')})`;

/** Graph echoes ids with its own casing (e.g. `String 0x3a24`); compare ignoring case and spacing. */
export function samePropertyId(a: string, b: string): boolean {
  const norm = (s: string): string => s.replace(/\s+/g, ' ').trim().toLowerCase();
  return norm(a) === norm(b);
}

/** `$filter` matching items whose LN key property equals `lnKey` (quotes escaped per OData). */
export function lnKeyFilter(lnKey: string): string {
  return `singleValueExtendedProperties/Any(ep: ep/id eq '${LN_KEY_PROPERTY_ID}' and ep/value eq '${lnKey.replace(/'/g, "''")}')`;
}
