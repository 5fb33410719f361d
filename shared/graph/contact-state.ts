// What a contact link keeps of the Exchange item besides its mapped fields: the change key, the whole e-mail and
// phone lists (the fields show only their first entries) and the country as spelt in Exchange.
import { z } from 'zod';
import { graphEmailAddressSchema, type GraphContact } from './graph-contact-schema';

export const contactStateSchema = z.object({
  changeKey: z.string().min(1),
  lnKey: z.string().optional(),
  emailAddresses: z.array(graphEmailAddressSchema),
  businessPhones: z.array(z.string()),
  homePhones: z.array(z.string()),
  countryOrRegion: z.string(),
});

/** The state of a contact as Graph answered it whole (GET, POST or PATCH answer); undefined without a change key. */
export function contactStateOf(contact: GraphContact, lnKey: string | undefined): string | undefined {
  if (!contact.changeKey) return undefined;
  const state: z.input<typeof contactStateSchema> = {
    changeKey: contact.changeKey,
    ...(lnKey !== undefined ? { lnKey } : {}),
    emailAddresses: contact.emailAddresses ?? [],
    businessPhones: contact.businessPhones ?? [],
    homePhones: contact.homePhones ?? [],
    countryOrRegion: contact.businessAddress?.countryOrRegion ?? '',
  };
  return JSON.stringify(state);
}

/** The change key a kept state was recorded at; undefined when there is none or it cannot be read. */
export function changeKeyOfState(state: string | undefined): string | undefined {
  if (state === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(state);
    return typeof parsed === 'object' && parsed !== null && 'changeKey' in parsed && typeof parsed.changeKey === 'string' && parsed.changeKey !== '' ? parsed.changeKey : undefined;
  } catch {
    return undefined;
  }
}
