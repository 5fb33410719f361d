// TableSeenRequestStore against Azurite: a request is seen within the window from any instance, and slots older than
// the window are deleted when a later request is recorded.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { startEmbeddedAzurite, type EmbeddedAzurite } from '../../shared/local/embedded-azurite';
import { TableClientFactory } from '../../shared/state/table-client-factory';
import { SEEN_REQUESTS_TABLE, SEEN_SLOT_MS, TableSeenRequestStore } from '../../shared/state/table-seen-request-store';

let azurite: EmbeddedAzurite;
before(async () => { azurite = await startEmbeddedAzurite(); });
after(async () => { await azurite.stop(); });

const WINDOW = SEEN_SLOT_MS;

it('B-N3: a recorded request is seen by another instance within the window, not after it', async () => {
  const tables = new TableClientFactory({ connectionString: azurite.connectionString, tablePrefix: 'seen1' });
  const one = new TableSeenRequestStore(tables);
  const two = new TableSeenRequestStore(tables);
  const t0 = new Date(Date.UTC(2026, 11, 2, 10, 9, 0));
  assert.equal(await two.seen('sha256=AB', t0, WINDOW), false);
  await one.record('sha256=AB', t0);
  assert.equal(await two.seen('sha256=ab', new Date(t0.getTime() + 60_000), WINDOW), true, 'across a slot boundary, hex case ignored');
  assert.equal(await two.seen('sha256=CD', new Date(t0.getTime() + 60_000), WINDOW), false, 'another request');
  assert.equal(await two.seen('sha256=AB', new Date(t0.getTime() + WINDOW + 1), WINDOW), false, 'forgotten after the window');
});

it('slots older than the window are deleted when a later request is recorded', async () => {
  const tables = new TableClientFactory({ connectionString: azurite.connectionString, tablePrefix: 'seen2' });
  const store = new TableSeenRequestStore(tables);
  const t0 = Date.UTC(2026, 11, 2, 10, 0, 0);
  for (let i = 0; i < 5; i++) await store.record(`sha256=${i}`, new Date(t0 + i));
  await store.record('sha256=later', new Date(t0 + 3 * SEEN_SLOT_MS));
  const client = await tables.getTable(SEEN_REQUESTS_TABLE);
  const left: string[] = [];
  for await (const row of client.listEntities()) left.push(String(row.rowKey));
  assert.equal(left.length, 1, 'only the latest slot is kept');
});
