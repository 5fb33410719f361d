// The `$metadata` document of one LN OData service: CSDL XML built from the simulator's entity sets and facets.
// Follows OData CSDL XML Representation 4.01 (docs.oasis-open.org/odata/odata-csdl-xml/v4.01): edmx:Edmx ›
// edmx:DataServices › Schema with EntityType/ComplexType/EnumType and an EntityContainer; string properties carry
// the MaxLength facet (section 7.2.1, "a positive integer or max"); served as application/xml at `{service}/$metadata`.
import type { z } from 'zod';
import type { LnEntitySetDefinition } from './ln-entity-sets';
import type { LnFieldFacets } from './ln-field-facets';

const EDMX = 'http://docs.oasis-open.org/odata/ns/edmx';
const EDM = 'http://docs.oasis-open.org/odata/ns/edm';

interface SchemaParts {
  namespace: string;
  complexTypes: Map<string, string>;
  enumTypes: Map<string, string>;
}

/** The CSDL document of `service`, or undefined when the simulator serves no entity set of that name. */
export function metadataDocument(service: string, definitions: readonly LnEntitySetDefinition[], facets: LnFieldFacets): string | undefined {
  const sets = definitions.filter((d) => d.service === service);
  if (sets.length === 0) return undefined;
  const parts: SchemaParts = { namespace: service, complexTypes: new Map(), enumTypes: new Map() };
  const entityTypes = sets.map((def) => entityType(def, facets.of(def.service, def.name), parts));
  const container = sets.map((def) => {
    const bindings = Object.entries(def.navigations ?? {}).map(([nav, n]) => `<NavigationPropertyBinding Path="${nav}" Target="${n.set}"/>`);
    return `<EntitySet Name="${def.name}" EntityType="${service}.${typeName(def.name)}">${bindings.join('')}</EntitySet>`;
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<edmx:Edmx Version="4.0" xmlns:edmx="${EDMX}">`,
    '<edmx:DataServices>',
    `<Schema Namespace="${service}" xmlns="${EDM}">`,
    ...parts.enumTypes.values(),
    ...parts.complexTypes.values(),
    ...entityTypes,
    `<EntityContainer Name="${containerName(service)}">${container.join('')}</EntityContainer>`,
    '</Schema>',
    '</edmx:DataServices>',
    '</edmx:Edmx>',
  ].join('\n');
}

function entityType(def: LnEntitySetDefinition, facets: Record<string, number>, parts: SchemaParts): string {
  const key = def.keyProps.length === 0 ? '' : `<Key>${def.keyProps.map((p) => `<PropertyRef Name="${p}"/>`).join('')}</Key>`;
  const props = Object.entries(def.schema.shape).map(([name, schema]) => property(name, schema as z.ZodType, facets, '', parts, def.keyProps.includes(name)));
  const navs = Object.entries(def.navigations ?? {}).map(([nav, n]) => `<NavigationProperty Name="${nav}" Type="Collection(${parts.namespace}.${typeName(n.set)})"/>`);
  return `<EntityType Name="${typeName(def.name)}">${key}${[...props, ...navs].join('')}</EntityType>`;
}

function property(name: string, schema: z.ZodType, facets: Record<string, number>, prefix: string, parts: SchemaParts, isKey: boolean): string {
  const inner = unwrap(schema);
  const def = inner.def as { type: string; format?: string; entries?: Record<string, string>; shape?: Record<string, z.ZodType> };
  const nullable = isKey ? ' Nullable="false"' : '';
  switch (def.type) {
    case 'string': {
      if (def.format === 'datetime' || name.endsWith('Date')) return `<Property Name="${name}" Type="Edm.DateTimeOffset"${nullable}/>`;
      const max = facets[`${prefix}${name}`];
      return `<Property Name="${name}" Type="Edm.String"${nullable}${max === undefined ? '' : ` MaxLength="${max}"`}/>`;
    }
    case 'boolean':
      return `<Property Name="${name}" Type="Edm.Boolean"/>`;
    case 'number':
      return `<Property Name="${name}" Type="Edm.Int32"${nullable}/>`;
    case 'enum': {
      const enumName = name === 'Type' ? 'ActivityType' : name;
      const members = Object.values(def.entries ?? {}).map((m, i) => `<Member Name="${m}" Value="${i}"/>`);
      parts.enumTypes.set(enumName, `<EnumType Name="${enumName}">${members.join('')}</EnumType>`);
      return `<Property Name="${name}" Type="${parts.namespace}.${enumName}"/>`;
    }
    case 'object': {
      const props = Object.entries(def.shape ?? {}).map(([p, s]) => property(p, s, facets, `${prefix}${name}/`, parts, false));
      parts.complexTypes.set(name, `<ComplexType Name="${name}">${props.join('')}</ComplexType>`);
      return `<Property Name="${name}" Type="${parts.namespace}.${name}"/>`;
    }
    default:
      throw new Error(`no EDM type for ${name} (${def.type})`);
  }
}

function unwrap(schema: z.ZodType): z.ZodType {
  const def = schema.def as { type: string; innerType?: z.ZodType };
  return (def.type === 'optional' || def.type === 'nullable' || def.type === 'default') && def.innerType ? unwrap(def.innerType) : schema;
}

/** Entity type named after its set in the singular: Contacts → Contact, Activities → Activity. */
function typeName(set: string): string {
  return set.endsWith('ies') ? `${set.slice(0, -3)}y` : set.endsWith('s') ? set.slice(0, -1) : set;
}

function containerName(service: string): string {
  return `${service.split('.').at(-1) ?? service}Container`;
}
