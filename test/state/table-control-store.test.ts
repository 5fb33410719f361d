// Tests TableControlStore against a real (embedded) Azurite: 'stopped' when nothing is stored, round trips of the
// settings snapshot (also a long user list), concurrent updates from two instances, lost-race give-up, restarts.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TableClient } from '@azure/data-tables';
import { ExternalServiceError, isPreconditionFailed } from '../../shared/domain/external-service-error';
import type { SettingsSnapshot, SynchronizerState } from '../../shared/app/ports/control-store-port';
import { MAX_UPDATE_ATTEMPTS } from '../../shared/state/etag-retry';
import { TableClientFactory } from '../../shared/state/table-client-factory';
import { CONTROL_TABLE, TableControlStore } from '../../shared/state/table-control-store';
import { alwaysRacedTables } from '../support/always-raced-tables';
import { randomTablePrefix, startAzurite } from '../support/azurite';

const azurite = startAzurite();
const EPOCH = '1970-01-01T00:00:00.000Z';

async function freshTables() {
  const prefix = randomTablePrefix();
  const { connectionString } = await azurite;
  const factory = () => new TableClientFactory({ connectionString, tablePrefix: prefix });
  const tables = factory();
  return { factory, store: new TableControlStore(tables), raw: await tables.getTable(CONTROL_TABLE) };
}

function settings(overrides: Partial<SettingsSnapshot> = {}): SettingsSnapshot {
  return {
    synchronizeContacts: true,
    synchronizeActivities: false,
    contactPullInterval: { number: 15, unit: 'Minutes' },
    calendarPullInterval: { number: 1, unit: 'Hours' },
    enablePushSynchronization: true,
    users: ['anna@contoso.com', 'zoë@contoso.com'],
    readAt: '2026-03-01T08:00:00.000Z',
    ...overrides,
  };
}

async function rowCount(raw: TableClient): Promise<number> {
  let n = 0;
  for await (const _row of raw.listEntities()) n++;
  return n;
}

void describe('TableControlStore', () => {
  void it("answers 'stopped' since the epoch when no state was ever stored, without writing a row", async () => {
    const { store, raw } = await freshTables();
    assert.deepEqual(await store.get(), { state: 'stopped', changedAt: EPOCH });
    assert.equal(await rowCount(raw), 0);
  });

  void it('starts from the default and stores the change with an etag', async () => {
    const { store } = await freshTables();
    let seen: SynchronizerState | undefined;
    const saved = await store.update((current) => {
      seen = { ...current };
      return { ...current, state: 'started', changedAt: '2026-03-01T08:00:00.000Z', settings: settings(), lastTick: '2026-03-01T08:00' };
    });
    assert.deepEqual(seen, { state: 'stopped', changedAt: EPOCH });
    assert.ok(saved.etag);
    assert.deepEqual(saved, { state: 'started', changedAt: '2026-03-01T08:00:00.000Z', settings: settings(), lastTick: '2026-03-01T08:00', etag: saved.etag });
    assert.deepEqual(await store.get(), saved);
  });

  void it('applies changes to the stored state and drops fields set to undefined', async () => {
    const { store } = await freshTables();
    await store.update((s) => ({ ...s, state: 'started', settingsError: 'ContactPullInterval.Number: must be positive', settings: settings() }));
    const next = await store.update((s) => ({ ...s, settingsError: undefined, lastTick: '2026-03-01T08:05' }));
    assert.deepEqual(next, { state: 'started', changedAt: EPOCH, settings: settings(), lastTick: '2026-03-01T08:05', etag: next.etag });
    const read = await store.get();
    assert.deepEqual(read, next);
    assert.equal('settingsError' in read, false);
  });

  void it('keeps a settings snapshot with thousands of users', async () => {
    const { store } = await freshTables();
    const users = Array.from({ length: 3000 }, (_, i) => `user.number.${String(i).padStart(4, '0')}@contoso.com`);
    await store.update((s) => ({ ...s, settings: settings({ users }) }));
    assert.deepEqual((await store.get()).settings?.users, users);
  });

  void it('applies concurrent updates from two store instances without losing any', async () => {
    const { factory, store } = await freshTables();
    const other = new TableControlStore(factory());
    // Both race to create the row…
    await Promise.all([
      store.update((s) => ({ ...s, state: 'started', changedAt: '2026-03-01T08:00:00.000Z' })),
      other.update((s) => ({ ...s, lastTick: '2026-03-01T08:00' })),
    ]);
    // …then to replace it.
    await Promise.all([
      store.update((s) => ({ ...s, settings: settings() })),
      other.update((s) => ({ ...s, settingsError: 'Users: unreadable' })),
      store.update((s) => ({ ...s, lastTick: s.lastTick === undefined ? 'lost' : `${s.lastTick}+1` })),
    ]);
    const state = await store.get();
    assert.deepEqual(state, {
      state: 'started',
      changedAt: '2026-03-01T08:00:00.000Z',
      settings: settings(),
      settingsError: 'Users: unreadable',
      lastTick: '2026-03-01T08:00+1',
      etag: state.etag,
    });
  });

  void it(`gives up with a transient 412 after ${MAX_UPDATE_ATTEMPTS} lost races`, async () => {
    const { factory, store } = await freshTables();
    await store.update((s) => ({ ...s, state: 'started' }));
    let calls = 0;
    await assert.rejects(
      new TableControlStore(alwaysRacedTables(factory())).update((s) => {
        calls++;
        return { ...s, state: 'stopped' };
      }),
      (err: unknown) => isPreconditionFailed(err) && (err as ExternalServiceError).transient,
    );
    assert.equal(calls, MAX_UPDATE_ATTEMPTS);
    assert.equal((await store.get()).state, 'started');
  });

  void it('passes a failure of the change function through unchanged and writes nothing', async () => {
    const { store } = await freshTables();
    const bug = new TypeError('bug in the change');
    await assert.rejects(
      store.update(() => {
        throw bug;
      }),
      (err: unknown) => err === bug,
    );
    assert.deepEqual(await store.get(), { state: 'stopped', changedAt: EPOCH });
  });

  void it('keeps the state across a restart (a new store over the same tables)', async () => {
    const { factory, store } = await freshTables();
    const saved = await store.update((s) => ({ ...s, state: 'started', changedAt: '2026-03-01T08:00:00.000Z', settings: settings() }));
    assert.deepEqual(await new TableControlStore(factory()).get(), saved);
  });

  void it('rejects a corrupt stored row with a non-retryable error naming the field', async () => {
    const { store, raw } = await freshTables();
    await store.update((s) => ({ ...s, settings: settings() }));
    await raw.updateEntity({ partitionKey: 'synchronizer', rowKey: 'state', state: 'paused' }, 'Merge');
    await assert.rejects(store.get(), (err: unknown) => {
      assert.ok(err instanceof ExternalServiceError);
      assert.equal(err.code, 'InvalidStoredRow');
      assert.equal(err.transient, false);
      assert.match(err.message, /state/);
      return true;
    });
  });
});
