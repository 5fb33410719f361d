// zod schemas of the LN entities the synchronizer reads (ln-api.md), and their TypeScript types.
// Absent or null text properties read as "", so a sparse LN answer never becomes `undefined` downstream.
import { z } from 'zod';

const text = z.string().nullish().transform((v) => v ?? '');
const dateTimeOffset = z.iso.datetime({ offset: true });
const etag = z.string().min(1);

export const lnWorkAddressSchema = z.object({
  Street: text,
  HouseNumber: text,
  City: text,
  ZIPCode: text,
  State: text,
  Country: text,
});
export type LnWorkAddress = z.output<typeof lnWorkAddressSchema>;

const emptyWorkAddress = (): LnWorkAddress => ({ Street: '', HouseNumber: '', City: '', ZIPCode: '', State: '', Country: '' });

export const lnContactSchema = z.object({
  '@odata.etag': etag,
  Contact: z.string().min(1),
  FirstName: text,
  MiddleName: text,
  LastName: text,
  FullName: text,
  JobTitle: text,
  Title: text,
  Email: text,
  OfficePhone: text,
  MobilePhone: text,
  HomePhone: text,
  Fax: text,
  Language: text,
  BusinessPartner: text,
  WorkAddress: lnWorkAddressSchema.nullish().transform((v) => v ?? emptyWorkAddress()),
  Active: z.boolean().default(true),
  OptedOut: z.boolean().default(false),
  Synchronize: z.boolean(),
  ExternalReference: text,
  LastModificationDate: dateTimeOffset,
});
export type LnContactEntity = z.output<typeof lnContactSchema>;

/** What `$select=Contact,LastModificationDate` returns. */
export const lnContactKeySchema = z.object({ Contact: z.string().min(1), LastModificationDate: dateTimeOffset });
export type LnContactKey = z.output<typeof lnContactKeySchema>;

export const lnDeletedContactSchema = z.object({ Contact: z.string().min(1), DeletionDate: dateTimeOffset });
export type LnDeletedContact = z.output<typeof lnDeletedContactSchema>;

export const lnLanguageSchema = z.object({ Language: z.string().min(1), Description: text, ISOCode: text });
export type LnLanguage = z.output<typeof lnLanguageSchema>;

export const lnCountrySchema = z.object({ Country: z.string().min(1), Description: text, ISOCodeAlpha2: text });
export type LnCountry = z.output<typeof lnCountrySchema>;

export const lnBusinessPartnerSchema = z.object({ BusinessPartner: z.string().min(1), Name: text });
export type LnBusinessPartner = z.output<typeof lnBusinessPartnerSchema>;

export const lnIntervalUnits = ['Minutes', 'Hours', 'Days'] as const;
export const lnIntervalSchema = z.object({ Number: z.number().int().positive(), Unit: z.enum(lnIntervalUnits) });
export type LnInterval = z.output<typeof lnIntervalSchema>;

export const lnSettingsSchema = z.object({
  SynchronizeContacts: z.boolean(),
  SynchronizeActivities: z.boolean(),
  ContactPullInterval: lnIntervalSchema,
  CalendarPullInterval: lnIntervalSchema,
  EnablePushSynchronization: z.boolean(),
});
export type LnSettings = z.output<typeof lnSettingsSchema>;

export const lnUserSchema = z.object({ User: z.string().min(1), Name: text, Active: z.boolean(), EmailAddress: text });
export type LnUser = z.output<typeof lnUserSchema>;

export const lnEmployeeSchema = z.object({ Employee: z.string().min(1), Name: text, User: text, Email: text });
export type LnEmployee = z.output<typeof lnEmployeeSchema>;
