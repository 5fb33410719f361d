// Rebuilds a contact from what its link recorded (fields and state, see contact-state.ts), so an update can be
// computed and sent, guarded by the change key, without reading the item first.
import { z } from 'zod';
import { normalizeContact, type ContactFields } from '../domain/contact';
import { contactFieldsOf } from './graph-contact-mapper';
import type { GraphContact } from './graph-contact-schema';
import { contactStateSchema } from './contact-state';
import { FAX_PROPERTY_ID, LANGUAGE_PROPERTY_ID, LN_KEY_PROPERTY_ID } from './graph-extended-properties';

/**
 * The contact as a link recorded it (its fields and state), shaped like a Graph answer so a PATCH body can be
 * computed against it; undefined when the state cannot be read or does not describe those fields.
 */
export function contactFromBase(id: string, base: { fields: ContactFields; state: string }): GraphContact | undefined {
  let parsed: z.output<typeof contactStateSchema>;
  try {
    const result = contactStateSchema.safeParse(JSON.parse(base.state));
    if (!result.success) return undefined;
    parsed = result.data;
  } catch {
    return undefined; // not JSON: read the item instead
  }
  const f = normalizeContact(base.fields);
  const contact: GraphContact = {
    id, changeKey: parsed.changeKey,
    givenName: f.givenName, middleName: f.middleName, surname: f.surname, title: f.title, jobTitle: f.jobTitle,
    companyName: f.companyName, mobilePhone: f.mobilePhone,
    emailAddresses: parsed.emailAddresses, businessPhones: parsed.businessPhones, homePhones: parsed.homePhones,
    businessAddress: { street: f.street, city: f.city, postalCode: f.postalCode, state: f.state, countryOrRegion: parsed.countryOrRegion },
    singleValueExtendedProperties: [
      ...(parsed.lnKey !== undefined ? [{ id: LN_KEY_PROPERTY_ID, value: parsed.lnKey }] : []),
      { id: FAX_PROPERTY_ID, value: f.fax },
      { id: LANGUAGE_PROPERTY_ID, value: f.language },
    ],
  };
  const same = JSON.stringify(contactFieldsOf(contact)) === JSON.stringify(f);
  return same ? contact : undefined;
}
