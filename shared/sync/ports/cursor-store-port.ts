// Sync state for where the last run stopped: LN watermarks, Graph delta links, last full run.
// One cursor per user and scope; writes are ETag-guarded like links.

export interface Cursor {
  user: string;
  scope: string;
  /** LN `LastModificationDate` watermark (ISO UTC). */
  lnWatermark?: string;
  /** LN tombstone watermark (ISO UTC). */
  lnDeletedWatermark?: string;
  /** Graph delta link for the scope's folder or calendar view. */
  deltaLink?: string;
  /** When the round that produced `deltaLink` began (service clock): items the service wrote after it must come back
   *  in the next round while they are still in the folder. */
  deltaFrom?: string;
  /** Folder or calendar the delta link belongs to. */
  containerId?: string;
  /** The configured sync folder name the folder was found for: the id is trusted while the setting is unchanged. */
  containerName?: string;
  /** Calendar view window the delta link was opened with. */
  windowStart?: string;
  windowEnd?: string;
  lastFullSync?: string;
  etag?: string;
}

export interface CursorStore {
  get(user: string, scope: string): Promise<Cursor | undefined>;
  put(cursor: Cursor): Promise<Cursor>;
  remove(user: string, scope: string): Promise<void>;
}
