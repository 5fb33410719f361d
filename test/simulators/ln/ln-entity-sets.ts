// The entity sets the LN simulator serves: service, key, writable methods, shape and reference checks.
// Adding an entity set means adding one definition here (activities: ln-activity-entity-sets.ts) and a seed list.
import { z } from 'zod';
import { defaultLnServiceNames as names } from '../../../shared/ln/ln-service-names';
import { scalarText, type EntityData } from './entity-set-store';
import { lnActivityEntitySets } from './ln-activity-entity-sets';

export type WriteMethod = 'POST' | 'PATCH' | 'DELETE';

/** Lets reference checks look into other sets. */
export type EntityLookup = (service: string, set: string, key: string) => EntityData | undefined;

export interface LnEntitySetDefinition {
  service: string;
  name: string;
  keyProps: readonly string[];
  /** Auto keys: prefix + zero-padded counter, 9 characters in total (LN code length). */
  keyPrefix?: string;
  tracksModification?: boolean;
  methods: readonly WriteMethod[];
  /** Full entity shape; strict, so unknown properties are rejected with 400. */
  schema: z.ZodObject;
  defaults(): EntityData;
  /** Properties the server sets; ignored in client bodies. */
  serverManaged: readonly string[];
  /** Referential checks; returns a message for 400 when the entity is not acceptable. */
  check?(entity: EntityData, lookup: EntityLookup): string | undefined;
  /** Set that receives `{key, DeletionDate}` tombstones on delete. */
  tombstones?: { set: string; keyProp: string };
  /** Navigation properties (same service): `$expand`, deep insert, and children removed with their parent. */
  navigations?: Readonly<Record<string, LnNavigation>>;
  /** Child of another set: the parent must exist, and every write of a child is a write of its parent (LastModificationDate). */
  parent?: { set: string; foreignKey: string };
  /** A key property numbered by the server, per value of `within`, when a create omits it (e.g. attendee Line). */
  sequence?: { prop: string; within: string };
  /** Fills properties LN derives on create from what the client sent (`input`, after defaults were merged into `entity`). */
  derive?(entity: EntityData, input: EntityData, lookup: EntityLookup): EntityData;
}

export interface LnNavigation {
  set: string;
  /** Child property holding the parent's key. */
  foreignKey: string;
  /** Numeric property the expanded children are ordered by. */
  orderBy: string;
}

const str = z.string();

const workAddressSchema = z.strictObject({ Street: str, HouseNumber: str, City: str, ZIPCode: str, State: str, Country: str });

const contactSchema = z.strictObject({
  Contact: str.min(1).max(9),
  FirstName: str,
  MiddleName: str,
  LastName: str,
  FullName: str,
  JobTitle: str,
  Title: str,
  Email: str,
  OfficePhone: str,
  MobilePhone: str,
  HomePhone: str,
  Fax: str,
  Language: str,
  BusinessPartner: str,
  WorkAddress: workAddressSchema,
  Active: z.boolean(),
  OptedOut: z.boolean(),
  Synchronize: z.boolean(),
  ExternalReference: str,
  LastModificationDate: str.optional(),
});

function contactDefaults(): EntityData {
  const empty = Object.fromEntries(
    ['FirstName', 'MiddleName', 'LastName', 'FullName', 'JobTitle', 'Title', 'Email', 'OfficePhone', 'MobilePhone', 'HomePhone', 'Fax', 'Language', 'BusinessPartner', 'ExternalReference'].map((p) => [p, '']),
  );
  return {
    ...empty,
    WorkAddress: { Street: '', HouseNumber: '', City: '', ZIPCode: '', State: '', Country: '' },
    Active: true,
    OptedOut: false,
    Synchronize: false,
  };
}

function checkContact(entity: EntityData, lookup: EntityLookup): string | undefined {
  const bp = scalarText(entity.BusinessPartner);
  if (bp !== '' && !lookup(names.businessPartner, names.businessPartners, bp)) return `BusinessPartner '${bp}' does not exist`;
  const language = scalarText(entity.Language);
  if (language !== '' && !lookup(names.contact, names.languages, language)) return `Language '${language}' does not exist`;
  const country = scalarText((entity.WorkAddress as EntityData | undefined)?.Country);
  if (country !== '' && !lookup(names.contact, names.countries, country)) return `WorkAddress/Country '${country}' does not exist`;
  return undefined;
}

const intervalSchema = z.strictObject({ Number: z.number().int().positive(), Unit: z.enum(['Minutes', 'Hours', 'Days']) });

export const lnEntitySets: readonly LnEntitySetDefinition[] = [
  {
    service: names.contact,
    name: names.contacts,
    keyProps: ['Contact'],
    keyPrefix: 'CON',
    tracksModification: true,
    methods: ['POST', 'PATCH', 'DELETE'],
    schema: contactSchema,
    defaults: contactDefaults,
    serverManaged: ['LastModificationDate'],
    check: checkContact,
    tombstones: { set: names.deletedContacts, keyProp: 'Contact' },
  },
  {
    service: names.contact,
    name: names.deletedContacts,
    keyProps: ['Contact'],
    methods: [],
    schema: z.strictObject({ Contact: str.min(1), DeletionDate: str }),
    defaults: () => ({}),
    serverManaged: [],
  },
  {
    service: names.contact,
    name: names.languages,
    keyProps: ['Language'],
    methods: [],
    schema: z.strictObject({ Language: str.min(1), Description: str, ISOCode: str }),
    defaults: () => ({ Description: '', ISOCode: '' }),
    serverManaged: [],
  },
  {
    service: names.contact,
    name: names.countries,
    keyProps: ['Country'],
    methods: [],
    schema: z.strictObject({ Country: str.min(1), Description: str, ISOCodeAlpha2: str }),
    defaults: () => ({ Description: '', ISOCodeAlpha2: '' }),
    serverManaged: [],
  },
  {
    service: names.businessPartner,
    name: names.businessPartners,
    keyProps: ['BusinessPartner'],
    keyPrefix: 'BP',
    methods: ['POST', 'PATCH'],
    // ln-api.md "Field lengths": Name holds 35 characters, checked with every facet in ln-field-facets.ts
    schema: z.strictObject({ BusinessPartner: str.min(1).max(9), Name: str.trim().min(1, 'Name is required') }),
    defaults: () => ({}),
    serverManaged: [],
  },
  {
    service: names.exchangeSync,
    name: names.settings,
    keyProps: [],
    methods: [],
    schema: z.strictObject({
      SynchronizeContacts: z.boolean(),
      SynchronizeActivities: z.boolean(),
      ContactPullInterval: intervalSchema,
      CalendarPullInterval: intervalSchema,
      EnablePushSynchronization: z.boolean(),
    }),
    defaults: () => ({}),
    serverManaged: [],
  },
  {
    service: names.exchangeSync,
    name: names.users,
    keyProps: ['User'],
    methods: [],
    schema: z.strictObject({ User: str.min(1), Name: str, Active: z.boolean(), EmailAddress: str }),
    defaults: () => ({ Name: '', Active: true, EmailAddress: '' }),
    serverManaged: [],
  },
  {
    service: names.employee,
    name: names.employees,
    keyProps: ['Employee'],
    methods: [],
    schema: z.strictObject({ Employee: str.min(1), Name: str, User: str, Email: str }),
    defaults: () => ({ Name: '', User: '', Email: '' }),
    serverManaged: [],
  },
  ...lnActivityEntitySets,
];
