// Parses the OData bits the contacts surface understands: Prefer, $select, $expand of extended properties, $filter.
// Anything outside that subset is answered 400 the way Graph answers an unsupported query.
import { CONTACT_PROPERTIES } from './contact-json';
import { parseExtendedPropertyId } from './extended-property-id';
import type { StoredContact, StoredExtendedProperty } from './graph-mailbox-store';
import { GraphSimError } from './graph-sim-response';

export interface Preferences {
  immutableIds: boolean;
  maxPageSize?: number;
  /** `outlook.timezone="…"` as written by the client. */
  timeZone?: string;
  /** `outlook.body-content-type="text"|"html"` */
  bodyContentType?: 'text' | 'html';
}

/** `Prefer: IdType="ImmutableId", odata.maxpagesize=50, outlook.timezone="…"` (several Prefer headers arrive comma-joined). */
export function parsePrefer(header: string | undefined): Preferences {
  const prefs: Preferences = { immutableIds: false };
  for (const part of (header ?? '').split(',')) {
    const [name = '', rawValue = ''] = part.split('=').map((s) => s.trim());
    const value = rawValue.replace(/^"|"$/g, '');
    if (name.toLowerCase() === 'idtype' && value.toLowerCase() === 'immutableid') prefs.immutableIds = true;
    if (name.toLowerCase() === 'odata.maxpagesize' && /^\d+$/.test(value) && Number(value) > 0) prefs.maxPageSize = Number(value);
    if (name.toLowerCase() === 'outlook.timezone' && value !== '') prefs.timeZone = value;
    if (name.toLowerCase() === 'outlook.body-content-type' && (value.toLowerCase() === 'text' || value.toLowerCase() === 'html')) prefs.bodyContentType = value.toLowerCase() as 'text' | 'html';
  }
  return prefs;
}

const SELECTABLE = new Set<string>(CONTACT_PROPERTIES);

export function parseSelect(raw: string | undefined): string[] | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const names = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const name of names) {
    const known = [...SELECTABLE].find((p) => p.toLowerCase() === name.toLowerCase());
    if (!known) throw new GraphSimError(400, 'RequestBroker--ParseUri', `Could not find a property named '${name}' on type 'microsoft.graph.contact'.`);
  }
  return names.map((n) => [...SELECTABLE].find((p) => p.toLowerCase() === n.toLowerCase()) ?? n);
}

/** `singleValueExtendedProperties($filter=id eq '…' or id eq '…')` → set of property lookup keys. */
export function parseExpand(raw: string | undefined): Set<string> | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const m = /^singleValueExtendedProperties\(\$filter=(.*)\)$/i.exec(raw.trim());
  if (!m) throw new GraphSimError(400, 'BadRequest', `Parsing OData Select and Expand failed: Could not find a property named '${raw.split('(')[0]}' on type 'microsoft.graph.contact' that can be expanded.`);
  const keys = new Set<string>();
  for (const clause of splitTopLevel(m[1] ?? '', 'or')) {
    const idMatch = /^id eq '((?:[^']|'')*)'$/i.exec(clause);
    const parsed = idMatch ? parseExtendedPropertyId(unquote(idMatch[1] ?? '')) : undefined;
    if (!parsed) throw new GraphSimError(400, 'ErrorInvalidUrlQueryFilter', `The filter expression '${clause}' is not supported for extended properties.`);
    keys.add(parsed.key);
  }
  return keys;
}

export type ContactPredicate = (contact: StoredContact) => boolean;

/** A conjunction of: ext-property any(), emailAddresses/any(a: a/address eq '…'), `<property> eq '…'`. */
export function parseContactFilter(raw: string | undefined): ContactPredicate | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const clauses = splitTopLevel(raw.trim(), 'and').map(parseContactClause);
  return (c) => clauses.every((p) => p(c));
}

/** `displayName eq '…'` on folders (Exchange compares strings without regard to case). */
export function parseDisplayNameFilter(raw: string | undefined): ((name: string) => boolean) | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const m = /^displayName eq '((?:[^']|'')*)'$/i.exec(raw.trim());
  if (!m) throw new GraphSimError(400, 'ErrorInvalidUrlQueryFilter', `The query filter '${raw}' is not supported.`);
  const wanted = unquote(m[1] ?? '').toLowerCase();
  return (name) => name.toLowerCase() === wanted;
}

function parseContactClause(clause: string): ContactPredicate {
  const ext = /^singleValueExtendedProperties\/any\((\w+):\s*(.*)\)$/i.exec(clause);
  if (ext) return parseExtendedPropertyAny(ext[1] ?? '', ext[2] ?? '');
  const email = /^emailAddresses\/any\((\w+):\s*\1\/address eq '((?:[^']|'')*)'\)$/i.exec(clause);
  if (email) {
    const wanted = unquote(email[2] ?? '').toLowerCase();
    return (c) => ((c.props['emailAddresses'] as Array<{ address?: string | null }> | undefined) ?? []).some((e) => (e.address ?? '').toLowerCase() === wanted);
  }
  const eq = /^(\w+) eq '((?:[^']|'')*)'$/.exec(clause);
  if (eq && SELECTABLE.has(eq[1] ?? '')) {
    const name = eq[1] ?? '';
    const wanted = unquote(eq[2] ?? '').toLowerCase();
    return (c) => {
      const value = name === 'parentFolderId' ? c.folderId : c.props[name];
      return typeof value === 'string' && value.toLowerCase() === wanted;
    };
  }
  throw new GraphSimError(400, 'ErrorInvalidUrlQueryFilter', `The query filter '${clause}' is not supported.`);
}

/** `singleValueExtendedProperties/any(ep: ep/id eq '…' [and ep/value eq '…'])` on anything that carries extended properties. */
export function parseExtendedPropertyAny(variable: string, body: string): (item: { extendedProperties: Map<string, StoredExtendedProperty> }) => boolean {
  const parts = splitTopLevel(body, 'and');
  const idPart = new RegExp(`^${variable}/id eq '((?:[^']|'')*)'$`, 'i').exec(parts[0] ?? '');
  const parsed = idPart ? parseExtendedPropertyId(unquote(idPart[1] ?? '')) : undefined;
  if (!parsed) throw new GraphSimError(400, 'ErrorInvalidUrlQueryFilter', `The extended property filter '${body}' is not supported.`);
  let valueTest: (v: string) => boolean = () => true;
  if (parts.length === 2) {
    const valuePart = new RegExp(`^${variable}/value eq '((?:[^']|'')*)'$`, 'i').exec(parts[1] ?? '');
    if (!valuePart) throw new GraphSimError(400, 'ErrorInvalidUrlQueryFilter', `The extended property filter '${body}' is not supported.`);
    const wanted = unquote(valuePart[1] ?? '').toLowerCase();
    valueTest = (v) => v.toLowerCase() === wanted;
  } else if (parts.length > 2) {
    throw new GraphSimError(400, 'ErrorInvalidUrlQueryFilter', `The extended property filter '${body}' is not supported.`);
  }
  return (c) => {
    const prop = c.extendedProperties.get(parsed.key);
    return prop !== undefined && valueTest(prop.value);
  };
}

/** Splits on a keyword (` and `, ` or `) outside parentheses and string literals. */
export function splitTopLevel(text: string, keyword: 'and' | 'or'): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  const token = ` ${keyword} `;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'") inString = !inString;
    else if (!inString && ch === '(') depth++;
    else if (!inString && ch === ')') depth--;
    else if (!inString && depth === 0 && text.slice(i, i + token.length).toLowerCase() === token) {
      parts.push(text.slice(start, i).trim());
      start = i + token.length;
      i += token.length - 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}

export function unquote(literal: string): string {
  return literal.replace(/''/g, "'");
}
