// Serves Azure Functions HTTP handlers from a plain Node HTTP server, with the same routes as in Azure (`/api/…`).
// Converts node requests to `HttpRequest` and `HttpResponseInit` back; used by the local host only.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpRequest, InvocationContext, type HttpResponseInit } from '@azure/functions';

export interface LocalRoute {
  name: string;
  methods: string[];
  /** Azure route template, e.g. `admin/users/{email}/sync`. */
  route: string;
  handler: (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;
}

/** Larger than any function accepts, so each function's own limit is what answers (as in Azure). */
const MAX_BODY = 8 * 1024 * 1024;

export function routeRequests(routes: LocalRoute[], baseUrl: () => string, log: (line: string) => void) {
  const compiled = routes.map((r) => ({ ...r, pattern: compile(r.route) }));
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      await serve(req, res);
    } catch (err) {
      log(`request failed: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) send(res, { status: err instanceof URIError ? 400 : 500, jsonBody: { error: err instanceof URIError ? 'malformed URL' : 'internal error' } });
      else res.end();
    }
  };

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', baseUrl());
    const path = url.pathname.replace(/^\/api\//, '');
    for (const route of compiled) {
      const match = route.pattern.exec(path);
      if (!match || !route.methods.includes(req.method ?? 'GET')) continue;
      const body = await readBody(req);
      if (body === undefined) return send(res, { status: 413, jsonBody: { error: 'request body larger than 8 MiB' } });
      const params = Object.fromEntries(Object.entries(match.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]));
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
      const request = new HttpRequest({ method: req.method ?? 'GET', url: url.toString(), headers, params, body: { string: body } });
      const context = new InvocationContext({
        functionName: route.name,
        invocationId: `${Date.now()}-${Math.random().toString(16).slice(2)}`,
        logHandler: (_level, ...args) => log(`${route.name}: ${args.map(String).join(' ')}`),
      });
      return send(res, await route.handler(request, context));
    }
    send(res, { status: 404, jsonBody: { error: `no route for ${req.method ?? 'GET'} ${url.pathname}` } });
  }
}

function compile(route: string): RegExp {
  const source = route.split('/').map((part) => (/^\{\w+\}$/.test(part) ? `(?<${part.slice(1, -1)}>[^/]+)` : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/');
  return new RegExp(`^${source}$`);
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, init: HttpResponseInit): void {
  const headers: Record<string, string | string[]> = {};
  const given = new Headers(init.headers);
  given.forEach((v, k) => (headers[k] = v));
  if (given.getSetCookie().length > 0) headers['set-cookie'] = given.getSetCookie(); // each cookie its own header
  let body = '';
  if (init.jsonBody !== undefined) {
    body = JSON.stringify(init.jsonBody);
    headers['content-type'] ??= 'application/json; charset=utf-8';
  } else if (typeof init.body === 'string') {
    body = init.body;
  }
  res.writeHead(init.status ?? 200, headers);
  res.end(body);
}
