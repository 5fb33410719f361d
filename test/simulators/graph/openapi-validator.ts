// Checks Graph request and response bodies against Microsoft's OpenAPI descriptions in test/reference/graph-openapi/.
// Finds the operation by path template, translates the OpenAPI 3.0 schemas to JSON Schema and validates them with ajv.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

export const DEFAULT_GRAPH_OPENAPI_FILES = ['PersonalContacts.yml', 'Calendar.yml', 'ChangeNotifications.yml'];

export interface RequestToValidate {
  method: string;
  /** `/users/x/contacts`, `/v1.0/users/x/contacts?$select=…` or an absolute URL. */
  path: string;
  body?: unknown;
}

export interface ResponseToValidate extends RequestToValidate {
  status: number;
}

export interface OperationMatch {
  file: string;
  template: string;
  method: string;
  operationId?: string;
}

export interface GraphOpenApi {
  /** Readable problems with the request body; [] when it conforms or the operation has no schema to check. */
  validateRequest(request: RequestToValidate): string[];
  validateResponse(response: ResponseToValidate): string[];
  /** A POST Graph sends to a notificationUrl or lifecycleNotificationUrl (changeNotificationCollection; hand-written schema). */
  validateNotification(body: unknown): string[];
  findOperation(method: string, path: string): OperationMatch | undefined;
}

export interface LoadOptions {
  /** Folder of the .yml files (default: test/reference/graph-openapi of this repository). */
  directory?: string;
  /** Reject properties a schema does not declare (instance annotations containing `@` are always allowed). Default true. */
  rejectUnknownProperties?: boolean;
}

type Json = Record<string, unknown>;

interface Operation extends OperationMatch {
  segments: string[];
  requestBody?: { required: boolean; schema?: unknown };
  responses: Record<string, { schema?: unknown; hasContent: boolean }>;
}

let current: GraphOpenApi | undefined;

/** Loads the named description files (all three by default) and makes them the ones the module-level functions use. */
export function loadGraphOpenApi(fileNames: string[] = DEFAULT_GRAPH_OPENAPI_FILES, options: LoadOptions = {}): GraphOpenApi {
  const directory = options.directory ?? defaultDirectory();
  const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, validateSchema: false });
  addFormats(ajv);
  const operations: Operation[] = [];
  const schemaIds = new Map<string, string>();
  for (const fileName of fileNames) {
    const path = isAbsolute(fileName) ? fileName : join(directory, fileName);
    const doc = parse(readFileSync(path, 'utf8')) as Json;
    const fileId = `graph-openapi:${fileName.replace(/^.*[\\/]/, '')}`;
    schemaIds.set(fileId.slice('graph-openapi:'.length), fileId);
    registerUnknownFormats(ajv, doc);
    ajv.addSchema({ $id: fileId, definitions: convertComponents(doc, fileId, options.rejectUnknownProperties ?? true) });
    operations.push(...readOperations(doc, fileId, options.rejectUnknownProperties ?? true));
  }
  const compiled = new Map<unknown, ValidateFunction>();
  const compile = (schema: unknown): ValidateFunction => {
    let fn = compiled.get(schema);
    if (!fn) {
      fn = ajv.compile(schema as object);
      compiled.set(schema, fn);
    }
    return fn;
  };
  const api = createApi(operations, compile, schemaIds);
  current = api;
  return api;
}

export function validateRequest(request: RequestToValidate): string[] {
  return (current ?? loadGraphOpenApi()).validateRequest(request);
}

export function validateResponse(response: ResponseToValidate): string[] {
  return (current ?? loadGraphOpenApi()).validateResponse(response);
}

export function validateNotification(body: unknown): string[] {
  return (current ?? loadGraphOpenApi()).validateNotification(body);
}

function createApi(operations: Operation[], compile: (s: unknown) => ValidateFunction, schemaIds: Map<string, string>): GraphOpenApi {
  const find = (method: string, path: string): Operation | undefined => matchOperation(operations, method.toUpperCase(), pathSegments(path));
  return {
    findOperation: (method, path) => {
      const op = find(method, path);
      return op ? { file: op.file, template: op.template, method: op.method, ...(op.operationId ? { operationId: op.operationId } : {}) } : undefined;
    },
    validateRequest: ({ method, path, body }) => {
      const segments = pathSegments(path);
      const special = undescribed(segments, schemaIds);
      if (special) return special.request ? check(compile(special.request), body, `${method} ${path} request body`) : [];
      const op = find(method, path);
      if (!op) return [noOperation(method, path, operations, segments)];
      const label = `${op.operationId ?? op.template} request body`;
      if (!op.requestBody) return isEmpty(body) ? [] : [`${label}: the operation takes no body, got ${JSON.stringify(body).slice(0, 80)}`];
      if (isEmpty(body)) return op.requestBody.required ? [`${label}: a body is required`] : [];
      return op.requestBody.schema ? check(compile(op.requestBody.schema), body, label) : [];
    },
    validateResponse: ({ method, path, status, body }) => {
      const segments = pathSegments(path);
      const special = undescribed(segments, schemaIds);
      if (special) {
        const schema = status >= 400 ? special.error : special.response;
        return schema ? check(compile(schema), body, `${method} ${path} response ${status}`) : [];
      }
      const op = find(method, path);
      if (!op) return [noOperation(method, path, operations, segments)];
      const label = `${op.operationId ?? op.template} response ${status}`;
      const corrected = correctedResponse(op, status, schemaIds);
      if (corrected) return check(compile(corrected), body, label);
      // `default` describes errors only; a success status the description lacks is reported as such.
      const response = op.responses[String(status)] ?? op.responses[`${String(status)[0]}XX`] ?? (status >= 400 ? op.responses['default'] : undefined);
      if (!response) return [`${label}: status ${status} is not described`];
      if (!response.hasContent) return isEmpty(body) ? [] : [`${label}: no body is described, got ${JSON.stringify(body).slice(0, 80)}`];
      return response.schema ? check(compile(response.schema), body, label) : [];
    },
    validateNotification: (body) => check(compile(CHANGE_NOTIFICATION_COLLECTION_SCHEMA), body, 'change notification'),
  };
}

/**
 * Where a stored description is known to be wrong. ChangeNotifications.yml (older generator output) gives PATCH
 * /subscriptions/{id} only a `204`; Graph answers `200` with the renewed subscription (subscription-update documentation).
 */
function correctedResponse(op: Operation, status: number, schemaIds: Map<string, string>): unknown {
  const file = schemaIds.get('ChangeNotifications.yml');
  if (file && op.file === 'ChangeNotifications.yml' && op.method === 'PATCH' && op.template === '/subscriptions/{subscription-id}' && status === 200) {
    return { $ref: `${file}#/definitions/microsoft.graph.subscription` };
  }
  return undefined;
}

/**
 * Hand-written from the changeNotificationCollection / changeNotification / resourceData documentation (not in the kept files):
 * a change notification carries changeType, resource and resourceData; a lifecycle notification carries lifecycleEvent instead.
 */
const CHANGE_NOTIFICATION_SCHEMA = {
  type: 'object',
  required: ['subscriptionId', 'subscriptionExpirationDateTime', 'tenantId'],
  additionalProperties: false,
  properties: {
    id: { type: ['string', 'null'] },
    subscriptionId: { type: 'string', format: 'uuid' },
    subscriptionExpirationDateTime: { type: 'string', format: 'date-time' },
    tenantId: { type: 'string', format: 'uuid' },
    clientState: { type: ['string', 'null'], maxLength: 255 },
    changeType: { enum: ['created', 'updated', 'deleted'] },
    lifecycleEvent: { enum: ['subscriptionRemoved', 'missed', 'reauthorizationRequired'] },
    resource: { type: 'string', minLength: 1 },
    resourceData: {
      type: 'object',
      required: ['@odata.type', '@odata.id', 'id'],
      properties: { '@odata.type': { type: 'string', pattern: '^#' }, '@odata.id': { type: 'string' }, '@odata.etag': { type: 'string' }, id: { type: 'string', minLength: 1 } },
    },
    encryptedContent: { type: ['object', 'null'] },
  },
  oneOf: [
    { required: ['changeType', 'resource'], not: { required: ['lifecycleEvent'] } },
    { required: ['lifecycleEvent'], not: { anyOf: [{ required: ['changeType'] }, { required: ['resourceData'] }] } },
  ],
};
const CHANGE_NOTIFICATION_COLLECTION_SCHEMA = {
  type: 'object',
  required: ['value'],
  additionalProperties: false,
  properties: { value: { type: 'array', minItems: 1, items: CHANGE_NOTIFICATION_SCHEMA }, validationTokens: { type: 'array', items: { type: 'string' } } },
};

// ---- Operations the files do not describe -------------------------------------------------------------------
// The files carry no delta functions, no $batch, no /users/{id}, no mailFolders, no event actions and no mailboxSettings. Those are checked against the
// closest described shape (delta pages are documented as contact/event collections), with a hand-written envelope
// schema for $batch (not Microsoft's), or skipped when nothing fits (/users/{id}, mailFolders).

interface UndescribedChecks {
  request?: unknown;
  response?: unknown;
  error?: unknown;
}

function undescribed(segments: string[], schemaIds: Map<string, string>): UndescribedChecks | undefined {
  const lower = segments.map((s) => s.toLowerCase());
  const errorRef = (file: string): unknown => (schemaIds.has(file) ? { $ref: `${schemaIds.get(file)}#/definitions/microsoft.graph.ODataErrors.ODataError` } : undefined);
  if (lower.length === 1 && lower[0] === '$batch') return { request: BATCH_REQUEST_SCHEMA, response: BATCH_RESPONSE_SCHEMA, error: errorRef('PersonalContacts.yml') };
  const last = lower[lower.length - 1];
  if (last === 'delta' || last === 'microsoft.graph.delta()') {
    const collection = lower[lower.length - 2];
    if (collection === 'contacts' && schemaIds.has('PersonalContacts.yml')) {
      return { response: { $ref: `${schemaIds.get('PersonalContacts.yml')}#/definitions/microsoft.graph.contactCollectionResponse` }, error: errorRef('PersonalContacts.yml') };
    }
    if ((collection === 'events' || collection === 'calendarview') && schemaIds.has('Calendar.yml')) {
      return { response: { $ref: `${schemaIds.get('Calendar.yml')}#/definitions/microsoft.graph.eventCollectionResponse` }, error: errorRef('Calendar.yml') };
    }
    return {};
  }
  if (lower[0] === 'users' && (lower.length === 2 || lower[2] === 'mailfolders')) return {};
  // POST /subscriptions/{id}/reauthorize (no body, 204) is not in the kept ChangeNotifications.yml.
  if (lower[0] === 'subscriptions' && lower.length === 3 && last === 'reauthorize') {
    return schemaIds.has('ChangeNotifications.yml') ? { error: { $ref: `${schemaIds.get('ChangeNotifications.yml')}#/definitions/odata.error` } } : {};
  }
  // Event actions live in Users.Actions.yml and mailboxSettings in Users.yml, which are not kept here.
  const action = EVENT_ACTION_BODIES[last ?? ''];
  if (action && lower[0] === 'users' && lower.includes('events')) return { request: action, error: errorRef('Calendar.yml') };
  if (lower[0] === 'users' && lower[2] === 'mailboxsettings') return { response: MAILBOX_SETTINGS_SCHEMA, error: errorRef('Calendar.yml') };
  return undefined;
}

/** Hand-written from the action documentation (event: cancel, accept, tentativelyAccept, decline); not Microsoft's files. */
const RESPONSE_ACTION_BODY = {
  type: 'object', additionalProperties: false,
  properties: { comment: { type: ['string', 'null'] }, sendResponse: { type: ['boolean', 'null'] }, proposedNewTime: { type: ['object', 'null'] } },
};
const EVENT_ACTION_BODIES: Record<string, unknown> = {
  cancel: { type: 'object', additionalProperties: false, properties: { comment: { type: ['string', 'null'] } } },
  accept: RESPONSE_ACTION_BODY,
  tentativelyaccept: RESPONSE_ACTION_BODY,
  decline: RESPONSE_ACTION_BODY,
};

/** Hand-written from the mailboxSettings resource documentation (the properties the simulator answers). */
const MAILBOX_SETTINGS_SCHEMA = {
  type: 'object',
  required: ['timeZone'],
  properties: {
    timeZone: { type: 'string' }, archiveFolder: { type: 'string' }, dateFormat: { type: 'string' }, timeFormat: { type: 'string' },
    delegateMeetingMessageDeliveryOptions: { enum: ['sendToDelegateAndInformationToPrincipal', 'sendToDelegateAndPrincipal', 'sendToDelegateOnly'] },
    userPurpose: { type: 'string' }, language: { type: 'object' }, workingHours: { type: 'object' }, automaticRepliesSetting: { type: 'object' },
  },
  patternProperties: { '@': {} },
  additionalProperties: false,
};

const BATCH_REQUEST_SCHEMA = {
  type: 'object',
  required: ['requests'],
  additionalProperties: false,
  properties: {
    requests: {
      type: 'array', minItems: 1, maxItems: 20,
      items: {
        type: 'object', required: ['id', 'method', 'url'], additionalProperties: false,
        properties: {
          id: { type: 'string', minLength: 1 },
          method: { enum: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'get', 'post', 'patch', 'put', 'delete'] },
          url: { type: 'string', pattern: '^(?!https?:)' },
          headers: { type: 'object', additionalProperties: { type: 'string' } },
          body: {},
          dependsOn: { type: 'array', items: { type: 'string' } },
        },
        if: { properties: { method: { enum: ['POST', 'PATCH', 'PUT', 'post', 'patch', 'put'] } } },
        then: { required: ['body', 'headers'] },
      },
    },
  },
};

const BATCH_RESPONSE_SCHEMA = {
  type: 'object',
  required: ['responses'],
  properties: {
    responses: {
      type: 'array',
      items: { type: 'object', required: ['id', 'status'], properties: { id: { type: 'string' }, status: { type: 'integer' }, headers: { type: 'object' }, body: {} } },
    },
    '@odata.nextLink': { type: 'string' },
  },
};

// ---- Reading the description files ------------------------------------------------------------------------

function readOperations(doc: Json, fileId: string, strict: boolean): Operation[] {
  const paths = (doc['paths'] ?? {}) as Record<string, Json>;
  const components = (doc['components'] ?? {}) as Json;
  const file = fileId.slice('graph-openapi:'.length);
  const ops: Operation[] = [];
  for (const [template, item] of Object.entries(paths)) {
    for (const method of ['get', 'post', 'patch', 'put', 'delete']) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      ops.push({
        file, template, method: method.toUpperCase(), segments: template.split('/').filter(Boolean),
        ...(typeof op['operationId'] === 'string' ? { operationId: op['operationId'] } : {}),
        ...requestBodyOf(op, components, fileId, strict),
        responses: responsesOf(op, components, fileId, strict),
      });
    }
  }
  return ops;
}

function requestBodyOf(op: Json, components: Json, fileId: string, strict: boolean): Pick<Operation, 'requestBody'> {
  const body = resolveComponentRef(op['requestBody'], components) as Json | undefined;
  if (!body) return {};
  const schema = jsonSchemaOf(body, fileId, strict);
  return { requestBody: { required: body['required'] === true, ...(schema !== undefined ? { schema } : {}) } };
}

function responsesOf(op: Json, components: Json, fileId: string, strict: boolean): Operation['responses'] {
  const out: Operation['responses'] = {};
  for (const [key, raw] of Object.entries((op['responses'] ?? {}) as Json)) {
    const response = resolveComponentRef(raw, components) as Json;
    const schema = jsonSchemaOf(response, fileId, strict);
    out[key.toUpperCase() === '2XX' ? '2XX' : key] = { hasContent: response['content'] !== undefined, ...(schema !== undefined ? { schema } : {}) };
  }
  return out;
}

/** The application/json schema of a requestBody/response (text/plain $count answers are not checked). */
function jsonSchemaOf(holder: Json, fileId: string, strict: boolean): unknown {
  const content = holder['content'] as Record<string, Json> | undefined;
  const json = content?.['application/json'];
  if (!json?.['schema']) return undefined;
  return convert(json['schema'], fileId, strict);
}

function resolveComponentRef(node: unknown, components: Json): unknown {
  if (node && typeof node === 'object' && typeof (node as Json)['$ref'] === 'string') {
    const [, section = '', name = ''] = /^#\/components\/([^/]+)\/(.+)$/.exec((node as Json)['$ref'] as string) ?? [];
    return ((components[section] ?? {}) as Json)[name];
  }
  return node;
}

function registerUnknownFormats(ajv: Ajv, doc: Json): void {
  const formats = new Set<string>();
  JSON.stringify(doc, (key, value: unknown) => {
    if (key === 'format' && typeof value === 'string') formats.add(value);
    return value;
  });
  // Formats ajv-formats does not define (int32, double, binary, …) are accepted without checks.
  for (const format of formats) if (!ajv.formats[format]) ajv.addFormat(format, true);
}

// ---- OpenAPI 3.0 schema → JSON Schema --------------------------------------------------------------------

function convertComponents(doc: Json, fileId: string, strict: boolean): Record<string, unknown> {
  const schemas = (((doc['components'] ?? {}) as Json)['schemas'] ?? {}) as Record<string, unknown>;
  const flat = new Map<string, Json>();
  const flatten = (name: string): Json => {
    const done = flat.get(name);
    if (done) return done;
    const result = flattenAllOf(schemas[name] as Json, schemas, flatten);
    flat.set(name, result);
    return result;
  };
  return Object.fromEntries(Object.keys(schemas).map((name) => [name, convert(withInnerError(name, flatten(name)), fileId, strict)]));
}

/** The older error schema (`odata.error.main`, ChangeNotifications.yml) spells `innererror`; Graph answers, like the newer files, with `innerError`. */
function withInnerError(name: string, schema: Json): Json {
  const properties = schema['properties'] as Json | undefined;
  if (name !== 'odata.error.main' || !properties || 'innerError' in properties) return schema;
  return { ...schema, properties: { ...properties, innerError: properties['innererror'] ?? { type: 'object' } } };
}

/** Merges `allOf: [$ref base, {properties}]` into one object so that unknown properties can be rejected. */
function flattenAllOf(schema: Json, schemas: Record<string, unknown>, flatten: (name: string) => Json): Json {
  const parts = schema['allOf'] as Json[] | undefined;
  if (!parts) return schema;
  const merged: Json = { type: 'object', properties: {}, required: [] };
  for (const part of parts) {
    const ref = typeof part['$ref'] === 'string' ? /^#\/components\/schemas\/(.+)$/.exec(part['$ref'])?.[1] : undefined;
    const resolved = ref ? flatten(ref) : flattenAllOf(part, schemas, flatten);
    Object.assign(merged['properties'] as Json, resolved['properties'] ?? {});
    (merged['required'] as string[]).push(...((resolved['required'] as string[] | undefined) ?? []));
  }
  for (const [key, value] of Object.entries(schema)) if (key !== 'allOf' && key !== 'properties' && key !== 'required') merged[key] = value;
  if ((merged['required'] as string[]).length === 0) delete merged['required'];
  return merged;
}

const DROPPED_KEYS = new Set(['nullable', 'description', 'example', 'title', 'discriminator', 'xml', 'externalDocs', 'readOnly', 'writeOnly', 'deprecated']);

/** Translates one OpenAPI schema node: `$ref`s into this file's definitions, `nullable`, and open/closed objects. */
function convert(node: unknown, fileId: string, strict: boolean): unknown {
  if (Array.isArray(node)) return node.map((n) => convert(n, fileId, strict));
  if (!node || typeof node !== 'object') return node;
  const schema = node as Json;
  if (typeof schema['$ref'] === 'string') {
    const name = /^#\/components\/schemas\/(.+)$/.exec(schema['$ref'])?.[1];
    return name ? { $ref: `${fileId}#/definitions/${name}` } : {};
  }
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROPPED_KEYS.has(key) || key.startsWith('x-ms-')) continue;
    if (key === 'properties') out[key] = Object.fromEntries(Object.entries(value as Json).map(([p, s]) => [p, property(s, fileId, strict)]));
    else if (key === 'items' || key === 'allOf' || key === 'anyOf' || key === 'oneOf' || key === 'not') out[key] = convert(value, fileId, strict);
    else if (key === 'additionalProperties') continue;
    else out[key] = value;
  }
  // The generator writes `additionalProperties: {type: object}` on every type, meaning "open"; it is not a real rule.
  if (out['properties'] !== undefined && strict) {
    out['additionalProperties'] = false;
    out['patternProperties'] = { '@': {} };
  }
  if (schema['nullable'] === true) return nullable(out);
  return out;
}

/** A property that is a bare `$ref` (complex or enum type) may be null in real answers (e.g. `"recurrence": null`). */
function property(schema: unknown, fileId: string, strict: boolean): unknown {
  const converted = convert(schema, fileId, strict) as Json;
  return converted['$ref'] !== undefined ? { anyOf: [converted, { type: 'null' }] } : converted;
}

function nullable(schema: Json): Json {
  if (typeof schema['type'] === 'string') {
    const out: Json = { ...schema, type: [schema['type'], 'null'] };
    if (Array.isArray(schema['enum'])) out['enum'] = [...(schema['enum'] as unknown[]), null];
    return out;
  }
  return { anyOf: [schema, { type: 'null' }] };
}

// ---- Matching and reporting ------------------------------------------------------------------------------

function pathSegments(path: string): string[] {
  const withoutOrigin = path.replace(/^https?:\/\/[^/]+/i, '');
  const pathOnly = withoutOrigin.split('?')[0] ?? '';
  const segments = pathOnly.split('/').filter(Boolean).map(decodeSegment);
  return segments[0]?.toLowerCase() === 'v1.0' ? segments.slice(1) : segments;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function matchOperation(operations: Operation[], method: string, segments: string[]): Operation | undefined {
  let best: { op: Operation; score: number } | undefined;
  for (const op of operations) {
    if (op.method !== method || op.segments.length !== segments.length) continue;
    let score = 0;
    const fits = op.segments.every((t, i) => {
      if (/^\{.+\}$/.test(t)) return true;
      score++;
      return t.toLowerCase() === segments[i]?.toLowerCase();
    });
    if (fits && (!best || score > best.score)) best = { op, score };
  }
  return best?.op;
}

function noOperation(method: string, path: string, operations: Operation[], segments: string[]): string {
  const other = operations.find((op) => op.segments.length === segments.length && matchOperation([{ ...op, method: method.toUpperCase() }], method.toUpperCase(), segments));
  return other ? `${method} ${path}: ${other.template} does not describe ${method}` : `${method} ${path}: no operation in the loaded descriptions matches this path`;
}

function check(validate: ValidateFunction, body: unknown, label: string): string[] {
  if (validate(body)) return [];
  const messages = (validate.errors ?? []).filter(isUseful).map((e) => `${label} ${e.instancePath || '(root)'}: ${describe(e)}`);
  return [...new Set(messages.length > 0 ? messages : [`${label}: does not match the schema`])];
}

/** Drops the noise of `anyOf [X, null]` alternatives (the "must be null" branch, the anyOf summary) and if/then summaries. */
function isUseful(error: ErrorObject): boolean {
  if (error.keyword === 'anyOf' || error.keyword === 'if') return false;
  return !(error.keyword === 'type' && (error.params as { type?: unknown }).type === 'null');
}

function describe(error: ErrorObject): string {
  if (error.keyword === 'additionalProperties') return `unknown property '${(error.params as { additionalProperty: string }).additionalProperty}'`;
  return error.message ?? error.keyword;
}

function isEmpty(body: unknown): boolean {
  return body === undefined || body === null || body === '';
}

function defaultDirectory(): string {
  const candidates = [resolve(__dirname, '../../reference/graph-openapi'), resolve(__dirname, '../../../../test/reference/graph-openapi')];
  return candidates.find((dir) => existsSync(join(dir, 'PersonalContacts.yml'))) ?? candidates[0] ?? '.';
}
