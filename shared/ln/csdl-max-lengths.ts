// Reads the MaxLength facets out of an LN service's `$metadata` (OData v4 CSDL XML) into lengths per entity set.
// XML is parsed with fast-xml-parser and its shape checked with zod; a document that is not CSDL gets a plain-word error.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { describeZodError } from './describe-zod-error';
import { LnInvalidResponseError } from './ln-invalid-response-error';

/** Property path (`JobTitle`, `WorkAddress/Country`) → MaxLength, per entity set name. */
export type CsdlMaxLengths = ReadonlyMap<string, ReadonlyMap<string, number>>;

/** CSDL XML 4.01, 7.2.1: MaxLength is a positive integer or `max` (no limit). */
const maxLengthSchema = z.union([z.literal('max'), z.string().regex(/^[1-9]\d*$/, 'MaxLength must be a positive integer or "max"')]);

const propertySchema = z.object({ Name: z.string().min(1), Type: z.string().min(1), MaxLength: maxLengthSchema.optional() });
const structuredTypeSchema = z.object({ Name: z.string().min(1), Property: z.array(propertySchema).default([]) });
const entitySetSchema = z.object({ Name: z.string().min(1), EntityType: z.string().min(1) });
const schemaSchema = z.object({
  Namespace: z.string().min(1),
  Alias: z.string().optional(),
  EntityType: z.array(structuredTypeSchema).default([]),
  ComplexType: z.array(structuredTypeSchema).default([]),
  EntityContainer: z.array(z.object({ EntitySet: z.array(entitySetSchema).default([]) })).default([]),
});
const csdlSchema = z.object({
  Edmx: z.object({ DataServices: z.object({ Schema: z.array(schemaSchema).min(1, 'no Schema element') }) }),
});

type StructuredType = z.output<typeof structuredTypeSchema>;

const LISTS = new Set(['Schema', 'EntityType', 'ComplexType', 'Property', 'EntityContainer', 'EntitySet']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseAttributeValue: false,
  isArray: (name, _path, _leaf, isAttribute) => !isAttribute && LISTS.has(name),
});

/** Complex types nest at most this deep (a cycle in a broken document cannot loop forever). */
const MAX_DEPTH = 5;

export function parseCsdlMaxLengths(xml: string, resource: string): CsdlMaxLengths {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new LnInvalidResponseError(resource, `the metadata is not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`);
  const parsed = csdlSchema.safeParse(parser.parse(xml));
  if (!parsed.success) throw new LnInvalidResponseError(resource, `the metadata is not an OData CSDL document (${describeZodError(parsed.error)})`);
  const types = typeIndex(parsed.data.Edmx.DataServices.Schema);
  const out = new Map<string, ReadonlyMap<string, number>>();
  for (const schema of parsed.data.Edmx.DataServices.Schema) {
    for (const set of schema.EntityContainer.flatMap((c) => c.EntitySet)) {
      const type = types.get(set.EntityType);
      if (!type) throw new LnInvalidResponseError(resource, `the metadata names entity type ${set.EntityType} for ${set.Name} but does not define it`);
      const lengths = new Map<string, number>();
      collect(type, '', types, lengths, 0);
      out.set(set.Name, lengths);
    }
  }
  return out;
}

/** Entity and complex types by qualified name, under the namespace and under its alias. */
function typeIndex(schemas: ReadonlyArray<z.output<typeof schemaSchema>>): Map<string, StructuredType> {
  const index = new Map<string, StructuredType>();
  for (const schema of schemas) {
    for (const type of [...schema.EntityType, ...schema.ComplexType]) {
      index.set(`${schema.Namespace}.${type.Name}`, type);
      if (schema.Alias) index.set(`${schema.Alias}.${type.Name}`, type);
    }
  }
  return index;
}

function collect(type: StructuredType, prefix: string, types: Map<string, StructuredType>, out: Map<string, number>, depth: number): void {
  for (const property of type.Property) {
    const path = `${prefix}${property.Name}`;
    if (property.MaxLength !== undefined && property.MaxLength !== 'max') out.set(path, Number(property.MaxLength));
    const complex = types.get(property.Type);
    if (complex && depth < MAX_DEPTH) collect(complex, `${path}/`, types, out, depth + 1);
  }
}
