// Stable hash of a mapped record: the change detector for both sides (never changeKey alone).
// Keys are sorted so the same content always gives the same hash.
import { createHash } from 'node:crypto';

export function contentHash(record: Readonly<Record<string, unknown>>): string {
  const canonical = JSON.stringify(record, Object.keys(record).sort());
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 32);
}
