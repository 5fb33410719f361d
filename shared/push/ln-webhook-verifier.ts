// Verification of a request to the LN webhook (ln-api.md): HMAC-SHA256 signature, 5-minute timestamp window, body.
// Pure: the caller supplies the raw body, headers, secret and clock; nothing is logged and no secret is echoed.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { describeZodError } from '../ln/describe-zod-error';
import { lnNotificationBatchSchema, lnNotificationSchema, type LnNotification } from './ln-notification.schema';

/** How far the request's timestamp may be from the receiver's clock, either way. */
export const LN_TIMESTAMP_TOLERANCE_MS = 5 * 60_000;

export interface LnWebhookInput {
  /** The body exactly as received: bytes are signed (a UTF-8 BOM included); text is taken as its UTF-8 bytes. */
  rawBody: string | Uint8Array;
  /** `X-LN-Timestamp`: Unix seconds. */
  timestampHeader: string | null;
  /** `X-LN-Signature`: `sha256=<hex>`. */
  signatureHeader: string | null;
  secret: string;
  now: Date;
  /** The LN company the service synchronizes; notifications for any other are rejected. */
  company: string;
}

export type LnWebhookVerdict = { ok: true; notifications: LnNotification[] } | { ok: false; status: 400 | 401; reason: string };

const SIGNATURE = /^sha256=([0-9a-fA-F]{64})$/;
const TIMESTAMP = /^\d{1,12}$/;

/** The `X-LN-Signature` value for a body sent at `timestamp` (Unix seconds). */
export function signLnWebhook(secret: string, timestamp: number | string, rawBody: string | Uint8Array): string {
  return `sha256=${hmac(secret, String(timestamp), rawBody).toString('hex')}`;
}

/** Checks signature and timestamp (401) before the body is parsed at all, then the body (400). */
export function verifyLnWebhook(input: LnWebhookInput): LnWebhookVerdict {
  const unauthorized = (reason: string): LnWebhookVerdict => ({ ok: false, status: 401, reason });
  const badRequest = (reason: string): LnWebhookVerdict => ({ ok: false, status: 400, reason });

  if (input.secret === '') return unauthorized('no webhook secret is configured');
  const { timestampHeader, signatureHeader } = input;
  if (timestampHeader === null || timestampHeader === '') return unauthorized('missing X-LN-Timestamp header');
  if (signatureHeader === null || signatureHeader === '') return unauthorized('missing X-LN-Signature header');
  const timestamp = timestampHeader.trim();
  if (!TIMESTAMP.test(timestamp)) return unauthorized('X-LN-Timestamp is not Unix seconds');
  const hex = SIGNATURE.exec(signatureHeader.trim())?.[1];
  if (hex === undefined) return unauthorized('X-LN-Signature is not sha256=<64 hex digits>');
  const expected = hmac(input.secret, timestamp, input.rawBody);
  const given = Buffer.from(hex, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return unauthorized('invalid signature');
  const skewMs = Math.abs(input.now.getTime() - Number(timestamp) * 1000);
  if (!(skewMs <= LN_TIMESTAMP_TOLERANCE_MS)) return unauthorized('X-LN-Timestamp is more than 5 minutes off');

  let json: unknown;
  try {
    json = JSON.parse(bodyText(input.rawBody));
  } catch {
    return badRequest('body is not valid JSON');
  }
  const isBatch = typeof json === 'object' && json !== null && !Array.isArray(json) && 'value' in json;
  let notifications: LnNotification[];
  if (isBatch) {
    const parsed = lnNotificationBatchSchema.safeParse(json);
    if (!parsed.success) return badRequest(describeZodError(parsed.error));
    notifications = parsed.data.value;
  } else {
    const parsed = lnNotificationSchema.safeParse(json);
    if (!parsed.success) return badRequest(describeZodError(parsed.error));
    notifications = [parsed.data];
  }
  const foreign = notifications.findIndex((n) => n.company !== input.company);
  if (foreign >= 0) return badRequest(`${isBatch ? `value.${foreign}.` : ''}company: not the company this service synchronizes`);
  return { ok: true, notifications };
}

/** ln-api.md: HMAC-SHA256 of "{timestamp}.{raw body}" — over the bytes as sent, never over re-encoded text. */
function hmac(secret: string, timestamp: string, rawBody: string | Uint8Array): Buffer {
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
  return createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(body).digest();
}

/** The body as JSON text: UTF-8, a leading byte order mark dropped (JSON.parse refuses it). */
function bodyText(rawBody: string | Uint8Array): string {
  const text = typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody).toString('utf8');
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}
