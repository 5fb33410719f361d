// Sends one Graph request through the SDK client and parses the JSON answer with a zod schema.
// Any failure, including a dropped connection, becomes an ExternalServiceError('graph', …).
import { Client, GraphError, ResponseType } from '@microsoft/microsoft-graph-client';
import type { z } from 'zod';
import { ExternalServiceError } from '../domain/external-service-error';
import { graphError } from './graph-error';

export type GraphMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface GraphCall {
  method: GraphMethod;
  /** Relative to the version root, query string included and already encoded. */
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export async function graphRequest<S extends z.ZodType>(client: Client, call: GraphCall, schema: S): Promise<z.output<S>>;
export async function graphRequest(client: Client, call: GraphCall): Promise<unknown>;
export async function graphRequest(client: Client, call: GraphCall, schema?: z.ZodType): Promise<unknown> {
  const response = await send(client, call);
  const text = await response.text();
  if (!response.ok) throw graphError(response.status, tryParseJson(text), response.headers.get('Retry-After'));
  const body: unknown = text === '' ? undefined : parseJson(text, call);
  if (!schema) return body;
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new ExternalServiceError('graph', response.status, 'UnexpectedResponse', `${call.method} ${pathOnly(call.path)}: ${parsed.error.message}`);
  }
  return parsed.data;
}

async function send(client: Client, call: GraphCall): Promise<Response> {
  const request = client.api(call.path).responseType(ResponseType.RAW).headers(call.headers ?? {});
  try {
    const response: unknown = await sendBy(request, call);
    if (!(response instanceof Response)) throw new Error('the Graph client returned no HTTP response');
    return response;
  } catch (err) {
    if (err instanceof ExternalServiceError) throw err;
    const typed = unwrapMiddlewareError(err);
    if (typed) throw typed;
    const message = err instanceof Error ? err.message : String(err);
    const code = err instanceof GraphError && err.code ? err.code : 'NetworkError';
    throw new ExternalServiceError('graph', 0, code, `${call.method} ${pathOnly(call.path)}: ${message}`);
  }
}

/** The SDK wraps what a middleware throws (e.g. a refused token, B-L7) in a GraphError named after it: type it again. */
function unwrapMiddlewareError(err: unknown): ExternalServiceError | undefined {
  if (!(err instanceof GraphError) || err.code !== 'ExternalServiceError') return undefined;
  const m = /^(graph|ln|storage) (\d+) (\S+): ([\s\S]*)$/.exec(err.message);
  if (!m) return undefined;
  return new ExternalServiceError(m[1] as 'graph' | 'ln' | 'storage', Number(m[2]), m[3] ?? '', m[4] ?? '');
}

function sendBy(request: ReturnType<Client['api']>, call: GraphCall): Promise<unknown> {
  switch (call.method) {
    case 'GET':
      return request.get();
    case 'POST':
      return request.post(call.body ?? {});
    case 'PATCH':
      return request.patch(call.body ?? {});
    case 'DELETE':
      return request.delete();
  }
}

function parseJson(text: string, call: GraphCall): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ExternalServiceError('graph', 0, 'UnexpectedResponse', `${call.method} ${pathOnly(call.path)}: the answer is not JSON`);
  }
}

function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Paths in messages never carry the query (it can hold LN keys or tokens). */
function pathOnly(path: string): string {
  return path.split('?')[0] ?? path;
}
