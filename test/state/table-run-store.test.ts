// Tests TableRunStore against a real (embedded) Azurite: newest-first order and limit, replacing a re-recorded run,
// pruning beyond 50 runs per scope, capping long lists (split over several properties), restarts and corrupt rows.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ExternalServiceError } from '../../shared/domain/external-service-error';
import { newRunReport, type RunReport } from '../../shared/sync/run-report';
import { TableClientFactory } from '../../shared/state/table-client-factory';
import { escapeKey } from '../../shared/state/table-key';
import { RUN_LIST_CAP, RUN_TEXT_CAP, RUNS_KEPT, RUNS_TABLE, TableRunStore } from '../../shared/state/table-run-store';
import { randomTablePrefix, startAzurite } from '../support/azurite';

const azurite = startAzurite();
const ANNA = "anna/o'brien#1@contoso.com";

async function freshStore() {
  const prefix = randomTablePrefix();
  const factory = async () => new TableClientFactory({ connectionString: (await azurite).connectionString, tablePrefix: prefix });
  const tables = await factory();
  return { store: new TableRunStore(tables), raw: await tables.getTable(RUNS_TABLE), restart: async () => new TableRunStore(await factory()) };
}

/** A finished run that started `minute` minutes after 2026-03-01T08:00Z. */
function run(minute: number, overrides: Partial<RunReport> = {}): RunReport {
  const startedAt = new Date(Date.UTC(2026, 2, 1, 8, minute)).toISOString();
  const report = newRunReport(ANNA, 'contacts', false, startedAt);
  return {
    ...report,
    finishedAt: new Date(Date.parse(startedAt) + 30_000).toISOString(),
    toExchange: { created: minute, updated: 1, deleted: 0 },
    writes: minute + 1,
    ...overrides,
  };
}

async function rowKeys(raw: Awaited<ReturnType<typeof freshStore>>['raw'], user: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const row of raw.listEntities({ queryOptions: { filter: `PartitionKey eq '${escapeKey(user).replace(/'/g, "''")}'` } })) keys.push(row.rowKey as string);
  return keys;
}

void describe('TableRunStore', () => {
  void it('reads back a recorded run field for field', async () => {
    const { store } = await freshStore();
    const report = run(1, {
      full: true,
      toLn: { created: 2, updated: 3, deleted: 4 },
      conflicts: [{ field: 'jobTitle', lnValue: 'CFO', exchangeValue: 'CEO', winner: 'exchange', lnKey: '000123', exchangeId: 'AAk+/=' }],
      errors: [{ lnKey: '000124', action: 'update-exchange', message: 'Graph 429', transient: true }, { exchangeId: 'AAx', action: 'delete-ln', message: 'gone', transient: false }],
      warnings: ['Country "Atlantis" has no LN code 🌍'],
      needsAttention: 'mass delete stopped: 80 of 100 contacts',
    });
    await store.record(report);
    assert.deepEqual(await store.latest(ANNA, 'contacts', 5), [report]);
    assert.deepEqual(await store.latest(ANNA, 'calendar', 5), []);
    assert.deepEqual(await store.latest('bob@contoso.com', 'contacts', 5), []);
  });

  void it('returns runs newest first whatever the recording order, up to the limit, per user and scope', async () => {
    const { store } = await freshStore();
    for (const minute of [3, 1, 4, 0, 2]) await store.record(run(minute));
    await store.record(run(9, { scope: 'calendar' }));
    await store.record(run(8, { user: 'bob@contoso.com' }));
    const starts = (reports: RunReport[]) => reports.map((r) => new Date(r.startedAt).getUTCMinutes());
    assert.deepEqual(starts(await store.latest(ANNA, 'contacts', 10)), [4, 3, 2, 1, 0]);
    assert.deepEqual(starts(await store.latest(ANNA, 'contacts', 2)), [4, 3]);
    assert.deepEqual(starts(await store.latest(ANNA, 'calendar', 10)), [9]);
    assert.deepEqual(starts(await store.latest('bob@contoso.com', 'contacts', 10)), [8]);
    assert.deepEqual(await store.latest(ANNA, 'contacts', 0), []);
  });

  void it('orders by time across year and digit-length boundaries, millisecond apart', async () => {
    const { store } = await freshStore();
    const times = ['2001-09-09T01:46:39.999Z', '2001-09-09T01:46:40.000Z', '2025-12-31T23:59:59.999Z', '2026-01-01T00:00:00.000Z', '1999-01-01T00:00:00.000Z'];
    for (const startedAt of times) await store.record(run(0, { startedAt }));
    const read = (await store.latest(ANNA, 'contacts', 10)).map((r) => r.startedAt);
    assert.deepEqual(read, [...times].sort().reverse());
  });

  void it('replaces a run recorded again with the same start', async () => {
    const { store, raw } = await freshStore();
    await store.record(run(5, { finishedAt: undefined, writes: 0 }));
    await store.record(run(5, { writes: 42 }));
    const runs = await store.latest(ANNA, 'contacts', 10);
    assert.equal(runs.length, 1);
    assert.equal(runs[0]?.writes, 42);
    assert.equal((await rowKeys(raw, ANNA)).length, 1);
  });

  void it(`keeps only the newest ${RUNS_KEPT} runs per user and scope`, async () => {
    const { store, raw } = await freshStore();
    await store.record(run(0, { scope: 'calendar' }));
    for (let minute = 1; minute <= RUNS_KEPT + 7; minute++) await store.record(run(minute));
    const runs = await store.latest(ANNA, 'contacts', 1000);
    assert.equal(runs.length, RUNS_KEPT);
    assert.equal(new Date(runs[0]!.startedAt).getUTCMinutes(), RUNS_KEPT + 7);
    assert.equal(runs.at(-1)?.toExchange.created, 8, 'runs 1–7 were dropped');
    // Dropped from the table, not just hidden; the other scope is untouched.
    const keys = await rowKeys(raw, ANNA);
    assert.equal(keys.filter((k) => k.startsWith('contacts:')).length, RUNS_KEPT);
    assert.equal(keys.filter((k) => k.startsWith('calendar:')).length, 1);
  });

  void it(`caps long lists at ${RUN_LIST_CAP} entries with clipped texts and notes the totals`, async () => {
    const { store, raw } = await freshStore();
    // ASCII only: Azurite 3.35 corrupts a multi-byte character that straddles a chunk of a request body over 64 KiB
    // (Azure/Azurite#2670); real Table Storage does not. Non-ASCII round trips are covered by the short-report tests.
    const long = 'x'.repeat(5000);
    const report = run(1, {
      conflicts: Array.from({ length: 120 }, (_, i) => ({ field: 'notes', lnValue: `${i}${long}`, exchangeValue: `${i}${long}`, winner: 'ln' as const, lnKey: `K${i}`, exchangeId: `X${i}` })),
      errors: Array.from({ length: 80 }, (_, i) => ({ lnKey: `K${i}`, action: 'update-exchange', message: `failed ${i} ${long}`, transient: false })),
      warnings: Array.from({ length: 70 }, (_, i) => `warning ${i}`),
      needsAttention: long,
    });
    await store.record(report);
    const [read] = await store.latest(ANNA, 'contacts', 1);
    assert.ok(read);
    assert.equal(read.conflicts.length, RUN_LIST_CAP);
    assert.equal(read.errors.length, RUN_LIST_CAP);
    assert.equal(read.warnings.length, RUN_LIST_CAP);
    assert.deepEqual(read.totals, { conflicts: 120, errors: 80, warnings: 70 });
    assert.deepEqual(read.conflicts.map((c) => c.lnKey), report.conflicts.slice(0, RUN_LIST_CAP).map((c) => c.lnKey), 'the first entries are kept, in order');
    assert.deepEqual(read.warnings, report.warnings.slice(0, RUN_LIST_CAP));
    assert.ok(read.conflicts.every((c) => c.lnValue.length <= RUN_TEXT_CAP && c.lnValue.startsWith(`${c.lnKey.slice(1)}x`)));
    assert.ok(read.errors.every((e) => e.message.length <= RUN_TEXT_CAP));
    assert.equal(read.needsAttention?.length, RUN_TEXT_CAP);
    assert.equal(read.toExchange.created, 1);
    // The JSON did not fit one property: it was split, each part under the 32K-character limit.
    const [row] = await (async () => {
      const rows: Record<string, unknown>[] = [];
      for await (const r of raw.listEntities<Record<string, unknown>>()) rows.push(r);
      return rows;
    })();
    const parts = Object.keys(row ?? {}).filter((k) => /^report(_\d+)?$/.test(k));
    assert.ok(parts.length > 1, `expected the report split over several properties, got ${parts.join(', ')}`);
    assert.ok(parts.every((k) => (row?.[k] as string).length <= 32_000));
  });

  void it('does not mark a report whose lists fit', async () => {
    const { store } = await freshStore();
    const report = run(1, { warnings: Array.from({ length: RUN_LIST_CAP }, (_, i) => `w${i}`) });
    await store.record(report);
    const [read] = await store.latest(ANNA, 'contacts', 1);
    assert.deepEqual(read, report);
    assert.equal(read && 'totals' in read, false);
  });

  void it('keeps runs across a restart (a new store over the same tables)', async () => {
    const { store, restart } = await freshStore();
    await store.record(run(1));
    await store.record(run(2));
    const again = await restart();
    assert.deepEqual(await again.latest(ANNA, 'contacts', 10), [run(2), run(1)]);
  });

  void it('refuses a run without a usable start time', async () => {
    const { store } = await freshStore();
    await assert.rejects(store.record(run(1, { startedAt: 'yesterday' })), (err: unknown) => err instanceof ExternalServiceError && err.code === 'InvalidRunReport' && !err.transient);
  });

  void it('rejects a corrupt stored run with a non-retryable error naming the problem', async () => {
    const { store, raw } = await freshStore();
    await store.record(run(1));
    const [rowKey] = await rowKeys(raw, ANNA);
    await raw.updateEntity({ partitionKey: escapeKey(ANNA), rowKey: rowKey!, report: JSON.stringify({ ...run(1), scope: 'mail' }) }, 'Merge');
    await assert.rejects(store.latest(ANNA, 'contacts', 1), (err: unknown) => {
      assert.ok(err instanceof ExternalServiceError);
      assert.equal(err.code, 'InvalidStoredRow');
      assert.equal(err.transient, false);
      assert.match(err.message, /report\.scope/);
      return true;
    });
  });
});
