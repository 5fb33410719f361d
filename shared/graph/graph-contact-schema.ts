// zod schema of the Graph contact properties the mapping reads, and the $select that asks for them.
// Every contact JSON from Graph (GET, delta, POST/PATCH answers, $batch bodies) is parsed with it.
import { z } from 'zod';

const text = z.string().nullish();

export const graphExtendedPropertySchema = z.object({ id: z.string(), value: z.string().nullish() });

export const graphEmailAddressSchema = z.object({ address: text, name: text });

export const graphPhysicalAddressSchema = z.object({
  street: text,
  city: text,
  postalCode: text,
  state: text,
  countryOrRegion: text,
});

export const graphContactSchema = z.object({
  id: z.string().min(1),
  changeKey: text,
  lastModifiedDateTime: text,
  parentFolderId: text,
  displayName: text,
  fileAs: text,
  givenName: text,
  middleName: text,
  surname: text,
  title: text,
  jobTitle: text,
  companyName: text,
  emailAddresses: z.array(graphEmailAddressSchema).nullish(),
  businessPhones: z.array(z.string()).nullish(),
  mobilePhone: text,
  homePhones: z.array(z.string()).nullish(),
  businessAddress: graphPhysicalAddressSchema.nullish(),
  singleValueExtendedProperties: z.array(graphExtendedPropertySchema).nullish(),
});

export type GraphContact = z.output<typeof graphContactSchema>;
export type GraphExtendedProperty = z.output<typeof graphExtendedPropertySchema>;
export type GraphPhysicalAddress = z.output<typeof graphPhysicalAddressSchema>;

/** `$select` for contact reads: the mapped properties plus what snapshots and `locate` need. */
export const CONTACT_SELECT = [
  'id',
  'changeKey',
  'lastModifiedDateTime',
  'parentFolderId',
  'displayName',
  'fileAs',
  'givenName',
  'middleName',
  'surname',
  'title',
  'jobTitle',
  'companyName',
  'emailAddresses',
  'businessPhones',
  'mobilePhone',
  'homePhones',
  'businessAddress',
].join(',');
