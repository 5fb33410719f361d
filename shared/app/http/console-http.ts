// HTTP plumbing of the console pages and forms (B-U2, hardening): sign-in by `?code=` or bearer once, then the
// session cookie; CSRF check on form posts; post/redirect/get with a one-shot message; security headers.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { z, ZodError } from 'zod';
import { AdminError } from '../admin-commands';
import { getRuntime } from '../runtime-provider';
import type { Runtime } from '../runtime';
import { authorized, constantTimeEqual, type AdminHandler } from './admin-http';
import { consoleHeaders } from './console-headers';
import { CLEAR_FLASH, FLASH_COOKIE, SESSION_COOKIE, flashCookie, newSession, readCookie, readSession, sessionCookie, type Session } from './console-session';
import { CONSOLE_CSS, renderMessagePage } from '../console/console-layout';

/** The `{email}` route parameter of the user pages. */
export const userParamsSchema = z.object({ email: z.string().min(3).max(320).regex(/@/, 'must be an email address') });

export interface ConsoleRequest {
  rt: Runtime;
  request: HttpRequest;
  /** Undefined when the request came with the bearer token (scripts, tests): no form needs a CSRF token then. */
  session: Session | undefined;
  /** The message the previous action left (post/redirect/get), shown once. */
  flash: string | undefined;
}

export type ConsolePage = (req: ConsoleRequest) => Promise<string>;
export type ConsoleAction = (req: ConsoleRequest, form: URLSearchParams) => Promise<{ message: string; back: string }>;

/** A GET page: HTML with the security headers; a `?code=` sign-in is answered by a redirect that drops the code. */
export function consolePage(render: ConsolePage): AdminHandler {
  return handle(async (rt, request, auth) => {
    if (auth.kind === 'code') return redirect(withoutCode(request.url), [overScheme(request, sessionCookie(auth.cookie))]);
    const flash = readFlash(request);
    const html = await render({ rt, request, session: auth.session, flash });
    return page(200, html, flash === undefined ? [] : [overScheme(request, CLEAR_FLASH)]);
  });
}

/** A form post: CSRF-checked, runs the action, redirects back with its message (or the refusal, in plain words). */
export function consoleAction(action: ConsoleAction): AdminHandler {
  return handle(async (rt, request, auth, context) => {
    const form = new URLSearchParams(await request.text());
    if (auth.kind === 'session' && !constantTimeEqual(form.get('csrf') ?? '', auth.session.csrf)) {
      return page(403, renderMessagePage('Form expired', 'This form is no longer valid. Go back, reload the page and try again.'), []);
    }
    const back = safeBack(form.get('back'));
    try {
      const done = await action({ rt, request, session: auth.kind === 'session' ? auth.session : undefined, flash: undefined }, form);
      return redirect(done.back, [overScheme(request, flashCookie(done.message))]);
    } catch (err) {
      return redirect(back, [overScheme(request, flashCookie(refusal(err, context)))]);
    }
  });
}

/** Cookies of a console served over https (Azure) are `Secure`; the plain-http local host cannot keep those. */
function overScheme(request: HttpRequest, cookie: string): string {
  return new URL(request.url).protocol === 'https:' ? `${cookie}; Secure` : cookie;
}

type Auth = { kind: 'code'; cookie: string } | { kind: 'session'; session: Session } | { kind: 'bearer'; session: undefined };

function handle(inner: (rt: Runtime, request: HttpRequest, auth: Auth, context: InvocationContext) => Promise<HttpResponseInit>): AdminHandler {
  return async (request, context) => {
    try {
      const rt = await getRuntime();
      const token = rt.services.config.adminToken;
      if (!token) return page(403, renderMessagePage('Console not configured', 'Set ADMIN_TOKEN to use the console; the JSON admin API keeps working with function keys.'), []);
      const auth = authenticate(request, token, rt.clock.now());
      if (!auth) return page(401, renderMessagePage('Sign-in needed', 'Open the console with the link that carries the admin token (…/api/admin/status.html?code=…).'), []);
      return await inner(rt, request, auth, context);
    } catch (err) {
      if (err instanceof ZodError || err instanceof AdminError) return page(err instanceof AdminError ? err.status : 400, renderMessagePage('Not understood', refusal(err, context)), []);
      context.error(`console request failed: ${err instanceof Error ? err.message : String(err)}`);
      return page(500, renderMessagePage('Something went wrong', refusal(err, context)), []);
    }
  };
}

function authenticate(request: HttpRequest, token: string, now: Date): Auth | undefined {
  const session = readSession(token, readCookie(request.headers.get('cookie'), SESSION_COOKIE), now);
  const code = request.query.get('code');
  if (code !== null && request.method === 'GET' && authorized(request, token)) return { kind: 'code', cookie: newSession(token, now).cookie };
  if (session) return { kind: 'session', session };
  if (request.headers.get('authorization') && authorized(request, token)) return { kind: 'bearer', session: undefined };
  return undefined;
}

function readFlash(request: HttpRequest): string | undefined {
  const raw = readCookie(request.headers.get('cookie'), FLASH_COOKIE);
  if (!raw) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

function refusal(err: unknown, context: InvocationContext): string {
  if (err instanceof AdminError) return err.message.charAt(0).toUpperCase() + err.message.slice(1);
  if (err instanceof ZodError) return `The form was not understood: ${err.issues.map((i) => `${i.path.join('.') || 'form'} ${i.message}`).join('; ')}`;
  context.error(`console action failed: ${err instanceof Error ? err.message : String(err)}`);
  return 'The action failed; the logs have the details.';
}

/** Only our own console paths are valid places to return to. */
function safeBack(back: string | null): string {
  return back !== null && /^\/api\/admin\/[\w\-./%@?=&+]*$/.test(back) && !back.includes('//') ? back : '/api/admin/status.html';
}

function withoutCode(url: string): string {
  const u = new URL(url);
  u.searchParams.delete('code');
  return u.pathname + u.search;
}

function redirect(location: string, cookies: string[]): HttpResponseInit {
  return { status: 303, headers: [['location', location], ['cache-control', 'no-store'], ...cookies.map((c): [string, string] => ['set-cookie', c])] };
}

function page(status: number, html: string, cookies: string[]): HttpResponseInit {
  return { status, body: html, headers: [...Object.entries(consoleHeaders(CONSOLE_CSS)), ...cookies.map((c): [string, string] => ['set-cookie', c])] };
}

export { safeBack };
