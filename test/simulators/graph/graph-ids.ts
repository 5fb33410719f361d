// Opaque Exchange-style identifiers for the simulator: item ids, immutable ids, folder ids, change keys.
// Shaped like the real ones (base64url with `-`, `_` and `=` padding) so clients must encode them in URLs.
import { randomBytes, randomUUID } from 'node:crypto';

function b64url(bytes: number): string {
  return randomBytes(bytes).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A regular (folder-dependent) item id; a new one is issued whenever the item changes folder. */
export function newRegularId(): string {
  return `AAMkAGI2${b64url(48)}AAA=`;
}

/** An immutable item id: stays the same for the life of the item in its mailbox. */
export function newImmutableId(): string {
  return `AAkALgAA${b64url(48)}AAA=`;
}

export function newFolderId(): string {
  return `AAMkAGI2${b64url(30)}AAEOAAA=`;
}

/** Change keys are standard base64 (they may contain `+` and `/`), as Exchange's are. */
export function newChangeKey(): string {
  return `EQAAABYAAAA${randomBytes(18).toString('base64')}`;
}

export function newUserId(): string {
  return randomUUID();
}

/** Well-formed enough to be looked up; anything else is answered 400 ErrorInvalidIdMalformed. */
export function isWellFormedId(id: string): boolean {
  return /^[A-Za-z0-9_\-=+/]{16,}$/.test(id);
}
