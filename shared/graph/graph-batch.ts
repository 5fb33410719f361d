// Sends independent Graph requests as JSON $batch calls of at most 20, re-sending alone, after their Retry-After,
// only the parts answered 429/503/504 (or 424, never run); returns one answer per request, in input order.
import type { Client } from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import { ExternalServiceError } from '../domain/external-service-error';
import { graphError } from './graph-error';
import { graphRequest, type GraphMethod } from './graph-request';
import { withImmutableIdPreference } from './immutable-id-preference';
import { retryAfterSeconds } from './retry-after-seconds';
import { defaultSleep, RETRYABLE_STATUSES, retryDelayMs } from './retry-delay';

export const MAX_BATCH_SIZE = 20;
const DEFAULT_BATCH_RETRIES = 10;

export interface BatchRequest {
  method: GraphMethod;
  /** Relative to the version root, starting with `/`, query encoded. */
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface BatchResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export interface BatchOptions {
  /** Rounds of re-sending throttled sub-requests (default 10): throttling slows a run down, it does not fail it. */
  maxRetries?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Told how many parts of a batch answer Exchange throttled (429): a 200 batch answer can hold them (B-O2). */
  onThrottledParts?: (count: number) => void;
}

const batchAnswer = z.object({
  responses: z.array(
    z.object({
      id: z.string(),
      status: z.number().int(),
      headers: z.record(z.string(), z.string()).optional(),
      body: z.unknown().optional(),
    }),
  ),
});

export async function sendBatch(client: Client, requests: readonly BatchRequest[], options: BatchOptions = {}): Promise<BatchResponse[]> {
  const maxRetries = options.maxRetries ?? DEFAULT_BATCH_RETRIES;
  const sleep = options.sleep ?? defaultSleep;
  const results = new Array<BatchResponse | undefined>(requests.length);
  let pending = requests.map((_, i) => i);
  for (let attempt = 0; pending.length > 0; attempt++) {
    const answers = await Promise.all(chunks(pending, MAX_BATCH_SIZE).map((chunk) => sendChunk(client, requests, chunk)));
    const throttled: Array<{ index: number; response: BatchResponse }> = [];
    const notRun: number[] = [];
    for (const [index, response] of answers.flat()) {
      if (RETRYABLE_STATUSES.has(response.status) && attempt < maxRetries) throttled.push({ index, response });
      else if (response.status === 424 && attempt < maxRetries) notRun.push(index); // a part it depended on was throttled
      else results[index] = response;
    }
    const throttledParts = answers.flat().filter(([, r]) => r.status === 429).length;
    if (throttledParts > 0) options.onThrottledParts?.(throttledParts);
    pending = [...throttled.map((t) => t.index), ...notRun].sort((a, b) => a - b);
    if (throttled.length > 0) await sleep(Math.max(...throttled.map((t) => retryDelayMs(attempt, retryAfterOf(t.response)))));
  }
  return results.map((r) => r ?? syntheticFailure(new ExternalServiceError('graph', 0, 'MissingBatchResponse', 'no answer for this request')));
}

/** The error a failed sub-request stands for (Graph's code and message, Retry-After). */
export function batchResponseError(response: BatchResponse): ExternalServiceError {
  return graphError(response.status, response.body, headerOf(response, 'Retry-After'));
}

export function isSuccess(response: BatchResponse): boolean {
  return response.status >= 200 && response.status < 300;
}

async function sendChunk(client: Client, requests: readonly BatchRequest[], chunk: number[]): Promise<Array<[number, BatchResponse]>> {
  const body = { requests: chunk.map((index) => subRequest(index, requests[index]!)) };
  try {
    const answer = await graphRequest(client, { method: 'POST', path: '/$batch', body }, batchAnswer);
    const byId = new Map(answer.responses.map((r) => [r.id, r]));
    return chunk.map((index) => {
      const r = byId.get(String(index));
      if (!r) return [index, syntheticFailure(new ExternalServiceError('graph', 0, 'MissingBatchResponse', `$batch answered without id ${index}`))];
      return [index, { status: r.status, headers: r.headers ?? {}, body: r.body }];
    });
  } catch (err) {
    const error = err instanceof ExternalServiceError ? err : new ExternalServiceError('graph', 0, 'BatchFailed', String(err));
    return chunk.map((index) => [index, syntheticFailure(error)]);
  }
}

function subRequest(index: number, request: BatchRequest): Record<string, unknown> {
  const { Prefer: prefer, ...others } = request.headers ?? {};
  const headers: Record<string, string> = { ...others, Prefer: withImmutableIdPreference(prefer) };
  if (request.body !== undefined) headers['Content-Type'] ??= 'application/json';
  return { id: String(index), method: request.method, url: request.url, headers, ...(request.body !== undefined ? { body: request.body } : {}) };
}

function syntheticFailure(error: ExternalServiceError): BatchResponse {
  const headers: Record<string, string> = error.retryAfterSeconds !== undefined ? { 'Retry-After': String(error.retryAfterSeconds) } : {};
  return { status: error.status, headers, body: { error: { code: error.code, message: error.message } } };
}

function retryAfterOf(response: BatchResponse): number | undefined {
  return retryAfterSeconds(headerOf(response, 'Retry-After'));
}

function headerOf(response: BatchResponse, name: string): string | undefined {
  const lower = name.toLowerCase();
  return Object.entries(response.headers).find(([k]) => k.toLowerCase() === lower)?.[1];
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
