// SeenRequestStore on Azure Table Storage: table `seenrequests`, PartitionKey = the 10-minute slot the request was
// received in, RowKey = the SHA-256 of its key. Slots older than the window are deleted, so the table stays small.
import { createHash } from 'node:crypto';
import { odata, type TableClient } from '@azure/data-tables';
import { z } from 'zod';
import type { SeenRequestStore } from '../app/ports/seen-request-port';
import { parseRow } from './parse-row';
import { storageCall, storageStatus, toStorageError } from './storage-error';
import type { TableProvider } from './table-provider';

export const SEEN_REQUESTS_TABLE = 'seenrequests';
/** Width of one partition; a window up to this long is covered by the current and the previous slot. */
export const SEEN_SLOT_MS = 10 * 60_000;
const rowSchema = z.object({ receivedAt: z.string().min(1) });

export class TableSeenRequestStore implements SeenRequestStore {
  private purgedBelow = '';

  constructor(private readonly tables: TableProvider) {}

  async seen(key: string, now: Date, windowMs: number): Promise<boolean> {
    const client = await this.table();
    const rowKey = hashOf(key);
    for (const partitionKey of [slotOf(now.getTime()), slotOf(now.getTime() - SEEN_SLOT_MS)]) {
      try {
        const row = parseRow(rowSchema, await client.getEntity(partitionKey, rowKey), SEEN_REQUESTS_TABLE);
        if (now.getTime() - Date.parse(row.receivedAt) < windowMs) return true;
      } catch (err) {
        if (storageStatus(err) !== 404) throw toStorageError(err, `read from '${SEEN_REQUESTS_TABLE}'`);
      }
    }
    return false;
  }

  async record(key: string, now: Date): Promise<void> {
    const client = await this.table();
    await storageCall(`write to '${SEEN_REQUESTS_TABLE}'`, () => client.upsertEntity({ partitionKey: slotOf(now.getTime()), rowKey: hashOf(key), receivedAt: now.toISOString() }, 'Replace'));
    await this.purge(client, slotOf(now.getTime() - SEEN_SLOT_MS));
  }

  /** Deletes the slots before `oldestKept` (once per slot and instance; another instance's purge is harmless). */
  private async purge(client: TableClient, oldestKept: string): Promise<void> {
    if (this.purgedBelow === oldestKept) return;
    const old = client.listEntities({ queryOptions: { filter: odata`PartitionKey lt ${oldestKept}`, select: ['PartitionKey', 'RowKey'] } });
    for await (const row of old) {
      await client.deleteEntity(String(row.partitionKey), String(row.rowKey)).catch((err: unknown) => {
        if (storageStatus(err) !== 404) throw toStorageError(err, `delete from '${SEEN_REQUESTS_TABLE}'`);
      });
    }
    this.purgedBelow = oldestKept;
  }

  private table(): Promise<TableClient> {
    return this.tables.getTable(SEEN_REQUESTS_TABLE);
  }
}

/** Fixed-width slot number, so partition keys sort by time. */
function slotOf(ms: number): string {
  return String(Math.floor(ms / SEEN_SLOT_MS)).padStart(12, '0');
}

function hashOf(key: string): string {
  return createHash('sha256').update(key.trim().toLowerCase()).digest('hex');
}
