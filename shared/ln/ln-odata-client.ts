// Generic OData v4 client for LN through the ION API gateway: auth, company header, paging, ETags, retries.
// Every response body is checked with the caller's zod schema; every non-2xx becomes an ExternalServiceError.
import { z } from 'zod';
import { ExternalServiceError } from '../domain/external-service-error';
import { summarizeErrorBody } from '../domain/error-body-summary';
import { describeZodError } from './describe-zod-error';
import { LnInvalidResponseError } from './ln-invalid-response-error';
import type { LnTokenProvider } from './ln-token-provider';

export { odataString, odataDateTime, odataEnum, odataKeyPath } from './odata-literals';

export interface LnODataClientOptions {
  /** `{iu}/{ti}/LN/lnapi/odata` */
  baseUrl: string;
  /** Sent as `X-Infor-LnCompany`. */
  company: string;
  tokens: LnTokenProvider;
  /** Retries after 429/503 (and network errors on GET). Default 3. */
  maxRetries?: number;
  /** Waits between retries, in milliseconds; injectable so tests are fast. */
  sleep?: (ms: number) => Promise<void>;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** A Retry-After longer than this is not waited for: the error is thrown with its retryAfterSeconds. Default 60. */
  maxRetryAfterSeconds?: number;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

interface RequestSpec {
  method: Method;
  url: string;
  resource: string;
  body?: unknown;
  etag?: string;
  /** Ask for XML and hand the body back as text (`$metadata`). */
  xml?: true;
}

const odataErrorSchema = z.object({
  error: z.object({ code: z.coerce.string().default(''), message: z.coerce.string().default('') }),
});

const collectionSchema = z.object({
  value: z.array(z.unknown()),
  '@odata.nextLink': z.string().optional(),
});

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class LnODataClient {
  private readonly baseUrl: string;
  private readonly maxRetries: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly fetchFn: typeof fetch;

  constructor(private readonly options: LnODataClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.maxRetries = options.maxRetries ?? 3;
    this.sleep = options.sleep ?? defaultSleep;
    this.fetchFn = options.fetch ?? fetch;
  }

  /** Every entity of a (filtered) collection, following `@odata.nextLink` until absent. */
  async list<T>(service: string, entitySet: string, query: Record<string, string>, schema: z.ZodType<T>): Promise<T[]> {
    const all: T[] = [];
    for await (const page of this.pages(service, entitySet, query, schema)) all.push(...page);
    return all;
  }

  /** The same as `list`, one server page at a time. */
  async *pages<T>(service: string, entitySet: string, query: Record<string, string>, schema: z.ZodType<T>): AsyncGenerator<T[]> {
    const resource = `${service}/${entitySet}`;
    let url: string | undefined = this.url(service, entitySet, query);
    while (url) {
      const { json } = await this.send({ method: 'GET', url, resource });
      const page = parseWith(collectionSchema, json, resource);
      yield page.value.map((item, i) => parseWith(schema, item, `${resource} value[${i}]`));
      url = page['@odata.nextLink'] === undefined ? undefined : this.resolveNextLink(page['@odata.nextLink'], url);
    }
  }

  /** One entity by path (e.g. `Contacts('K')`); undefined when LN answers 404. */
  async get<T>(service: string, path: string, schema: z.ZodType<T>, query: Record<string, string> = {}): Promise<T | undefined> {
    const resource = `${service}/${path}`;
    try {
      const { json } = await this.send({ method: 'GET', url: this.url(service, path, query), resource });
      return parseWith(schema, json, resource);
    } catch (err) {
      if (err instanceof ExternalServiceError && err.status === 404) return undefined;
      throw err;
    }
  }

  /** Creates an entity; returns it as LN stored it. */
  async post<T>(service: string, entitySet: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
    const resource = `${service}/${entitySet}`;
    const { json } = await this.send({ method: 'POST', url: this.url(service, entitySet, {}), resource, body });
    return parseWith(schema, json, resource);
  }

  /** Patches an entity guarded by `If-Match`; returns the updated entity (read back when LN answers 204). */
  async patch<T>(service: string, path: string, body: unknown, etag: string, schema: z.ZodType<T>): Promise<T> {
    const resource = `${service}/${path}`;
    const { status, json } = await this.send({ method: 'PATCH', url: this.url(service, path, {}), resource, body, etag });
    if (status !== 204) return parseWith(schema, json, resource);
    const current = await this.get(service, path, schema);
    if (current === undefined) throw new ExternalServiceError('ln', 404, 'NotFound', `${resource} disappeared after PATCH`);
    return current;
  }

  /** The service's CSDL document (`GET {service}/$metadata`) as text; undefined when LN answers 404. */
  async metadata(service: string): Promise<string | undefined> {
    const resource = `${service}/$metadata`;
    try {
      const { json } = await this.send({ method: 'GET', url: `${this.baseUrl}/${resource}`, resource, xml: true });
      return typeof json === 'string' ? json : '';
    } catch (err) {
      if (err instanceof ExternalServiceError && err.status === 404) return undefined;
      throw err;
    }
  }

  async delete(service: string, path: string, etag: string): Promise<void> {
    await this.send({ method: 'DELETE', url: this.url(service, path, {}), resource: `${service}/${path}`, etag });
  }

  private url(service: string, path: string, query: Record<string, string>): string {
    const qs = Object.entries(query)
      .map(([k, v]) => `${encodeURIComponent(k).replace(/^%24/, '$')}=${encodeURIComponent(v)}`)
      .join('&');
    return `${this.baseUrl}/${service}/${path}${qs ? `?${qs}` : ''}`;
  }

  /** nextLinks may be relative; they must stay on the LN origin so the bearer token never leaks elsewhere. */
  private resolveNextLink(next: string, current: string): string {
    const resolved = new URL(next, current);
    if (resolved.origin !== new URL(this.baseUrl).origin) {
      throw new LnInvalidResponseError(current, `@odata.nextLink points to another origin (${resolved.origin})`);
    }
    return resolved.toString();
  }

  private async send(spec: RequestSpec): Promise<{ status: number; json: unknown }> {
    let refreshedToken = false;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await this.fetchOnce(spec);
      } catch (err) {
        if (err instanceof ExternalServiceError) throw err; // e.g. the token endpoint refused the credentials: not the network
        const error = new ExternalServiceError('ln', 0, 'NetworkError', `${spec.method} ${spec.resource}: ${(err as Error).message}`);
        // Only reads are retried here: a write may have been applied before the connection broke.
        if (spec.method !== 'GET' || attempt >= this.maxRetries) throw error;
        await this.sleep(backoffMs(attempt));
        continue;
      }
      if (response.status === 401 && !refreshedToken) {
        await response.body?.cancel();
        this.options.tokens.invalidate();
        refreshedToken = true;
        attempt--;
        continue;
      }
      if (response.ok) return { status: response.status, json: spec.xml ? await response.text() : await readJson(response, spec.resource) };
      const error = await toError(response, spec);
      if (!isThrottle(response.status) || attempt >= this.maxRetries) throw error;
      const waitSeconds = error.retryAfterSeconds;
      if (waitSeconds !== undefined && waitSeconds > (this.options.maxRetryAfterSeconds ?? 60)) throw error;
      await this.sleep(waitSeconds !== undefined ? waitSeconds * 1000 : backoffMs(attempt));
    }
  }

  private async fetchOnce(spec: RequestSpec): Promise<Response> {
    const token = await this.options.tokens.getToken();
    const headers: Record<string, string> = {
      Authorization: `Bearer ${token}`,
      'X-Infor-LnCompany': this.options.company,
      Accept: spec.xml ? 'application/xml' : 'application/json',
    };
    if (spec.body !== undefined) headers['Content-Type'] = 'application/json';
    if (spec.method === 'POST' || spec.method === 'PATCH') headers.Prefer = 'return=representation';
    if (spec.etag !== undefined) headers['If-Match'] = spec.etag;
    return this.fetchFn(spec.url, {
      method: spec.method,
      headers,
      body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
    });
  }
}

function isThrottle(status: number): boolean {
  return status === 429 || status === 503;
}

function backoffMs(attempt: number): number {
  return 1000 * 2 ** attempt;
}

function parseWith<T>(schema: z.ZodType<T>, json: unknown, resource: string): T {
  const result = schema.safeParse(json);
  if (!result.success) throw new LnInvalidResponseError(resource, describeZodError(result.error));
  return result.data;
}

async function readJson(response: Response, resource: string): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new LnInvalidResponseError(resource, `body is not JSON (HTTP ${response.status})`);
  }
}

async function toError(response: Response, spec: RequestSpec): Promise<ExternalServiceError> {
  const text = await response.text().catch(() => '');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = odataErrorSchema.safeParse(json);
  const code = parsed.success && parsed.data.error.code ? parsed.data.error.code : `HTTP${response.status}`;
  const message = parsed.success ? parsed.data.error.message : summarizeErrorBody('LN', response.status, response.headers.get('content-type'), text);
  return new ExternalServiceError('ln', response.status, code, `${spec.method} ${spec.resource}: ${message}`, retryAfterSeconds(response));
}

/** `Retry-After` as seconds, or as an HTTP date converted to seconds from now. */
function retryAfterSeconds(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
