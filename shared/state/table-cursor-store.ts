// CursorStore on Azure Table Storage: table `cursors`, PartitionKey = user, RowKey = scope.
// Insert when the cursor has no etag (exists ⇒ 412), replace with If-Match otherwise (stale ⇒ 412).

import type { TableClient } from '@azure/data-tables';
import { ExternalServiceError } from '../domain/external-service-error';
import type { Cursor, CursorStore } from '../sync/ports/cursor-store-port';
import { cursorRowSchema } from './cursor-row.schema';
import { parseRow } from './parse-row';
import { storageStatus, toStorageError } from './storage-error';
import { escapeKey } from './table-key';
import type { TableProvider } from './table-provider';

export const CURSORS_TABLE = 'cursors';

const POSITION_FIELDS = ['lnWatermark', 'lnDeletedWatermark', 'deltaLink', 'deltaFrom', 'containerId', 'containerName', 'windowStart', 'windowEnd', 'lastFullSync'] as const;

export class TableCursorStore implements CursorStore {
  constructor(private readonly tables: TableProvider) {}

  async get(user: string, scope: string): Promise<Cursor | undefined> {
    const client = await this.table();
    try {
      const row = await client.getEntity(escapeKey(user), escapeKey(scope));
      return this.toCursor(row);
    } catch (err) {
      if (storageStatus(err) === 404) return undefined;
      throw toStorageError(err, `read from '${CURSORS_TABLE}'`);
    }
  }

  async put(cursor: Cursor): Promise<Cursor> {
    const client = await this.table();
    const entity = this.toEntity(cursor);
    try {
      const response =
        cursor.etag === undefined ? await client.createEntity(entity) : await client.updateEntity(entity, 'Replace', { etag: cursor.etag });
      if (!response.etag) throw new ExternalServiceError('storage', 502, 'MissingEtag', `write to '${CURSORS_TABLE}' returned no ETag`);
      return { ...cursor, etag: response.etag };
    } catch (err) {
      throw this.writeError(err, cursor);
    }
  }

  async remove(user: string, scope: string): Promise<void> {
    const client = await this.table();
    try {
      await client.deleteEntity(escapeKey(user), escapeKey(scope));
    } catch (err) {
      if (storageStatus(err) !== 404) throw toStorageError(err, `delete from '${CURSORS_TABLE}'`);
    }
  }

  private table(): Promise<TableClient> {
    return this.tables.getTable(CURSORS_TABLE);
  }

  private writeError(err: unknown, cursor: Cursor): ExternalServiceError {
    const status = storageStatus(err);
    const what = `cursor '${cursor.scope}' of '${cursor.user}'`;
    if (cursor.etag === undefined && status === 409) return new ExternalServiceError('storage', 412, 'CursorExists', `${what} already exists`);
    // Replace with If-Match on a row deleted meanwhile answers 404; for the caller it is the same lost race.
    if (cursor.etag !== undefined && (status === 412 || status === 404)) return new ExternalServiceError('storage', 412, 'CursorChanged', `${what} changed since it was read`);
    return toStorageError(err, `write to '${CURSORS_TABLE}'`);
  }

  private toEntity(cursor: Cursor): Record<string, string> & { partitionKey: string; rowKey: string } {
    const entity: Record<string, string> & { partitionKey: string; rowKey: string } = {
      partitionKey: escapeKey(cursor.user),
      rowKey: escapeKey(cursor.scope),
      user: cursor.user,
      scope: cursor.scope,
    };
    for (const field of POSITION_FIELDS) {
      const value = cursor[field];
      if (value !== undefined) entity[field] = value;
    }
    return entity;
  }

  private toCursor(row: unknown): Cursor {
    const parsed = parseRow(cursorRowSchema, row, CURSORS_TABLE);
    const cursor: Cursor = { user: parsed.user, scope: parsed.scope, etag: parsed.etag };
    for (const field of POSITION_FIELDS) {
      const value = parsed[field];
      if (value !== undefined) cursor[field] = value;
    }
    return cursor;
  }
}
