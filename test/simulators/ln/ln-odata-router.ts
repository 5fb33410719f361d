// Routes one authenticated OData request of the LN simulator to its entity set: query, read, create, patch, delete.
// Collections page server-side with `@odata.nextLink` ($skiptoken = last key) and honour $filter, $select, $top, $expand.
import { etagOf, type EntityData, type StoredEntity } from './entity-set-store';
import { evaluateFilter } from './odata-filter-evaluator';
import { FilterSyntaxError, parseFilter, type FilterNode } from './odata-filter-parser';
import { ODataError } from './odata-error';
import type { EntitySet, LnSimulatorState } from './ln-simulator-state';

export interface ODataRequest {
  method: string;
  /** Path segments after the OData base URL, percent-decoded: [service, resource]. */
  segments: string[];
  query: Record<string, string>;
  body: unknown;
  ifMatch: string | undefined;
  prefer: string | undefined;
}

export interface ODataResponse {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

export interface RouterContext {
  state: LnSimulatorState;
  odataBaseUrl: string;
  pageSize: number;
}

const SUPPORTED_OPTIONS = new Set(['$filter', '$select', '$top', '$skiptoken', '$expand']);

export function routeODataRequest(ctx: RouterContext, req: ODataRequest): ODataResponse {
  const [service, resource, ...rest] = req.segments;
  if (!service || !resource || rest.length > 0) throw new ODataError(404, 'NotFound', `no resource at /${req.segments.join('/')}`);
  const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:\((.*)\))?$/s.exec(resource);
  const set = match ? ctx.state.find(service, match[1] as string) : undefined;
  if (!match || !set) throw new ODataError(404, 'NotFound', `unknown entity set ${service}/${resource}`);
  for (const option of Object.keys(req.query)) {
    if (option.startsWith('$') && !SUPPORTED_OPTIONS.has(option)) throw new ODataError(501, 'NotImplemented', `query option ${option} is not supported`);
  }
  const predicate = match[2];
  if (predicate === undefined) return routeCollection(ctx, set, service, req);
  return routeEntity(ctx, set, parseKeyPredicate(predicate, set), req);
}

function routeCollection(ctx: RouterContext, set: EntitySet, service: string, req: ODataRequest): ODataResponse {
  if (req.method === 'GET') return listCollection(ctx, set, service, req.query);
  if (req.method === 'POST') {
    allow(set, 'POST');
    const created = ctx.state.create(set, requireObject(req.body));
    // A created entity is answered with its children (deep insert), as if expanded.
    const expand = Object.keys(set.def.navigations ?? {});
    return {
      status: 201,
      headers: { ETag: etagOf(created.version), Location: `${ctx.odataBaseUrl}/${service}/${set.def.name}(${keyPredicate(set, created.data)})` },
      body: entityBody(ctx, set, created, undefined, expand),
    };
  }
  throw new ODataError(405, 'MethodNotAllowed', `${req.method} is not allowed on ${set.def.name}`);
}

function routeEntity(ctx: RouterContext, set: EntitySet, key: string, req: ODataRequest): ODataResponse {
  const existing = ctx.state.require(set, key);
  if (req.method === 'GET') {
    const select = parseSelect(set, req.query.$select);
    const expand = parseExpand(set, req.query.$expand);
    return { status: 200, headers: { ETag: etagOf(existing.version) }, body: entityBody(ctx, set, existing, select, expand) };
  }
  if (req.method !== 'PATCH' && req.method !== 'DELETE') throw new ODataError(405, 'MethodNotAllowed', `${req.method} is not allowed on an entity`);
  allow(set, req.method);
  checkIfMatch(req.ifMatch, existing);
  if (req.method === 'DELETE') {
    ctx.state.remove(set, key);
    return { status: 204, headers: {} };
  }
  const updated = ctx.state.patch(set, key, requireObject(req.body));
  const headers = { ETag: etagOf(updated.version) };
  const expand = parseExpand(set, req.query.$expand);
  if (req.prefer?.includes('return=representation')) return { status: 200, headers, body: entityBody(ctx, set, updated, undefined, expand) };
  return { status: 204, headers };
}

function listCollection(ctx: RouterContext, set: EntitySet, service: string, query: Record<string, string>): ODataResponse {
  const filter = parseFilterOption(query.$filter);
  const select = parseSelect(set, query.$select);
  const expand = parseExpand(set, query.$expand);
  const top = parseTop(query.$top);
  const after = query.$skiptoken;
  let matching = set.store.list().filter((e) => after === undefined || set.store.keyOf(e.data) > after);
  matching = matching.filter((e) => filter === undefined || evaluate(filter, e.data));
  const limit = top === undefined ? matching.length : Math.min(top, matching.length);
  const page = matching.slice(0, Math.min(ctx.pageSize, limit));
  const body: EntityData = {
    '@odata.context': `${ctx.odataBaseUrl}/${service}/$metadata#${set.def.name}`,
    value: page.map((e) => projection(ctx, set, e, select, expand)),
  };
  const last = page[page.length - 1];
  if (last && page.length < limit) {
    const next = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (k !== '$skiptoken' && k !== '$top') next.set(k, v);
    if (top !== undefined) next.set('$top', String(top - page.length));
    next.set('$skiptoken', set.store.keyOf(last.data));
    body['@odata.nextLink'] = `${ctx.odataBaseUrl}/${service}/${set.def.name}?${next.toString().replace(/\+/g, '%20')}`;
  }
  return { status: 200, headers: {}, body };
}

function entityBody(ctx: RouterContext, set: EntitySet, stored: StoredEntity, select: string[] | undefined, expand: string[]): EntityData {
  return { '@odata.context': `${ctx.odataBaseUrl}/${set.def.service}/$metadata#${set.def.name}/$entity`, ...projection(ctx, set, stored, select, expand) };
}

function projection(ctx: RouterContext, set: EntitySet, stored: StoredEntity, select: string[] | undefined, expand: string[]): EntityData {
  const full = ctx.state.serialize(stored, { set, navigations: expand });
  if (!select) return full;
  const out: EntityData = { '@odata.etag': full['@odata.etag'] };
  for (const p of [...select, ...expand]) out[p] = full[p];
  return out;
}

/** `$expand=Nav1,Nav2` (navigation properties of the set; nested options are not supported). */
function parseExpand(set: EntitySet, text: string | undefined): string[] {
  if (text === undefined) return [];
  const props = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  const known = Object.keys(set.def.navigations ?? {});
  const unknown = props.filter((p) => !known.includes(p));
  if (unknown.length > 0) throw new ODataError(400, 'InvalidExpand', `$expand: ${set.def.name} has no navigation property ${unknown.join(', ')}`);
  return props;
}

/** The key predicate of an entity: `'K'` for a single key, `A='x',B=1` for a composite one. */
function keyPredicate(set: EntitySet, data: EntityData): string {
  const literal = (v: unknown) => (typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);
  const [only, ...more] = set.def.keyProps;
  if (only === undefined) return `'default'`;
  if (more.length === 0) return literal(data[only]);
  return set.def.keyProps.map((p) => `${p}=${literal(data[p])}`).join(',');
}

function evaluate(filter: FilterNode, data: EntityData): boolean {
  try {
    return evaluateFilter(filter, data);
  } catch (err) {
    throw new ODataError(400, 'InvalidFilter', `$filter: ${(err as Error).message}`);
  }
}

function parseFilterOption(text: string | undefined): FilterNode | undefined {
  if (text === undefined) return undefined;
  try {
    return parseFilter(text);
  } catch (err) {
    if (err instanceof FilterSyntaxError) throw new ODataError(400, 'InvalidFilter', `$filter: ${err.message}`);
    throw err;
  }
}

function parseSelect(set: EntitySet, text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const props = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  const known = Object.keys(set.def.schema.shape);
  const unknown = props.filter((p) => !known.includes(p));
  if (unknown.length > 0) throw new ODataError(400, 'InvalidSelect', `$select: unknown property ${unknown.join(', ')}`);
  return props;
}

function parseTop(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new ODataError(400, 'InvalidTop', `$top must be a non-negative integer`);
  return Number(text);
}

function allow(set: EntitySet, method: 'POST' | 'PATCH' | 'DELETE'): void {
  if (!set.def.methods.includes(method)) throw new ODataError(405, 'MethodNotAllowed', `${method} is not allowed on ${set.def.name}`);
}

function checkIfMatch(ifMatch: string | undefined, existing: StoredEntity): void {
  if (ifMatch === undefined || ifMatch.trim() === '') throw new ODataError(428, 'PreconditionRequired', 'If-Match header is required');
  if (ifMatch.trim() !== '*' && ifMatch.trim() !== etagOf(existing.version)) {
    throw new ODataError(412, 'PreconditionFailed', 'the entity was changed by another user (ETag mismatch)');
  }
}

function requireObject(body: unknown): EntityData {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ODataError(400, 'InvalidInput', 'the request body must be a JSON object');
  return body as EntityData;
}

/** `'K'`, `Name='K'` or `A='x',B=1` → the set's canonical key ("x,1"). */
function parseKeyPredicate(text: string, set: EntitySet): string {
  const parts = splitOutsideQuotes(text);
  const keyProps = set.def.keyProps.length === 0 ? ['default'] : set.def.keyProps;
  const values = new Map<string, string>();
  for (const [i, part] of parts.entries()) {
    const eq = /^([A-Za-z_]\w*)=(.*)$/s.exec(part);
    const name = eq ? (eq[1] as string) : keyProps[i];
    if (name === undefined || (eq && !keyProps.includes(name))) throw new ODataError(400, 'InvalidKey', `bad key predicate (${text})`);
    values.set(name, keyLiteral(eq ? (eq[2] as string) : part, text));
  }
  if (set.def.keyProps.length === 0) return values.get('default') ?? '';
  if (values.size !== keyProps.length) throw new ODataError(400, 'InvalidKey', `key of ${set.def.name} is (${keyProps.join(',')})`);
  return keyProps.map((p) => values.get(p) ?? '').join(',');
}

function keyLiteral(literal: string, whole: string): string {
  const quoted = /^'((?:[^']|'')*)'$/s.exec(literal.trim());
  if (quoted) return (quoted[1] as string).replace(/''/g, "'");
  if (/^-?\d+$/.test(literal.trim())) return literal.trim();
  throw new ODataError(400, 'InvalidKey', `bad key literal in (${whole})`);
}

function splitOutsideQuotes(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let inQuote = false;
  for (const ch of text) {
    if (ch === "'") inQuote = !inQuote;
    if (ch === ',' && !inQuote) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}
