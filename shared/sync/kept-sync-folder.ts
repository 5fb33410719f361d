// The sync folder id kept with the cursor, so an incremental run needs no folder lookup (steady state: one Graph request).
// Full reconciliations look the folder up again; a kept folder that is gone is forgotten and the run retried.
import { isNotFound } from '../domain/external-service-error';
import type { Cursor, CursorStore } from './ports/cursor-store-port';

/** The kept id, when the cursor holds a delta position for the folder the setting still names. */
export function keptFolderId(cursor: Cursor | undefined, folderName: string): string | undefined {
  if (!cursor?.containerId || !cursor.deltaLink) return undefined;
  return cursor.containerName?.toLowerCase() === folderName.toLowerCase() ? cursor.containerId : undefined;
}

/** Waits for the gathering; when the kept folder no longer exists, the cursor forgets the name so the retry looks it up. */
export async function forgetFolderWhenGone<T>(cursors: CursorStore, keptFrom: Cursor | undefined, gathering: Promise<T>): Promise<T> {
  try {
    return await gathering;
  } catch (err) {
    if (keptFrom && isNotFound(err)) {
      const { containerName: _forgotten, ...rest } = keptFrom;
      await cursors.put(rest);
    }
    throw err;
  }
}
