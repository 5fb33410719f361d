// TableSeenRequestStore against Azurite: the first receipt of a request is decided once across instances, a repeat
// claims one delayed re-run (repeats while it waits collapse into it), and slots older than the window are deleted.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { startEmbeddedAzurite, type EmbeddedAzurite } from '../../shared/local/embedded-azurite';
import { TableClientFactory } from '../../shared/state/table-client-factory';
import { SEEN_REQUESTS_TABLE, SEEN_SLOT_MS, TableSeenRequestStore } from '../../shared/state/table-seen-request-store';

let azurite: EmbeddedAzurite;
before(async () => { azurite = await startEmbeddedAzurite(); });
after(async () => { await azurite.stop(); });

const WINDOW = SEEN_SLOT_MS;
const DELAY = 5_000;
const T0 = Date.UTC(2026, 11, 2, 10, 9, 0);
const at = (ms: number) => new Date(T0 + ms);

it('B-N3: a request is first once across instances; a repeat claims one re-run, repeats while it waits collapse, a later repeat claims the next', async () => {
  const tables = new TableClientFactory({ connectionString: azurite.connectionString, tablePrefix: 'seen1' });
  const one = new TableSeenRequestStore(tables);
  const two = new TableSeenRequestStore(tables);
  const receive = (store: TableSeenRequestStore, key: string, ms: number) => store.receive({ key, signedAt: at(0), now: at(ms), windowMs: WINDOW, repeatDelayMs: DELAY });
  assert.deepEqual(await receive(one, 'sha256=AB', 0), { kind: 'first' });
  assert.deepEqual(await receive(two, 'sha256=ab', 200), { kind: 'repeat', repeat: 1 }, 'another instance, hex case ignored');
  assert.deepEqual(await receive(one, 'sha256=AB', 300), { kind: 'repeat-pending' }, 'within the delay: collapses into re-run 1');
  assert.deepEqual(await receive(two, 'sha256=AB', 200 + DELAY + 1), { kind: 'repeat', repeat: 2 }, 're-run 1 was due: a new one');
  assert.deepEqual(await receive(two, 'sha256=CD', 300), { kind: 'first' }, 'another request');
  assert.deepEqual(await receive(one, 'sha256=AB', WINDOW + 1), { kind: 'first' }, 'forgotten after the window');
});

it('B-N3: of many instances receiving one request at once exactly one gets it first and exactly one claims its re-run', async () => {
  const tables = new TableClientFactory({ connectionString: azurite.connectionString, tablePrefix: 'seen3' });
  const stores = Array.from({ length: 8 }, () => new TableSeenRequestStore(tables));
  const all = (ms: number) => Promise.all(stores.map((s) => s.receive({ key: 'sha256=EF', signedAt: at(0), now: at(ms), windowMs: WINDOW, repeatDelayMs: DELAY })));
  const first = await all(0);
  assert.equal(first.filter((r) => r.kind === 'first').length, 1);
  assert.equal(first.filter((r) => r.kind === 'repeat').length, 1, 'the others: one re-run, the rest collapse into it');
  const again = await all(DELAY + 10);
  assert.deepEqual(again.filter((r) => r.kind !== 'repeat-pending'), [{ kind: 'repeat', repeat: 2 }]);
});

it('slots older than the window are deleted when a later request is received', async () => {
  const tables = new TableClientFactory({ connectionString: azurite.connectionString, tablePrefix: 'seen2' });
  const store = new TableSeenRequestStore(tables);
  for (let i = 0; i < 5; i++) await store.receive({ key: `sha256=${i}`, signedAt: at(i), now: at(i), windowMs: WINDOW, repeatDelayMs: DELAY });
  const later = at(3 * SEEN_SLOT_MS);
  await store.receive({ key: 'sha256=later', signedAt: later, now: later, windowMs: WINDOW, repeatDelayMs: DELAY });
  const client = await tables.getTable(SEEN_REQUESTS_TABLE);
  const left: string[] = [];
  for await (const row of client.listEntities()) left.push(String(row.rowKey));
  assert.equal(left.length, 1, 'only the latest slot is kept');
});
