// recordHistory (B-U4): entries of items just created on one side get the other side's id from their new link;
// for many entries the links are read page by page (scan) when the store can, never all held at once.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { recordHistory } from '../../shared/sync/history-entries';
import type { HistoryEntry, ItemHistoryStore } from '../../shared/sync/ports/item-history-port';
import type { LinkKind, LinkRecord, LinkStore } from '../../shared/sync/ports/link-store-port';
import { newRunReport } from '../../shared/sync/run-report';

const USER = 'adele@contoso.example';

function link(i: number): LinkRecord {
  return {
    user: USER, kind: 'contact', lnKey: `C${i}`, exchangeId: `AAMk-${i}`, state: 'linked', lnHash: 'h', exHash: 'h',
    lnValues: {}, exValues: {}, lastAction: 'created-in-exchange', reason: 'B-C1', updatedAt: '2024-01-01T00:00:00.000Z',
  };
}

/** Links that can only be scanned: listing them all fails the test. */
function scanOnlyLinks(links: LinkRecord[]): LinkStore & { scanned: number } {
  const store = {
    scanned: 0,
    list: (): Promise<LinkRecord[]> => Promise.reject(new Error('list must not be called')),
    async *scan(_user: string, _kind: LinkKind): AsyncIterable<LinkRecord> {
      for (const l of links) {
        store.scanned++;
        yield l;
      }
    },
    get: () => Promise.resolve(undefined),
    getByExchangeId: () => Promise.resolve(undefined),
    put: (l: LinkRecord) => Promise.resolve(l),
    putMany: (ls: readonly LinkRecord[]) => Promise.resolve(ls.map((l) => ({ ok: true as const, link: l }))),
    remove: () => Promise.resolve(),
    clear: () => Promise.resolve(),
  };
  return store;
}

function recorder(): ItemHistoryStore & { entries: HistoryEntry[] } {
  const r = { entries: [] as HistoryEntry[], record: (_u: string, e: HistoryEntry[]) => Promise.resolve(void r.entries.push(...e)), find: () => Promise.resolve([]) };
  return r;
}

it('B-U4: many items just created get their ids from the links scanned page by page, not from one list of all', async () => {
  const links = scanOnlyLinks(Array.from({ length: 60 }, (_, i) => link(i)));
  const history = recorder();
  const at = '2024-01-02T00:00:00.000Z';
  const toExchange: HistoryEntry[] = Array.from({ length: 30 }, (_, i) => ({ at, kind: 'contact', lnKey: `C${i}`, direction: 'to-exchange', action: 'created in Exchange', reason: 'B-C1', outcome: 'done' }));
  const toLn: HistoryEntry[] = [{ at, kind: 'contact', exchangeId: 'AAMk-45', direction: 'to-ln', action: 'created in LN', reason: 'B-C3', outcome: 'done' }];
  const report = newRunReport(USER, 'contacts', true, at);
  await recordHistory({ history, links }, USER, 'contact', [...toExchange, ...toLn], report);
  assert.deepEqual(report.warnings, []);
  assert.equal(links.scanned, 60);
  assert.equal(history.entries.length, 31);
  assert.deepEqual(history.entries.slice(0, 3).map((e) => e.exchangeId), ['AAMk-0', 'AAMk-1', 'AAMk-2']);
  assert.equal(history.entries.at(-1)?.lnKey, 'C45');
});
