// ControlStore on Azure Table Storage: table `control`, one row (PartitionKey 'synchronizer', RowKey 'state').
// No row means 'stopped'; update() reads, applies the change and writes with If-Match, re-reading on a lost race.

import type { TableClient, TableEntityResult } from '@azure/data-tables';
import { ExternalServiceError } from '../domain/external-service-error';
import type { ControlStore, SynchronizerState } from '../app/ports/control-store-port';
import { putJson, readJson } from './chunked-json';
import { controlRowSchema, settingsSnapshotSchema } from './control-row.schema';
import { retryOnConflict } from './etag-retry';
import { parseRow } from './parse-row';
import { storageStatus, toStorageError } from './storage-error';
import type { TableProvider } from './table-provider';

export const CONTROL_TABLE = 'control';
const PARTITION = 'synchronizer';
const ROW = 'state';
/** changedAt of a synchronizer that never stored a state. */
const NEVER = new Date(0).toISOString();

type Row = TableEntityResult<Record<string, unknown>>;

export class TableControlStore implements ControlStore {
  constructor(private readonly tables: TableProvider) {}

  async get(): Promise<SynchronizerState> {
    const row = await this.read(await this.table());
    return row ? this.toState(row) : { state: 'stopped', changedAt: NEVER };
  }

  async update(change: (current: SynchronizerState) => SynchronizerState): Promise<SynchronizerState> {
    const client = await this.table();
    return retryOnConflict(`update synchronizer state in '${CONTROL_TABLE}'`, async () => {
      const row = await this.read(client);
      const current: SynchronizerState = row ? this.toState(row) : { state: 'stopped', changedAt: NEVER };
      const next = withoutUnset(change(current));
      const entity = this.toEntity(next);
      const response = current.etag === undefined ? await client.createEntity(entity) : await client.updateEntity(entity, 'Replace', { etag: current.etag });
      if (!response.etag) throw new ExternalServiceError('storage', 502, 'MissingEtag', `write to '${CONTROL_TABLE}' returned no ETag`);
      return { ...next, etag: response.etag };
    });
  }

  private table(): Promise<TableClient> {
    return this.tables.getTable(CONTROL_TABLE);
  }

  private async read(client: TableClient): Promise<Row | undefined> {
    try {
      return await client.getEntity<Record<string, unknown>>(PARTITION, ROW);
    } catch (err) {
      if (storageStatus(err) === 404) return undefined;
      throw toStorageError(err, `read from '${CONTROL_TABLE}'`);
    }
  }

  private toEntity(state: SynchronizerState): Record<string, unknown> & { partitionKey: string; rowKey: string } {
    const entity: Record<string, unknown> & { partitionKey: string; rowKey: string } = {
      partitionKey: PARTITION,
      rowKey: ROW,
      state: state.state,
      changedAt: state.changedAt,
    };
    if (state.settings !== undefined) putJson(entity, 'settings', state.settings);
    if (state.tickSettings !== undefined) putJson(entity, 'tickSettings', state.tickSettings);
    if (state.settingsError !== undefined) entity.settingsError = state.settingsError;
    if (state.lastTick !== undefined) entity.lastTick = state.lastTick;
    if (state.maintenanceLock !== undefined) {
      entity.lockToken = state.maintenanceLock.token;
      entity.lockUntil = state.maintenanceLock.until;
    }
    return entity;
  }

  private toState(row: Row): SynchronizerState {
    const { etag, state, changedAt, settingsError, lastTick, lockToken, lockUntil } = parseRow(controlRowSchema, row, CONTROL_TABLE);
    const result: SynchronizerState = { state, changedAt, etag };
    const settings = readJson(row, 'settings', settingsSnapshotSchema, CONTROL_TABLE);
    if (settings !== undefined) result.settings = settings;
    const tickSettings = readJson(row, 'tickSettings', settingsSnapshotSchema, CONTROL_TABLE);
    if (tickSettings !== undefined) result.tickSettings = tickSettings;
    if (settingsError !== undefined) result.settingsError = settingsError;
    if (lastTick !== undefined) result.lastTick = lastTick;
    if (lockToken !== undefined && lockUntil !== undefined) result.maintenanceLock = { token: lockToken, until: lockUntil };
    return result;
  }
}

/** The state without its etag and without optional fields set to undefined, as it will read back. */
function withoutUnset(state: SynchronizerState): SynchronizerState {
  const { etag: _etag, settings, tickSettings, settingsError, lastTick, maintenanceLock, ...rest } = state;
  return {
    ...rest,
    ...(settings !== undefined && { settings }),
    ...(tickSettings !== undefined && { tickSettings }),
    ...(settingsError !== undefined && { settingsError }),
    ...(lastTick !== undefined && { lastTick }),
    ...(maintenanceLock !== undefined && { maintenanceLock }),
  };
}
