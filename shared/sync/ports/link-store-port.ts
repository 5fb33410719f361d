// Sync state for links between an LN item and an Exchange item, per sync user.
// Writes are ETag-guarded: a stale `etag` makes `put`/`remove` throw a 412 ExternalServiceError.

export type LinkKind = 'contact' | 'event';
export type LinkState = 'linked' | 'excluded';

export interface LinkRecord {
  user: string;
  kind: LinkKind;
  lnKey: string;
  exchangeId: string;
  state: LinkState;
  /** Hash of the mapped fields as last written/seen on each side. */
  lnHash: string;
  exHash: string;
  /** The mapped field values behind those hashes, for three-way merge. */
  lnValues: Record<string, string>;
  exValues: Record<string, string>;
  lastAction: string;
  reason: string;
  updatedAt: string;
  /** Events linked to an occurrence of a series: the series master and the occurrence's date (B-A13). */
  seriesMasterId?: string;
  occurrenceDate?: string;
  /** Events: fingerprint of the whole LN activity when last seen with no write after it (unchanged ⇒ no event read).
   *  Contacts: LN's ETag of the contact as last read or written (the same ETag back ⇒ nothing to map or plan). */
  lnSeen?: string;
  /** Contacts: the Exchange item's `state` (see ExchangeContactSnapshot) matching `exValues`, when known. */
  exState?: string;
  /** Contacts: when the service last wrote the Exchange item (service clock). */
  exWrittenAt?: string;
  /** Table ETag of the stored row; absent for a link not stored yet. */
  etag?: string;
}

/** The outcome of one link of a `putMany`: the stored link with its new etag, or why it was refused. */
export type LinkPutOutcome = { ok: true; link: LinkRecord } | { ok: false; error: Error };

export interface LinkStore {
  list(user: string, kind: LinkKind): Promise<LinkRecord[]>;
  /** The same links one storage page at a time, so a caller looking for a few never holds them all. */
  scan?(user: string, kind: LinkKind): AsyncIterable<LinkRecord>;
  get(user: string, kind: LinkKind, lnKey: string): Promise<LinkRecord | undefined>;
  getByExchangeId(user: string, kind: LinkKind, exchangeId: string): Promise<LinkRecord | undefined>;
  /** Inserts (no etag) or replaces (etag must match); keeps the Exchange-id index in step. Returns the new etag. */
  put(link: LinkRecord): Promise<LinkRecord>;
  /** `put` for many links at once, one outcome per link in input order: the links of one user are written together
   *  (one entity-group transaction per 50), and a group refused as a whole is retried link by link. */
  putMany(links: readonly LinkRecord[]): Promise<LinkPutOutcome[]>;
  remove(link: LinkRecord): Promise<void>;
  /** Drops every link of a user and kind (used by tests of state loss and by full resets). */
  clear(user: string, kind: LinkKind): Promise<void>;
}
