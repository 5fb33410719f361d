// Who a contact is, for B-I7 and B-C5: its email (ignoring case), or without email its first and last name.
// Normalized (Unicode NFKC, lower case, inner spaces collapsed) so the same person gives the same key everywhere.
import type { ContactFields } from './contact';

/** `email:<address>`, `name:<first>|<last>`, or undefined for a contact with neither. */
export function contactIdentity(fields: Pick<ContactFields, 'email' | 'givenName' | 'surname'>): string | undefined {
  const email = normalizeText(fields.email);
  if (email !== '') return `email:${email}`;
  const given = normalizeText(fields.givenName);
  const surname = normalizeText(fields.surname);
  if (given === '' && surname === '') return undefined;
  return `name:${given}|${surname}`;
}

/** An account name as LN compares it (exact), only trimmed: two spellings are two accounts in LN. */
export function accountIdentity(name: string): string {
  return `account:${name.trim()}`;
}

export function normalizeText(text: string): string {
  return text.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}
