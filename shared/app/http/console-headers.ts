// Security headers of every console page (hardening): a Content-Security-Policy that allows only the page's own
// inline style (by hash) and same-origin forms, no framing, no MIME sniffing, no referrer, no caching.
import { createHash } from 'node:crypto';

export function consoleHeaders(css: string): Record<string, string> {
  const styleHash = createHash('sha256').update(css).digest('base64');
  return {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': `default-src 'none'; style-src 'sha256-${styleHash}'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
  };
}
