// Tests TableUserStatusStore against a real (embedded) Azurite: fresh defaults, round trips, caps on dead letters
// and warnings, concurrent updates from two instances (no lost update), giving up after 5 lost races, restarts.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ExternalServiceError, isPreconditionFailed } from '../../shared/domain/external-service-error';
import type { DeadLetter, UserStatus } from '../../shared/app/ports/user-status-port';
import { MAX_UPDATE_ATTEMPTS } from '../../shared/state/etag-retry';
import { TableClientFactory } from '../../shared/state/table-client-factory';
import { escapeKey } from '../../shared/state/table-key';
import { DEAD_LETTERS_KEPT, STATUS_TABLE, TableUserStatusStore, WARNINGS_KEPT } from '../../shared/state/table-user-status-store';
import { alwaysRacedTables } from '../support/always-raced-tables';
import { randomTablePrefix, startAzurite } from '../support/azurite';

const azurite = startAzurite();
const ANNA = "anna/o'brien#1@contoso.com";
const NOW = new Date('2026-03-01T08:00:00.000Z');

/** Tables under one random prefix; `factory()` gives a new factory over the same tables, as after a restart. */
async function freshTables() {
  const prefix = randomTablePrefix();
  const { connectionString } = await azurite;
  const factory = () => new TableClientFactory({ connectionString, tablePrefix: prefix });
  const tables = factory();
  return { factory, store: new TableUserStatusStore(tables, () => NOW), raw: await tables.getTable(STATUS_TABLE) };
}

const deadLetter = (minute: number): DeadLetter => ({
  job: JSON.stringify({ user: ANNA, scope: 'contacts', kind: 'incremental', n: minute }),
  reason: `LN 500 at minute ${minute}`,
  at: new Date(Date.UTC(2026, 2, 1, 7, minute)).toISOString(),
});

void describe('TableUserStatusStore', () => {
  void it('knows no user before the first update', async () => {
    const { store } = await freshTables();
    assert.equal(await store.get(ANNA), undefined);
    assert.deepEqual(await store.list(), []);
  });

  void it('starts a user from fresh defaults and returns what it stored, with an etag', async () => {
    const { store } = await freshTables();
    let seen: UserStatus | undefined;
    const saved = await store.update(ANNA, (current) => {
      seen = structuredClone(current);
      return current;
    });
    assert.deepEqual(seen, { user: ANNA, mailbox: 'ok', needsAttention: [], deadLetters: [], warnings: [], updatedAt: NOW.toISOString() });
    assert.ok(saved.etag);
    assert.deepEqual(saved, { ...seen, etag: saved.etag });
    assert.deepEqual(await store.get(ANNA), saved);
  });

  void it('round-trips every field and applies later changes to the stored status', async () => {
    const { store } = await freshTables();
    const full = await store.update(ANNA, (s) => ({
      ...s,
      mailbox: 'no mailbox (B-L5) — ü',
      needsAttention: [{ scope: 'calendar', message: 'mass delete stopped', since: '2026-03-01T07:00:00Z' }],
      lastError: { scope: 'contacts', message: 'Graph 503', transient: true, at: '2026-03-01T07:30:00Z' },
      deadLetters: [deadLetter(1)],
      warnings: ['Country "Atlantis" has no LN code 🌍'],
      updatedAt: '2026-03-01T07:31:00Z',
    }));
    assert.deepEqual(await store.get(ANNA), full);
    const cleared = await store.update(ANNA, (s) => {
      const { lastError: _gone, ...rest } = s;
      return { ...rest, warnings: [...s.warnings, 'second'] };
    });
    assert.notEqual(cleared.etag, full.etag);
    const read = await store.get(ANNA);
    assert.deepEqual(read, cleared);
    assert.equal(read && 'lastError' in read, false);
    assert.deepEqual(read?.warnings, ['Country "Atlantis" has no LN code 🌍', 'second']);
    assert.equal(read?.user, ANNA);
  });

  void it(`keeps the ${DEAD_LETTERS_KEPT} newest dead letters, newest first, and the last ${WARNINGS_KEPT} warnings, each once`, async () => {
    const { store } = await freshTables();
    const minutes = Array.from({ length: 27 }, (_, i) => (i * 7) % 27); // every minute 0–26, shuffled
    const saved = await store.update(ANNA, (s) => ({
      ...s,
      deadLetters: minutes.map(deadLetter),
      warnings: [...Array.from({ length: 60 }, (_, i) => `w${i}`), 'w59', 'w3'],
    }));
    const expectedMinutes = Array.from({ length: DEAD_LETTERS_KEPT }, (_, i) => 26 - i);
    assert.deepEqual(saved.deadLetters, expectedMinutes.map(deadLetter));
    assert.deepEqual(saved.warnings, Array.from({ length: WARNINGS_KEPT }, (_, i) => `w${i + 10}`));
    assert.deepEqual(await store.get(ANNA), saved);
  });

  void it('stores large dead-letter jobs over several properties', async () => {
    const { store, raw } = await freshTables();
    const big = (i: number): DeadLetter => ({ job: JSON.stringify({ user: ANNA, payload: 'p'.repeat(4000), i }), reason: 'too big', at: `2026-03-01T07:${String(10 + i)}:00.000Z` });
    const saved = await store.update(ANNA, (s) => ({ ...s, deadLetters: Array.from({ length: 20 }, (_, i) => big(19 - i)) }));
    assert.deepEqual((await store.get(ANNA))?.deadLetters, saved.deadLetters);
    const row = await raw.getEntity<Record<string, unknown>>('user', escapeKey(ANNA));
    assert.ok('deadLetters_1' in row && 'deadLetters_2' in row);
  });

  void it('applies concurrent updates from two store instances without losing any', async () => {
    const { factory, store } = await freshTables();
    await store.update(ANNA, (s) => s); // both instances then race on an existing row…
    const other = new TableUserStatusStore(factory(), () => NOW);
    const add = (s: UserStatus, w: string): UserStatus => ({ ...s, warnings: [...s.warnings, w] });
    await Promise.all([store.update(ANNA, (s) => add(s, 'a1')), other.update(ANNA, (s) => add(s, 'b1')), store.update(ANNA, (s) => add(s, 'a2')), other.update(ANNA, (s) => add(s, 'b2'))]);
    assert.deepEqual((await store.get(ANNA))?.warnings.sort(), ['a1', 'a2', 'b1', 'b2']);
    // …and on a row that does not exist yet (two inserts: one must re-read and replace).
    await Promise.all([store.update('bob@contoso.com', (s) => add(s, 'a')), other.update('bob@contoso.com', (s) => add(s, 'b'))]);
    assert.deepEqual((await other.get('bob@contoso.com'))?.warnings.sort(), ['a', 'b']);
  });

  void it(`gives up with a transient 412 after ${MAX_UPDATE_ATTEMPTS} lost races, re-reading each time`, async () => {
    const { factory, store } = await freshTables();
    await store.update(ANNA, (s) => ({ ...s, mailbox: 'before' }));
    const raced = new TableUserStatusStore(alwaysRacedTables(factory()), () => NOW);
    let calls = 0;
    await assert.rejects(
      raced.update(ANNA, (s) => {
        calls++;
        return { ...s, mailbox: 'never' };
      }),
      (err: unknown) => {
        assert.ok(isPreconditionFailed(err), String(err));
        assert.equal((err as ExternalServiceError).transient, true);
        return true;
      },
    );
    assert.equal(calls, MAX_UPDATE_ATTEMPTS);
    assert.equal((await store.get(ANNA))?.mailbox, 'before');
  });

  void it('lists every user and keeps them across a restart', async () => {
    const { factory, store } = await freshTables();
    const users = [ANNA, 'bob@contoso.com', 'zoë@contoso.com'];
    for (const user of users) await store.update(user, (s) => ({ ...s, mailbox: `mailbox of ${user}` }));
    const restarted = new TableUserStatusStore(factory());
    const listed = await restarted.list();
    assert.deepEqual(listed.map((s) => s.user).sort(), [...users].sort());
    assert.ok(listed.every((s) => s.mailbox === `mailbox of ${s.user}` && s.etag));
    assert.deepEqual(await restarted.get(ANNA), listed.find((s) => s.user === ANNA));
  });

  void it('rejects a corrupt stored row with a non-retryable error naming the field', async () => {
    const { store, raw } = await freshTables();
    await store.update(ANNA, (s) => s);
    await raw.updateEntity({ partitionKey: 'user', rowKey: escapeKey(ANNA), deadLetters: '[{"job":1}]' }, 'Merge');
    await assert.rejects(store.get(ANNA), (err: unknown) => {
      assert.ok(err instanceof ExternalServiceError);
      assert.equal(err.code, 'InvalidStoredRow');
      assert.equal(err.transient, false);
      assert.match(err.message, /deadLetters/);
      return true;
    });
  });
});
