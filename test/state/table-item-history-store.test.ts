// TableItemHistoryStore against Azurite (B-U4): entries kept newest first and bounded to 20 per item, found by LN
// key, Exchange id and email; a large run reads the user's item rows with one range query and loses nothing.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { TableItemHistoryStore } from '../../shared/state/table-item-history-store';
import { HISTORY_KEPT, type HistoryEntry } from '../../shared/sync/ports/item-history-port';
import { isolatedTables, startAzurite } from '../support/azurite';

const azurite = startAzurite();
const USER = 'adele@contoso.example';

function entry(i: number, lnKey: string, at = new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString()): HistoryEntry {
  return { at, kind: 'contact', lnKey, exchangeId: `AAMk-${lnKey}`, email: `${lnKey.toLowerCase()}@example.com`, name: `Name ${lnKey}`, direction: 'to-exchange', action: `action ${i}`, reason: `B-C1: reason ${i}`, outcome: 'done' };
}

it('B-U4: keeps the last 20 actions per item, newest first, and finds the item by LN key, Exchange id and email', async () => {
  const store = new TableItemHistoryStore(isolatedTables(await azurite));
  for (let run = 0; run < 25; run++) await store.record(USER, [entry(run, 'C1')]);
  const [item] = await store.find(USER, 'C1');
  assert.equal(item?.entries.length, HISTORY_KEPT);
  assert.equal(item?.entries[0]?.action, 'action 24');
  assert.equal(item?.entries[HISTORY_KEPT - 1]?.action, 'action 5');
  assert.equal((await store.find(USER, 'AAMk-C1'))[0]?.lnKey, 'C1');
  assert.equal((await store.find(USER, 'C1@EXAMPLE.COM'))[0]?.lnKey, 'C1');
  assert.deepEqual(await store.find('other@contoso.example', 'C1'), []);
});

it('B-U4: a run with hundreds of items appends to each item\'s history', async () => {
  const store = new TableItemHistoryStore(isolatedTables(await azurite));
  const keys = Array.from({ length: 250 }, (_, i) => `K${i}`);
  await store.record(USER, keys.map((k) => entry(1, k)));
  await store.record(USER, keys.map((k) => entry(2, k)));
  for (const k of ['K0', 'K137', 'K249']) assert.deepEqual((await store.find(USER, k))[0]?.entries.map((e) => e.action), ['action 2', 'action 1']);
});

it('B-U4: a run larger than one write slice (500 items) loses no item and no index row at the slice edges', async () => {
  const store = new TableItemHistoryStore(isolatedTables(await azurite));
  const keys = Array.from({ length: 1_050 }, (_, i) => `S${i}`);
  await store.record(USER, keys.map((k) => entry(1, k)));
  for (const k of ['S0', 'S499', 'S500', 'S999', 'S1000', 'S1049']) {
    assert.equal((await store.find(USER, k))[0]?.entries[0]?.action, 'action 1', `${k} by LN key`);
    assert.equal((await store.find(USER, `AAMk-${k}`))[0]?.lnKey, k, `${k} by Exchange id`);
    assert.equal((await store.find(USER, `${k.toLowerCase()}@example.com`))[0]?.lnKey, k, `${k} by email`);
  }
});
