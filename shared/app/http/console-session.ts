// The console's session (hardening): the admin token is offered once (`?code=` as Azure's function keys, or a bearer
// header), then an HttpOnly SameSite=Strict cookie carries a signed, expiring session; forms carry a CSRF token.
import { createHmac, randomBytes } from 'node:crypto';
import { constantTimeEqual } from './admin-http';

export const SESSION_COOKIE = 'ln_console';
export const FLASH_COOKIE = 'ln_console_flash';
const SESSION_MS = 8 * 3_600_000;
export const COOKIE_PATH = '/api/admin';

export interface Session {
  id: string;
  /** Expected in the `csrf` field of every form the session posts. */
  csrf: string;
}

const keyOf = (adminToken: string): Buffer => createHmac('sha256', adminToken).update('console-session').digest();
const sign = (adminToken: string, text: string): string => createHmac('sha256', keyOf(adminToken)).update(text).digest('base64url');

/** A new session: `{expiry}.{id}.{signature}` as the cookie value. */
export function newSession(adminToken: string, now: Date): { cookie: string; session: Session } {
  const id = randomBytes(16).toString('base64url');
  const body = `${now.getTime() + SESSION_MS}.${id}`;
  return { cookie: `${body}.${sign(adminToken, body)}`, session: { id, csrf: sign(adminToken, `csrf.${id}`) } };
}

/** The session a cookie value proves, or undefined when forged, altered or expired. */
export function readSession(adminToken: string, value: string | undefined, now: Date): Session | undefined {
  const parts = (value ?? '').split('.');
  if (parts.length !== 3) return undefined;
  const [expiry, id, signature] = parts as [string, string, string];
  if (!constantTimeEqual(signature, sign(adminToken, `${expiry}.${id}`))) return undefined;
  if (!(Number(expiry) > now.getTime())) return undefined;
  return { id, csrf: sign(adminToken, `csrf.${id}`) };
}

export function sessionCookie(value: string): string {
  return `${SESSION_COOKIE}=${value}; Path=${COOKIE_PATH}; HttpOnly; SameSite=Strict; Max-Age=${SESSION_MS / 1000}`;
}

/** A one-shot message for the page a form action redirects to (post/redirect/get). */
export function flashCookie(message: string): string {
  return `${FLASH_COOKIE}=${encodeURIComponent(message.slice(0, 600))}; Path=${COOKIE_PATH}; HttpOnly; SameSite=Strict; Max-Age=120`;
}

export const CLEAR_FLASH = `${FLASH_COOKIE}=; Path=${COOKIE_PATH}; HttpOnly; SameSite=Strict; Max-Age=0`;

export function readCookie(header: string | null, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
