// Validates contact bodies of POST/PATCH the way Graph does: unknown properties and wrong types are a 400.
// Instance annotations (`@odata.*`) and read-only properties are accepted and ignored, as the service does.
import { z } from 'zod';
import { parseExtendedPropertyId } from './extended-property-id';
import { GraphSimError } from './graph-sim-response';
import { writableProperties } from './writable-properties';

const str = z.string().nullable().optional();
const strArray = z.array(z.string().nullable()).nullable().optional();

const physicalAddress = z.strictObject({ street: str, city: str, state: str, postalCode: str, countryOrRegion: str }).nullable().optional();
const emailAddress = z.strictObject({ name: str, address: str });
const extendedProperty = z.strictObject({ id: z.string(), value: z.string().nullable() });

export const WRITABLE_CONTACT_STRINGS = [
  'assistantName', 'businessHomePage', 'companyName', 'department', 'displayName', 'fileAs', 'generation', 'givenName',
  'initials', 'jobTitle', 'manager', 'middleName', 'mobilePhone', 'nickName', 'officeLocation', 'personalNotes',
  'profession', 'spouseName', 'surname', 'title', 'yomiCompanyName', 'yomiGivenName', 'yomiSurname',
] as const;
export const WRITABLE_CONTACT_ARRAYS = ['businessPhones', 'homePhones', 'imAddresses', 'children', 'categories'] as const;
export const CONTACT_ADDRESSES = ['homeAddress', 'businessAddress', 'otherAddress'] as const;
const READ_ONLY = ['id', 'changeKey', 'createdDateTime', 'lastModifiedDateTime', 'parentFolderId'];

const contactShape = z.strictObject({
  ...Object.fromEntries(WRITABLE_CONTACT_STRINGS.map((k) => [k, str])),
  ...Object.fromEntries(WRITABLE_CONTACT_ARRAYS.map((k) => [k, strArray])),
  ...Object.fromEntries(CONTACT_ADDRESSES.map((k) => [k, physicalAddress])),
  birthday: z.iso.datetime({ offset: true }).nullable().optional(),
  emailAddresses: z.array(emailAddress).nullable().optional(),
  singleValueExtendedProperties: z.array(extendedProperty).optional(),
});

export interface ExtendedPropertyWrite {
  id: string;
  key: string;
  value: string | null;
}

export interface ContactInput {
  /** Mapped Graph properties present in the body (null clears). */
  props: Record<string, unknown>;
  extendedProperties: ExtendedPropertyWrite[];
}

/** Parses a POST/PATCH contact body or throws a GraphSimError(400) shaped like Graph's answer. */
export function parseContactInput(body: unknown): ContactInput {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new GraphSimError(400, 'RequestBodyRead', 'Empty Payload. JSON content expected.');
  }
  const cleaned = writableProperties(body as Record<string, unknown>, '#microsoft.graph.contact', READ_ONLY);
  const parsed = contactShape.safeParse(cleaned);
  if (!parsed.success) throw new GraphSimError(400, 'RequestBodyRead', describeIssue(parsed.error.issues[0]));
  const { singleValueExtendedProperties, ...props } = parsed.data as Record<string, unknown> & { singleValueExtendedProperties?: Array<{ id: string; value: string | null }> };
  const extendedProperties = (singleValueExtendedProperties ?? []).map((p) => {
    const id = parseExtendedPropertyId(p.id);
    if (!id) throw new GraphSimError(400, 'ErrorInvalidProperty', `The extended property id '${p.id}' is not valid.`);
    return { id: id.display, key: id.key, value: p.value };
  });
  return { props, extendedProperties };
}

function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'Invalid request body.';
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const owner = issue.path.length === 0 ? 'Microsoft.OutlookServices.Contact' : issue.path.some((p) => p === 'emailAddresses') ? 'Microsoft.OutlookServices.EmailAddress' : issue.path.some((p) => p === 'singleValueExtendedProperties') ? 'Microsoft.OutlookServices.SingleValueLegacyExtendedProperty' : 'Microsoft.OutlookServices.PhysicalAddress';
    return `The property '${key}' does not exist on type '${owner}'. Make sure to only use property names that are defined by the type or mark the type as open type.`;
  }
  return `Cannot read the value of property '${issue.path.join('.')}': ${issue.message}.`;
}
