// Renders a stored contact as Graph's `microsoft.graph.contact` JSON, in the service's property order.
// Honours the id type preference, `$select` and an expanded set of single-value extended properties.
import type { Mailbox, StoredContact } from './graph-mailbox-store';

export const CONTACT_PROPERTIES = [
  'id', 'createdDateTime', 'lastModifiedDateTime', 'changeKey', 'categories', 'parentFolderId', 'birthday', 'fileAs',
  'displayName', 'givenName', 'initials', 'middleName', 'nickName', 'surname', 'title', 'yomiGivenName', 'yomiSurname',
  'yomiCompanyName', 'generation', 'imAddresses', 'jobTitle', 'companyName', 'department', 'officeLocation', 'profession',
  'businessHomePage', 'assistantName', 'manager', 'homePhones', 'mobilePhone', 'businessPhones', 'spouseName',
  'personalNotes', 'children', 'emailAddresses', 'homeAddress', 'businessAddress', 'otherAddress',
] as const;

const ARRAYS = new Set(['categories', 'imAddresses', 'homePhones', 'businessPhones', 'children', 'emailAddresses']);
const ADDRESSES = new Set(['homeAddress', 'businessAddress', 'otherAddress']);

export interface ContactRenderOptions {
  immutableIds: boolean;
  select?: string[];
  /** Lookup keys of the extended properties to expand; undefined = no `$expand`, 'all' = every one (simulator API). */
  expand?: Set<string> | 'all';
}

export function contactId(contact: StoredContact, immutableIds: boolean): string {
  return immutableIds ? contact.immutableId : contact.regularId;
}

export function etagOf(contact: StoredContact): string {
  return `W/"${contact.changeKey}"`;
}

export function renderContact(contact: StoredContact, options: ContactRenderOptions): Record<string, unknown> {
  const out: Record<string, unknown> = { '@odata.etag': etagOf(contact) };
  const wanted = options.select ? new Set(['id', ...options.select]) : undefined;
  for (const name of CONTACT_PROPERTIES) {
    if (wanted && !wanted.has(name)) continue;
    out[name] = propertyValue(contact, name, options.immutableIds);
  }
  const expanded = expandedProperties(contact, options.expand);
  if (expanded) out['singleValueExtendedProperties'] = expanded;
  return out;
}

/** The `@removed` entry a delta round reports for an item that left the folder. */
export function removedEntry(id: string): Record<string, unknown> {
  return { '@odata.type': '#microsoft.graph.contact', id, '@removed': { reason: 'deleted' } };
}

function propertyValue(contact: StoredContact, name: string, immutableIds: boolean): unknown {
  switch (name) {
    case 'id': return contactId(contact, immutableIds);
    case 'createdDateTime': return contact.createdDateTime;
    case 'lastModifiedDateTime': return contact.lastModifiedDateTime;
    case 'changeKey': return contact.changeKey;
    case 'parentFolderId': return contact.folderId;
    case 'fileAs': return contact.props['fileAs'] ?? '';
  }
  const value = contact.props[name];
  if (ARRAYS.has(name)) return structuredClone(value ?? []);
  if (ADDRESSES.has(name)) return structuredClone(value ?? {});
  return value ?? null;
}

function expandedProperties(contact: StoredContact, expand: ContactRenderOptions['expand']): Array<Record<string, string>> | undefined {
  if (expand === undefined) return undefined;
  const props = [...contact.extendedProperties.entries()].filter(([key]) => expand === 'all' || expand.has(key)).map(([, p]) => ({ id: p.id, value: p.value }));
  if (expand === 'all') return props;
  return props.length > 0 ? props : undefined;
}

export function contactContextUrl(baseUrl: string, mailbox: Mailbox, collection: boolean, select?: string[]): string {
  const selectPart = select ? `(${select.join(',')})` : '';
  return `${baseUrl}/$metadata#users('${encodeURIComponent(mailbox.upn)}')/contacts${selectPart}${collection ? '' : '/$entity'}`;
}
