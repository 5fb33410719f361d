// The simulator's internal HTTP answer and the Graph error body builder.
// Every route returns a SimResponse; the HTTP layer and the $batch route serialize it.
import { randomUUID } from 'node:crypto';

export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

export const JSON_CONTENT_TYPE = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/** A Graph error answer: `{"error":{"code","message","innerError":{...}}}` as the real service sends. */
export function graphErrorResponse(status: number, code: string, message: string, headers: Record<string, string> = {}): SimResponse {
  const date = new Date().toISOString().slice(0, 19);
  return {
    status,
    headers: { 'Content-Type': JSON_CONTENT_TYPE, ...headers },
    body: { error: { code, message, innerError: { date, 'request-id': randomRequestId(), 'client-request-id': randomRequestId() } } },
  };
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): SimResponse {
  return { status, headers: { 'Content-Type': JSON_CONTENT_TYPE, ...headers }, body };
}

export function noContent(headers: Record<string, string> = {}): SimResponse {
  return { status: 204, headers };
}

/** Thrown by routes and the store; the router turns it into a Graph error answer. */
export class GraphSimError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
    this.name = 'GraphSimError';
  }
}

function randomRequestId(): string {
  return randomUUID();
}
