// Deterministic idempotency key written to LN `ExternalReference` for items created from Exchange.
// Same user and Exchange item ⇒ same key, so a retried create finds its earlier result (B-I1).
import { createHash } from 'node:crypto';

export function exchangeExternalReference(user: string, exchangeId: string): string {
  const digest = createHash('sha256').update(`${user.toLowerCase()}|${exchangeId}`).digest('base64url');
  return `EX-${digest.slice(0, 24)}`;
}
