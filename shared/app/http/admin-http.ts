// HTTP plumbing shared by the admin functions: authorization (function key in Azure, bearer token locally),
// JSON answers, and turning failures into clear status codes. No business rule lives here.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { ZodError } from 'zod';
import { AdminError } from '../admin-commands';
import { getRuntime } from '../runtime-provider';
import type { Runtime } from '../runtime';

export type AdminHandler = (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;

/** Wraps an admin action: checks authorization, runs it with the runtime, maps errors. */
export function adminEndpoint(action: (rt: Runtime, request: HttpRequest) => Promise<HttpResponseInit>): AdminHandler {
  return async (request, context) => {
    try {
      const rt = await getRuntime();
      if (!authorized(request, rt.services.config.adminToken)) return json(401, { error: 'admin token required (Authorization: Bearer … or ?code=…)' });
      return await action(rt, request);
    } catch (err) {
      return failure(err, context);
    }
  };
}

/**
 * With ADMIN_TOKEN configured (local host), a request must carry it as a bearer token or `code` query value,
 * compared in constant time. Without it the Functions host's function keys (authLevel 'function') guard the route.
 */
export function authorized(request: HttpRequest, adminToken: string | undefined): boolean {
  if (!adminToken) return true;
  const header = request.headers.get('authorization') ?? '';
  const bearer = header.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : '';
  const offered = bearer || request.query.get('code') || '';
  return constantTimeEqual(offered, adminToken);
}

export function constantTimeEqual(a: string, b: string): boolean {
  const digest = (s: string): Buffer => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b)) && a.length === b.length;
}

export function json(status: number, body: unknown): HttpResponseInit {
  return { status, jsonBody: body, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } };
}

function failure(err: unknown, context: InvocationContext): HttpResponseInit {
  if (err instanceof AdminError) return json(err.status, { error: err.message });
  if (err instanceof ZodError) return json(400, { error: 'invalid request', issues: err.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`) });
  context.error(`admin request failed: ${err instanceof Error ? err.message : String(err)}`);
  return json(500, { error: 'internal error; see the logs' });
}

/** The request body as JSON, or a 400 naming the problem. */
export async function jsonBody(request: HttpRequest): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AdminError(400, 'the request body is not valid JSON');
  }
}
