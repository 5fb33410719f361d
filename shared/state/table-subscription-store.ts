// SubscriptionStore on Azure Table Storage: table `subscriptions`, PartitionKey 'subscription', RowKey = subscription id.
// Insert when the record has no etag (exists ⇒ 412), replace or delete with If-Match otherwise (stale ⇒ 412).

import { odata, type TableClient } from '@azure/data-tables';
import type { SubscriptionRecord, SubscriptionStore } from '../app/ports/subscription-store-port';
import { ExternalServiceError } from '../domain/external-service-error';
import { parseRow } from './parse-row';
import { storageCall, storageStatus, toStorageError } from './storage-error';
import { subscriptionRowSchema } from './subscription-row.schema';
import { escapeKey } from './table-key';
import type { TableProvider } from './table-provider';

export const SUBSCRIPTIONS_TABLE = 'subscriptions';
const PARTITION = 'subscription';

type SubscriptionEntity = Omit<SubscriptionRecord, 'etag'> & { partitionKey: string; rowKey: string };

export class TableSubscriptionStore implements SubscriptionStore {
  constructor(private readonly tables: TableProvider) {}

  async list(): Promise<SubscriptionRecord[]> {
    const client = await this.table();
    const filter = odata`PartitionKey eq ${PARTITION}`;
    const rows = await storageCall(`list '${SUBSCRIPTIONS_TABLE}'`, async () => {
      const found: unknown[] = [];
      for await (const row of client.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) found.push(row);
      return found;
    });
    return rows.map((row) => toRecord(row));
  }

  async forUser(user: string): Promise<SubscriptionRecord[]> {
    const client = await this.table();
    const filter = odata`PartitionKey eq ${PARTITION} and user eq ${user}`;
    const rows = await storageCall(`list '${SUBSCRIPTIONS_TABLE}'`, async () => {
      const found: unknown[] = [];
      for await (const row of client.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) found.push(row);
      return found;
    });
    return rows.map((row) => toRecord(row));
  }

  async get(subscriptionId: string): Promise<SubscriptionRecord | undefined> {
    const client = await this.table();
    try {
      return toRecord(await client.getEntity(PARTITION, escapeKey(subscriptionId)));
    } catch (err) {
      if (storageStatus(err) === 404) return undefined;
      throw toStorageError(err, `read from '${SUBSCRIPTIONS_TABLE}'`);
    }
  }

  async put(record: SubscriptionRecord): Promise<SubscriptionRecord> {
    const client = await this.table();
    const entity = toEntity(record);
    try {
      const response =
        record.etag === undefined ? await client.createEntity(entity) : await client.updateEntity(entity, 'Replace', { etag: record.etag });
      if (!response.etag) throw new ExternalServiceError('storage', 502, 'MissingEtag', `write to '${SUBSCRIPTIONS_TABLE}' returned no ETag`);
      return { ...withoutEtag(record), etag: response.etag };
    } catch (err) {
      throw writeError(err, record);
    }
  }

  /** Deletes the row (If-Match when the record has an etag); a row already gone counts as removed. */
  async remove(record: SubscriptionRecord): Promise<void> {
    const client = await this.table();
    try {
      await client.deleteEntity(PARTITION, escapeKey(record.subscriptionId), record.etag === undefined ? {} : { etag: record.etag });
    } catch (err) {
      const status = storageStatus(err);
      if (status === 404) return;
      if (status === 412) throw changed(record);
      throw toStorageError(err, `delete from '${SUBSCRIPTIONS_TABLE}'`);
    }
  }

  private table(): Promise<TableClient> {
    return this.tables.getTable(SUBSCRIPTIONS_TABLE);
  }
}

function toEntity(record: SubscriptionRecord): SubscriptionEntity {
  return {
    partitionKey: PARTITION,
    rowKey: escapeKey(record.subscriptionId),
    user: record.user,
    resource: record.resource,
    subscriptionId: record.subscriptionId,
    clientState: record.clientState,
    resourcePath: record.resourcePath,
    expiresAt: record.expiresAt,
    createdAt: record.createdAt,
  };
}

function toRecord(row: unknown): SubscriptionRecord {
  const { etag, user, resource, subscriptionId, clientState, resourcePath, expiresAt, createdAt } = parseRow(subscriptionRowSchema, row, SUBSCRIPTIONS_TABLE);
  return { user, resource, subscriptionId, clientState, resourcePath, expiresAt, createdAt, etag };
}

function withoutEtag(record: SubscriptionRecord): SubscriptionRecord {
  const { etag: _etag, ...rest } = record;
  return rest;
}

function what(record: SubscriptionRecord): string {
  return `subscription '${record.subscriptionId}' (${record.resource} of '${record.user}')`;
}

function changed(record: SubscriptionRecord): ExternalServiceError {
  return new ExternalServiceError('storage', 412, 'SubscriptionChanged', `${what(record)} changed since it was read`);
}

function writeError(err: unknown, record: SubscriptionRecord): ExternalServiceError {
  if (err instanceof ExternalServiceError) return err;
  const status = storageStatus(err);
  if (record.etag === undefined && status === 409) return new ExternalServiceError('storage', 412, 'SubscriptionExists', `${what(record)} already exists`);
  // Replace with If-Match on a row deleted meanwhile answers 404; for the caller it is the same lost race.
  if (record.etag !== undefined && (status === 412 || status === 404)) return changed(record);
  return toStorageError(err, `write to '${SUBSCRIPTIONS_TABLE}'`);
}
