// What contact synchronization needs from one mailbox's sync folder, in domain terms.
// Writes take lists so the Graph adapter can send them as JSON $batch requests.
import type { ContactFields } from '../../domain/contact';

export interface ExchangeContactSnapshot {
  /** Immutable id. */
  id: string;
  changeKey: string;
  /** `lastModifiedDateTime`, ISO 8601 UTC. */
  modifiedAt: string;
  /** The LN key the service stamped on the item (single-value extended property), if any. */
  lnKey?: string;
  /** The service created this item (a copy of an LN contact), as the origin mark written with it says. */
  createdByService?: true;
  fields: ContactFields;
  /** Opaque to the engine: what the adapter needs to patch this item later without reading it first (its change key
   *  and the whole lists the fields show only the first entry of). Kept on the link. */
  state?: string;
}

export interface ContactDelta {
  changed: ExchangeContactSnapshot[];
  /** Ids reported `@removed`: deleted, or moved out of the folder. */
  removed: string[];
  /** Ids reported changed that are still the version the caller knows (`knownState`): not read, no snapshot. */
  unchanged?: string[];
  deltaLink: string;
}

/** Where an item that left the sync folder went. */
export type ContactLocation = 'sync-folder' | 'other-folder' | 'deleted-items' | 'gone';

export type WriteResult<T> = { ok: true; value: T } | { ok: false; error: Error };

export interface ContactCreate {
  lnKey: string;
  fields: ContactFields;
}

export interface ContactUpdate {
  id: string;
  patch: Partial<ContactFields>;
  /** Stamp (or re-stamp) the LN key extended property. */
  lnKey?: string;
  /** The item as the link last recorded it (fields and `state`): the patch is computed from it and sent only if the
   *  item is still that version; otherwise the item is read and the patch computed against what it holds now. */
  base?: { fields: ContactFields; state: string };
}

export interface ExchangeContactPort {
  /** Finds the sync folder by display name, creating it when missing; returns its id. */
  /** The sync folder: `knownId` when that folder still exists (renamed in Outlook or not), else the folder named
   *  `folderName`, created when missing. */
  ensureSyncFolder(user: string, folderName: string, knownId?: string): Promise<string>;
  /** Finds the sync folder without creating it (preview, B-U5). */
  findSyncFolder?(user: string, folderName: string): Promise<string | undefined>;
  /** One full delta round: follows nextLinks to the deltaLink. No `deltaLink` ⇒ initial (full) round. `knownState`
   *  gives the `state` recorded for an id (its link's): an item still at that version is reported `unchanged`. */
  delta(user: string, folderId: string, deltaLink: string | undefined, knownState?: (id: string) => string | undefined): Promise<ContactDelta>;
  locate(user: string, folderId: string, id: string): Promise<ContactLocation>;
  findByLnKey(user: string, folderId: string, lnKey: string): Promise<ExchangeContactSnapshot | undefined>;
  create(user: string, folderId: string, items: ContactCreate[]): Promise<Array<WriteResult<ExchangeContactSnapshot>>>;
  update(user: string, items: ContactUpdate[]): Promise<Array<WriteResult<ExchangeContactSnapshot>>>;
  /** Deletes to Deleted Items (recoverable), never purges. A missing item counts as deleted. */
  remove(user: string, ids: string[]): Promise<Array<WriteResult<void>>>;
}
