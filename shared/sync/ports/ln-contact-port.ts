// What contact synchronization needs from LN, in domain terms (the LN adapter maps entities).
// Reads and writes are separate so a read-only direction can be wired without write access.
import type { ContactFields } from '../../domain/contact';

export interface LnContactSnapshot {
  /** LN contact code (`Contact`). */
  key: string;
  etag: string;
  synchronize: boolean;
  /** `LastModificationDate`, ISO 8601 UTC. */
  modifiedAt: string;
  externalReference: string;
  /** Mapped fields; `companyName` is the business partner's name. */
  fields: ContactFields;
  /** Mapping gaps, e.g. `language 'xx' has no ISO code`; reported once per code in status. */
  warnings: string[];
}

export interface LnContactTombstone {
  key: string;
  deletedAt: string;
}

export interface LnContactReader {
  /** Contacts changed after `since` (any Synchronize value), or every sync-group contact when `since` is undefined.
   *  Contacts for which `known(key, etag)` holds are left out before they are mapped: unchanged since a link saw them
   *  (B-I8: a pull whose changes are all known reads no reference data). */
  listChanged(since: string | undefined, known?: (key: string, etag: string) => boolean): Promise<LnContactSnapshot[]>;
  /** Keys of every contact in the sync group (full reconciliation of ids). */
  listSyncGroupKeys(): Promise<Array<{ key: string; modifiedAt: string }>>;
  listDeleted(since: string): Promise<LnContactTombstone[]>;
  get(key: string): Promise<LnContactSnapshot | undefined>;
  findByExternalReference(ref: string): Promise<LnContactSnapshot | undefined>;
  findByEmail(email: string): Promise<LnContactSnapshot[]>;
  /** Forgets cached reference data (account names, code tables) read in an earlier tick than `now` (always without it). */
  refresh?(now?: Date): void;
}

export interface LnContactWriter {
  /** Creates a sync-group contact; the account is the business partner named `fields.companyName`
   *  (created when none matches exactly), or "First Last" when the company is empty. */
  create(fields: ContactFields, externalReference: string): Promise<LnContactSnapshot>;
  /** Patches the given fields (company is never changed here); `synchronize` sets the flag. */
  update(key: string, etag: string, patch: Partial<ContactFields>, synchronize?: boolean): Promise<LnContactSnapshot>;
}

export type LnContactPort = LnContactReader & LnContactWriter;
