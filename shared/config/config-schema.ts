// One zod schema over the environment (env merged with local.settings.json Values) producing the typed AppConfig.
// Field rules name their variable; cross-field rules (LN auth source, storage target) run once the fields are valid.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { ionapiLnBaseUrl, ionapiTokenUrl, parseIonapi, type Ionapi } from './ionapi';

export type LnAuthConfig =
  | { kind: 'oauth'; source: 'LN_IONAPI_FILE' | 'LN_IONAPI_JSON' | 'fields'; tokenUrl: string; clientId: string; clientSecret: string; username: string; password: string }
  | { kind: 'static'; token: string };

export interface AppConfig {
  ln: {
    company: string;
    baseUrl: string;
    auth: LnAuthConfig;
    services: { contact: string; businessPartner: string; activity: string; employee: string; exchangeSync: string };
    /** Entity-set names that differ from ln-api.md's defaults. */
    entitySets: Partial<Record<LnEntitySetKey, string>>;
    webhookSecret?: string;
    /** A repeated LN notification re-runs its jobs this long after it arrived (B-N3/B-N4). */
    webhookRepeatDelaySeconds: number;
  };
  /** Without staticToken, Graph tokens come from DefaultAzureCredential (AZURE_* variables or managed identity). */
  graph: { baseUrl: string; staticToken?: string };
  state: { connectionString?: string; tableEndpoint?: string; tablePrefix: string };
  sync: {
    folderName: string;
    contactDirection: 'two-way' | 'ln-to-exchange';
    conflictPolicy: 'latest-wins' | 'ln-wins' | 'exchange-wins';
    massDeleteMaxShare: number;
    massDeleteMinCount: number;
    calendarHorizonDays: number;
    fullReconcileHours: number;
  };
  queue: { fullyQualifiedNamespace?: string; connectionString?: string; name: string };
  adminToken?: string;
  /** Push (B-N1): the app's public base URL, where Graph and LN send notifications (`{base}/api/graph/notifications`). */
  push: { publicBaseUrl?: string };
  port: number;
}

const optionalText = z.string().optional();

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

const httpUrl = z
  .string()
  .refine(isHttpUrl, 'must be an http(s) URL')
  .transform((url) => url.replace(/\/+$/, ''));

function numberVar(rule: { fallback: number; min: number; max: number; integer: boolean }) {
  const kind = rule.integer ? 'a whole number' : 'a number';
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined) return rule.fallback;
      const value = Number(raw.trim());
      const valid = raw.trim() !== '' && Number.isFinite(value) && (!rule.integer || Number.isInteger(value)) && value >= rule.min && value <= rule.max;
      if (valid) return value;
      ctx.addIssue({ code: 'custom', message: `must be ${kind} from ${rule.min} to ${rule.max}` });
      return z.NEVER;
    });
}

function choice<const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) {
  return z.enum(values, { error: `must be one of ${values.join(', ')}` }).default(fallback);
}

export const LN_ENTITY_SET_KEYS = [
  'contacts', 'deletedContacts', 'languages', 'countries', 'businessPartners', 'activities', 'attendees', 'deletedActivities', 'employees', 'settings', 'users',
] as const;
export type LnEntitySetKey = (typeof LN_ENTITY_SET_KEYS)[number];
const entitySetName = z.string().regex(/^[A-Za-z_]\w*$/, 'must be an entity-set name');
const entitySetsVar = z
  .string()
  .optional()
  .transform((raw, ctx) => {
    if (raw === undefined) return {};
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object such as {"contacts":"Contacts"}' });
      return z.NEVER;
    }
    const parsed = z.partialRecord(z.enum(LN_ENTITY_SET_KEYS), entitySetName).safeParse(json);
    if (parsed.success) return parsed.data;
    ctx.addIssue({ code: 'custom', message: `must map ${LN_ENTITY_SET_KEYS.join(', ')} to entity-set names (${parsed.error.issues.map((i) => i.path.join('.') || i.message).join(', ')})` });
    return z.NEVER;
  });

const serviceName = (fallback: string) =>
  z.string().regex(/^[A-Za-z][\w.]*$/, 'must be an LN service name such as tcapi.comContact').default(fallback);

const fieldsSchema = z.object({
  LN_COMPANY: z.string({ error: 'is required' }).regex(/^\d+$/, 'must be the LN company number (digits only)'),
  LN_BASE_URL: httpUrl.optional(),
  LN_IONAPI_FILE: optionalText,
  LN_IONAPI_JSON: optionalText,
  LN_TOKEN_URL: httpUrl.optional(),
  LN_CLIENT_ID: optionalText,
  LN_CLIENT_SECRET: optionalText,
  LN_USERNAME: optionalText,
  LN_PASSWORD: optionalText,
  LN_STATIC_TOKEN: optionalText,
  LN_CONTACT_SERVICE: serviceName('tcapi.comContact'),
  LN_BUSINESS_PARTNER_SERVICE: serviceName('tcapi.comBusinessPartner'),
  LN_ACTIVITY_SERVICE: serviceName('tcapi.comActivity'),
  LN_EMPLOYEE_SERVICE: serviceName('tcapi.comEmployee'),
  LN_EXCHANGE_SYNC_SERVICE: serviceName('ttapi.aadExchangeSync'),
  LN_ENTITY_SETS: entitySetsVar,
  LN_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters when set').optional(),
  LN_WEBHOOK_REPEAT_DELAY_SECONDS: numberVar({ fallback: 5, min: 1, max: 300, integer: true }),
  PUBLIC_BASE_URL: httpUrl.optional(),
  GRAPH_BASE_URL: httpUrl.default('https://graph.microsoft.com/v1.0'),
  GRAPH_STATIC_TOKEN: optionalText,
  SYNC_STATE_CONNECTION_STRING: optionalText,
  SYNC_STATE_TABLE_ENDPOINT: httpUrl.optional(),
  // Table names must start with a letter and stay within 63 characters once the base name is added.
  SYNC_TABLE_PREFIX: z.string().regex(/^([A-Za-z][A-Za-z0-9]{0,39})?$/, 'must be letters and digits only, start with a letter, at most 40 characters').default(''),
  SYNC_FOLDER_NAME: z.string().trim().min(1, 'must not be blank').max(255, 'must be at most 255 characters').default('LN Contacts'),
  CONTACT_SYNC_DIRECTION: choice(['two-way', 'ln-to-exchange'], 'two-way'),
  CONFLICT_POLICY: choice(['latest-wins', 'ln-wins', 'exchange-wins'], 'latest-wins'),
  MASS_DELETE_MAX_SHARE: numberVar({ fallback: 0.2, min: 0, max: 1, integer: false }),
  MASS_DELETE_MIN_COUNT: numberVar({ fallback: 10, min: 0, max: 1_000_000, integer: true }),
  CALENDAR_HORIZON_DAYS: numberVar({ fallback: 365, min: 1, max: 3650, integer: true }),
  FULL_RECONCILE_HOURS: numberVar({ fallback: 24, min: 1, max: 8760, integer: true }),
  SERVICE_BUS_FULLY_QUALIFIED_NAMESPACE: optionalText,
  SERVICE_BUS_CONNECTION_STRING: optionalText,
  SYNC_QUEUE_NAME: z.string().regex(/^[A-Za-z0-9][\w.-]{0,259}$/, 'must be a Service Bus queue name (letters, digits, . - _)').default('sync-jobs'),
  ADMIN_TOKEN: z.string().min(24, 'must be at least 24 characters when set').optional(),
  PORT: numberVar({ fallback: 7071, min: 1, max: 65535, integer: true }),
});

type Fields = z.output<typeof fieldsSchema>;
type Ctx = z.RefinementCtx;

const OAUTH_FIELDS = ['LN_TOKEN_URL', 'LN_CLIENT_ID', 'LN_CLIENT_SECRET', 'LN_USERNAME', 'LN_PASSWORD'] as const;
const AUTH_CHOICES = `LN_IONAPI_FILE, LN_IONAPI_JSON, all of ${OAUTH_FIELDS.join('+')}, or LN_STATIC_TOKEN`;

function fail(ctx: Ctx, message: string, variable?: string): undefined {
  ctx.addIssue({ code: 'custom', message, path: variable === undefined ? [] : [variable] });
  return undefined;
}

function readIonapi(f: Fields, ctx: Ctx, source: 'LN_IONAPI_FILE' | 'LN_IONAPI_JSON'): Ionapi | undefined {
  let text: string;
  if (source === 'LN_IONAPI_FILE') {
    const path = resolve(f.LN_IONAPI_FILE ?? '');
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      return fail(ctx, `cannot read the .ionapi file '${path}' (${(err as NodeJS.ErrnoException).code ?? 'error'})`, source);
    }
  } else {
    text = f.LN_IONAPI_JSON ?? '';
  }
  const parsed = parseIonapi(text);
  return parsed.ok ? parsed.value : fail(ctx, parsed.problem, source);
}

/** Exactly one complete LN auth source; returns the auth and, for .ionapi sources, the file content. */
function resolveLnAuth(f: Fields, ctx: Ctx): { auth: LnAuthConfig; ionapi?: Ionapi } | undefined {
  const present = [
    f.LN_IONAPI_FILE !== undefined && 'LN_IONAPI_FILE',
    f.LN_IONAPI_JSON !== undefined && 'LN_IONAPI_JSON',
    OAUTH_FIELDS.some((name) => f[name] !== undefined) && 'fields',
    f.LN_STATIC_TOKEN !== undefined && 'LN_STATIC_TOKEN',
  ].filter((s): s is string => s !== false);
  if (present.length === 0) return fail(ctx, `LN auth is not configured: set ${AUTH_CHOICES}`);
  if (present.length > 1) {
    const named = present.map((s) => (s === 'fields' ? OAUTH_FIELDS.filter((n) => f[n] !== undefined).join('+') : s));
    return fail(ctx, `LN auth has more than one source (${named.join('; ')}): set exactly one of ${AUTH_CHOICES}`);
  }
  const source = present[0];
  if (source === 'LN_STATIC_TOKEN') return { auth: { kind: 'static', token: f.LN_STATIC_TOKEN ?? '' } };
  if (source === 'fields') {
    const missing = OAUTH_FIELDS.filter((name) => f[name] === undefined);
    if (missing.length > 0) return fail(ctx, `LN OAuth fields incomplete: ${missing.join(', ')} missing (set all of ${OAUTH_FIELDS.join(', ')})`);
    const auth = { kind: 'oauth', source: 'fields', tokenUrl: f.LN_TOKEN_URL, clientId: f.LN_CLIENT_ID, clientSecret: f.LN_CLIENT_SECRET, username: f.LN_USERNAME, password: f.LN_PASSWORD };
    return { auth: auth as LnAuthConfig };
  }
  const ionapi = readIonapi(f, ctx, source as 'LN_IONAPI_FILE' | 'LN_IONAPI_JSON');
  if (!ionapi) return undefined;
  const auth: LnAuthConfig = {
    kind: 'oauth',
    source: source as 'LN_IONAPI_FILE' | 'LN_IONAPI_JSON',
    tokenUrl: ionapiTokenUrl(ionapi),
    clientId: ionapi.ci,
    clientSecret: ionapi.cs,
    username: ionapi.saak,
    password: ionapi.sask,
  };
  return { auth, ionapi };
}

function resolveLnBaseUrl(f: Fields, ctx: Ctx, ionapi: Ionapi | undefined): string | undefined {
  if (f.LN_BASE_URL !== undefined) return f.LN_BASE_URL;
  if (ionapi) return ionapiLnBaseUrl(ionapi);
  return fail(ctx, 'is required unless an .ionapi (LN_IONAPI_FILE or LN_IONAPI_JSON) provides it', 'LN_BASE_URL');
}

function checkOneOf(f: Fields, ctx: Ctx, names: [keyof Fields, keyof Fields], required: boolean): boolean {
  const set = names.filter((n) => f[n] !== undefined);
  if (set.length > 1) return fail(ctx, `set only one of ${names.join(', ')}`) ?? false;
  if (required && set.length === 0) return fail(ctx, `set one of ${names.join(' (local emulator) or ')} (managed identity)`) ?? false;
  return true;
}

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export const appConfigSchema = fieldsSchema.transform((f, ctx): AppConfig => {
  const ln = resolveLnAuth(f, ctx);
  const baseUrl = resolveLnBaseUrl(f, ctx, ln?.ionapi);
  const storageOk = checkOneOf(f, ctx, ['SYNC_STATE_CONNECTION_STRING', 'SYNC_STATE_TABLE_ENDPOINT'], true);
  const queueOk = checkOneOf(f, ctx, ['SERVICE_BUS_FULLY_QUALIFIED_NAMESPACE', 'SERVICE_BUS_CONNECTION_STRING'], false);
  if (!ln || baseUrl === undefined || !storageOk || !queueOk) return z.NEVER;
  return defined({
    ln: defined({
      company: f.LN_COMPANY,
      baseUrl,
      auth: ln.auth,
      services: {
        contact: f.LN_CONTACT_SERVICE,
        businessPartner: f.LN_BUSINESS_PARTNER_SERVICE,
        activity: f.LN_ACTIVITY_SERVICE,
        employee: f.LN_EMPLOYEE_SERVICE,
        exchangeSync: f.LN_EXCHANGE_SYNC_SERVICE,
      },
      entitySets: f.LN_ENTITY_SETS,
      webhookSecret: f.LN_WEBHOOK_SECRET,
      webhookRepeatDelaySeconds: f.LN_WEBHOOK_REPEAT_DELAY_SECONDS,
    }),
    graph: defined({ baseUrl: f.GRAPH_BASE_URL, staticToken: f.GRAPH_STATIC_TOKEN }),
    state: defined({ connectionString: f.SYNC_STATE_CONNECTION_STRING, tableEndpoint: f.SYNC_STATE_TABLE_ENDPOINT, tablePrefix: f.SYNC_TABLE_PREFIX }),
    sync: {
      folderName: f.SYNC_FOLDER_NAME,
      contactDirection: f.CONTACT_SYNC_DIRECTION,
      conflictPolicy: f.CONFLICT_POLICY,
      massDeleteMaxShare: f.MASS_DELETE_MAX_SHARE,
      massDeleteMinCount: f.MASS_DELETE_MIN_COUNT,
      calendarHorizonDays: f.CALENDAR_HORIZON_DAYS,
      fullReconcileHours: f.FULL_RECONCILE_HOURS,
    },
    queue: defined({
      fullyQualifiedNamespace: f.SERVICE_BUS_FULLY_QUALIFIED_NAMESPACE,
      connectionString: f.SERVICE_BUS_CONNECTION_STRING,
      name: f.SYNC_QUEUE_NAME,
    }),
    adminToken: f.ADMIN_TOKEN,
    push: defined({ publicBaseUrl: f.PUBLIC_BASE_URL }),
    port: f.PORT,
  });
});
