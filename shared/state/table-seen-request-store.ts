// SeenRequestStore on Azure Table Storage: table `seenrequests`, PartitionKey = the 10-minute slot of the request's
// signed time (the same for every copy), RowKey = the SHA-256 of its key. Insert-if-absent decides the first receipt
// (409 = seen); a repeat's re-run is claimed with If-Match. Slots older than the window are deleted.
import { createHash } from 'node:crypto';
import { odata, type TableClient } from '@azure/data-tables';
import { z } from 'zod';
import type { ReceiveRequest, RequestReceipt, SeenRequestStore } from '../app/ports/seen-request-port';
import { retryOnConflict } from './etag-retry';
import { parseRow } from './parse-row';
import { storageStatus, toStorageError } from './storage-error';
import type { TableProvider } from './table-provider';

export const SEEN_REQUESTS_TABLE = 'seenrequests';
/** Width of one partition; rows of requests signed more than one slot before now are purged. */
export const SEEN_SLOT_MS = 10 * 60_000;
const rowSchema = z.object({
  receivedAt: z.string().min(1),
  /** Re-runs claimed so far by repeats of this request. */
  repeats: z.number().int().min(0).default(0),
  /** When the last claimed re-run is delivered ('' = none claimed). */
  repeatDueAt: z.string().default(''),
  etag: z.string().min(1),
});

export class TableSeenRequestStore implements SeenRequestStore {
  private purgedBelow = '';

  constructor(private readonly tables: TableProvider) {}

  async receive(request: ReceiveRequest): Promise<RequestReceipt> {
    const client = await this.table();
    const partitionKey = slotOf(request.signedAt.getTime());
    const rowKey = hashOf(request.key);
    const now = request.now.getTime();
    const receipt = await retryOnConflict(`write to '${SEEN_REQUESTS_TABLE}'`, async (): Promise<RequestReceipt> => {
      const fresh = { partitionKey, rowKey, receivedAt: request.now.toISOString(), repeats: 0, repeatDueAt: '' };
      if (await inserted(client, fresh)) return { kind: 'first' };
      const row = parseRow(rowSchema, await client.getEntity(partitionKey, rowKey), SEEN_REQUESTS_TABLE);
      // Forgotten after the window: this receipt starts over as the first (a lost race retries the whole attempt).
      if (now - Date.parse(row.receivedAt) >= request.windowMs) {
        await client.updateEntity(fresh, 'Replace', { etag: row.etag });
        return { kind: 'first' };
      }
      if (row.repeatDueAt !== '' && Date.parse(row.repeatDueAt) > now) return { kind: 'repeat-pending' };
      const repeat = row.repeats + 1;
      const repeatDueAt = new Date(now + request.repeatDelayMs).toISOString();
      await client.updateEntity({ partitionKey, rowKey, receivedAt: row.receivedAt, repeats: repeat, repeatDueAt }, 'Replace', { etag: row.etag });
      return { kind: 'repeat', repeat };
    });
    await this.purge(client, slotOf(now - SEEN_SLOT_MS));
    return receipt;
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

/** Insert-if-absent: false when the row exists (409), any other failure thrown. */
async function inserted(client: TableClient, row: Record<string, unknown> & { partitionKey: string; rowKey: string }): Promise<boolean> {
  try {
    await client.createEntity(row);
    return true;
  } catch (err) {
    if (storageStatus(err) === 409) return false;
    throw toStorageError(err, `write to '${SEEN_REQUESTS_TABLE}'`);
  }
}

/** Fixed-width slot number, so partition keys sort by time. */
function slotOf(ms: number): string {
  return String(Math.floor(ms / SEEN_SLOT_MS)).padStart(12, '0');
}

function hashOf(key: string): string {
  return createHash('sha256').update(key.trim().toLowerCase()).digest('hex');
}
