// SeenRequestStore on Azure Table Storage: table `seenrequests`, PartitionKey = first two hex digits of the key's
// SHA-256, RowKey = the rest; each row holds when the request was received. Old rows are simply overwritten.
import { createHash } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import type { SeenRequestStore } from '../app/ports/seen-request-port';
import { parseRow } from './parse-row';
import { storageCall, storageStatus, toStorageError } from './storage-error';
import type { TableProvider } from './table-provider';

export const SEEN_REQUESTS_TABLE = 'seenrequests';
const rowSchema = z.object({ receivedAt: z.string().min(1) });

export class TableSeenRequestStore implements SeenRequestStore {
  constructor(private readonly tables: TableProvider) {}

  async seen(key: string, now: Date, windowMs: number): Promise<boolean> {
    const client = await this.table();
    const { partitionKey, rowKey } = keysOf(key);
    try {
      const row = parseRow(rowSchema, await client.getEntity(partitionKey, rowKey), SEEN_REQUESTS_TABLE);
      return now.getTime() - Date.parse(row.receivedAt) < windowMs;
    } catch (err) {
      if (storageStatus(err) === 404) return false;
      throw toStorageError(err, `read from '${SEEN_REQUESTS_TABLE}'`);
    }
  }

  async record(key: string, now: Date): Promise<void> {
    const client = await this.table();
    await storageCall(`write to '${SEEN_REQUESTS_TABLE}'`, () => client.upsertEntity({ ...keysOf(key), receivedAt: now.toISOString() }, 'Replace'));
  }

  private table(): Promise<TableClient> {
    return this.tables.getTable(SEEN_REQUESTS_TABLE);
  }
}

function keysOf(key: string): { partitionKey: string; rowKey: string } {
  const hash = createHash('sha256').update(key.trim().toLowerCase()).digest('hex');
  return { partitionKey: hash.slice(0, 2), rowKey: hash.slice(2) };
}
