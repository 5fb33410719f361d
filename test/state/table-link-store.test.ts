// Tests TableLinkStore against a real (embedded) Azurite: inserts, ETag-guarded replaces, the Exchange-id index,
// awkward key characters, listing hundreds of rows, clear, and rejection of corrupt stored rows.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TransactionAction } from '@azure/data-tables';
import { ExternalServiceError, isPreconditionFailed } from '../../shared/domain/external-service-error';
import type { LinkKind, LinkRecord } from '../../shared/sync/ports/link-store-port';
import { LINKS_TABLE, TableLinkStore } from '../../shared/state/table-link-store';
import { escapeKey } from '../../shared/state/table-key';
import { isolatedTables, startAzurite } from '../support/azurite';

const azurite = startAzurite();

async function freshStore() {
  const tables = isolatedTables(await azurite);
  return { store: new TableLinkStore(tables), raw: await tables.getTable(LINKS_TABLE) };
}

/** A realistic Exchange immutable id: long base64 with `+`, `/` and `=` padding. */
const EXCHANGE_ID = 'AAkALgAAAAAAHYQDEapmEc2byACqAC+EWg0Ad/3W+hQ1s0e2S5Ed3hG8zQAAAgEOAAAA+Ek7mD5dRkW4GMfEE1sKxQAAAA/Nz1pAAA=';

function link(overrides: Partial<LinkRecord> = {}): LinkRecord {
  return {
    user: 'anna@contoso.com',
    kind: 'contact',
    lnKey: '000123',
    exchangeId: EXCHANGE_ID,
    state: 'linked',
    lnHash: 'ln-hash-1',
    exHash: 'ex-hash-1',
    lnValues: { givenName: 'Anna', surname: 'Berg' },
    exValues: { givenName: 'Anna', surname: 'Berg', note: 'line 1\nline "2"' },
    lastAction: 'create-exchange',
    reason: 'new in LN',
    updatedAt: '2025-01-02T03:04:05.000Z',
    ...overrides,
  };
}

async function rejectsWith412(promise: Promise<unknown>, code?: string): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(isPreconditionFailed(err), `expected a 412 storage error, got ${String(err)}`);
    assert.equal((err as ExternalServiceError).service, 'storage');
    if (code) assert.equal((err as ExternalServiceError).code, code);
    return true;
  });
}

void describe('TableLinkStore', () => {
  void it('inserts a link and reads back every field with an etag', async () => {
    const { store } = await freshStore();
    const saved = await store.put(link());
    assert.ok(saved.etag);
    const read = await store.get('anna@contoso.com', 'contact', '000123');
    assert.deepEqual(read, { ...link(), etag: saved.etag });
  });

  void it('answers undefined for unknown keys and Exchange ids', async () => {
    const { store } = await freshStore();
    assert.equal(await store.get('anna@contoso.com', 'contact', 'nope'), undefined);
    assert.equal(await store.getByExchangeId('anna@contoso.com', 'contact', EXCHANGE_ID), undefined);
    assert.deepEqual(await store.list('anna@contoso.com', 'contact'), []);
  });

  void it('replaces with a matching etag and returns a new etag', async () => {
    const { store } = await freshStore();
    const first = await store.put(link());
    const second = await store.put({ ...first, lnHash: 'ln-hash-2', lnValues: { givenName: 'Annika' } });
    assert.ok(second.etag && second.etag !== first.etag);
    const read = await store.get('anna@contoso.com', 'contact', '000123');
    assert.equal(read?.lnHash, 'ln-hash-2');
    assert.deepEqual(read?.lnValues, { givenName: 'Annika' });
    assert.equal(read?.etag, second.etag);
    const third = await store.put({ ...second, reason: 'again' }); // the returned etag is usable as-is
    assert.equal((await store.get('anna@contoso.com', 'contact', '000123'))?.etag, third.etag);
  });

  void it('rejects a stale etag with 412 and keeps the newer row', async () => {
    const { store } = await freshStore();
    const first = await store.put(link());
    await store.put({ ...first, lnHash: 'winner' });
    await rejectsWith412(store.put({ ...first, lnHash: 'loser' }), 'LinkChanged');
    assert.equal((await store.get('anna@contoso.com', 'contact', '000123'))?.lnHash, 'winner');
  });

  void it('rejects a second insert of the same link with 412 LinkExists', async () => {
    const { store } = await freshStore();
    await store.put(link());
    await rejectsWith412(store.put(link({ lnHash: 'other' })), 'LinkExists');
    assert.equal((await store.get('anna@contoso.com', 'contact', '000123'))?.lnHash, 'ln-hash-1');
  });

  void it('rejects a replace of a link removed meanwhile with 412', async () => {
    const { store } = await freshStore();
    const saved = await store.put(link());
    await store.remove(saved);
    await rejectsWith412(store.put({ ...saved, reason: 'late' }));
  });

  void it('finds a link by Exchange id and follows exchangeId changes', async () => {
    const { store, raw } = await freshStore();
    const saved = await store.put(link());
    assert.equal((await store.getByExchangeId('anna@contoso.com', 'contact', EXCHANGE_ID))?.lnKey, '000123');

    const newId = `${EXCHANGE_ID.slice(0, -4)}Zz/+==`;
    await store.put({ ...saved, exchangeId: newId });
    assert.equal(await store.getByExchangeId('anna@contoso.com', 'contact', EXCHANGE_ID), undefined);
    assert.equal((await store.getByExchangeId('anna@contoso.com', 'contact', newId))?.lnKey, '000123');
    // The old reverse row is gone, not merely ignored.
    const rowKeys = [];
    for await (const row of raw.listEntities()) rowKeys.push(row.rowKey);
    assert.deepEqual(rowKeys.sort(), [`contact:000123`, `x:contact:${escapeKey(newId)}`].sort());
  });

  void it('keeps the index of an Exchange id another link has taken over', async () => {
    const { store } = await freshStore();
    const a = await store.put(link({ lnKey: 'A' }));
    await store.put(link({ lnKey: 'B' })); // same Exchange id, B now owns the index row
    await store.put({ ...a, exchangeId: 'other-id' });
    assert.equal((await store.getByExchangeId('anna@contoso.com', 'contact', EXCHANGE_ID))?.lnKey, 'B');
    assert.equal((await store.getByExchangeId('anna@contoso.com', 'contact', 'other-id'))?.lnKey, 'A');
  });

  void it('stores links without an Exchange id and never indexes the empty id', async () => {
    const { store } = await freshStore();
    await store.put(link({ exchangeId: '', state: 'excluded' }));
    assert.equal((await store.get('anna@contoso.com', 'contact', '000123'))?.state, 'excluded');
    assert.equal(await store.getByExchangeId('anna@contoso.com', 'contact', ''), undefined);
  });

  void it('handles keys with / \\ # ? % + = quotes, spaces, control and non-ASCII characters', async () => {
    const { store } = await freshStore();
    const user = "o'brien/x#y?z%25+=@contoso.com";
    const lnKey = "100/2\\3#4?5%6+7=8 'q' (a)*!\tü€";
    const exchangeId = `${EXCHANGE_ID}/%2F#?`;
    const saved = await store.put(link({ user, lnKey, exchangeId }));
    const read = await store.get(user, 'contact', lnKey);
    assert.equal(read?.lnKey, lnKey);
    assert.equal(read?.user, user);
    assert.equal((await store.getByExchangeId(user, 'contact', exchangeId))?.lnKey, lnKey);
    assert.deepEqual((await store.list(user, 'contact')).map((l) => l.lnKey), [lnKey]);
    // Similar-looking keys stay distinct (the escape character itself is escaped).
    assert.equal(await store.get(user, 'contact', '100%2F2'), undefined);
    await store.remove(saved);
    assert.equal(await store.get(user, 'contact', lnKey), undefined);
    assert.equal(await store.getByExchangeId(user, 'contact', exchangeId), undefined);
  });

  void it('lists only the links of one user and kind, over a few hundred rows', async () => {
    const { store } = await freshStore();
    const count = 320;
    for (let i = 0; i < count; i++) await store.put(link({ lnKey: `C${String(i).padStart(4, '0')}`, exchangeId: `ex-${i}` }));
    await store.put(link({ kind: 'event', lnKey: 'E1', exchangeId: 'ev-1' }));
    await store.put(link({ user: 'bob@contoso.com', lnKey: 'C0001', exchangeId: 'bob-1' }));
    const contacts = await store.list('anna@contoso.com', 'contact');
    assert.equal(contacts.length, count);
    assert.ok(contacts.every((l) => l.kind === 'contact' && l.user === 'anna@contoso.com' && l.etag));
    assert.deepEqual((await store.list('anna@contoso.com', 'event')).map((l) => l.lnKey), ['E1']);
  });

  void it('pages through more than 1000 rows', async () => {
    const { store, raw } = await freshStore();
    const pk = escapeKey('anna@contoso.com');
    const total = 1050;
    for (let start = 0; start < total; start += 100) {
      const actions: TransactionAction[] = [];
      for (let i = start; i < Math.min(start + 100, total); i++) {
        const { user, kind, lnKey, exchangeId, state, lnHash, exHash, lastAction, reason, updatedAt } = link({ lnKey: `K${i}` });
        const values = { lnValues: '{}', exValues: '{}' };
        actions.push(['create', { partitionKey: pk, rowKey: `contact:K${i}`, user, kind, lnKey, exchangeId, state, lnHash, exHash, lastAction, reason, updatedAt, ...values }]);
      }
      await raw.submitTransaction(actions);
    }
    const all = await store.list('anna@contoso.com', 'contact');
    assert.equal(all.length, total);
    assert.equal(new Set(all.map((l) => l.lnKey)).size, total);
  });

  void it('clear drops every row of a user and kind, index rows included, and nothing else', async () => {
    const { store, raw } = await freshStore();
    for (let i = 0; i < 130; i++) await store.put(link({ lnKey: `C${i}`, exchangeId: `ex-${i}` }));
    await store.put(link({ kind: 'event', lnKey: 'E1', exchangeId: 'ev-1' }));
    await store.put(link({ user: 'bob@contoso.com', lnKey: 'C1', exchangeId: 'ex-1' }));
    await store.clear('anna@contoso.com', 'contact');
    assert.deepEqual(await store.list('anna@contoso.com', 'contact'), []);
    assert.equal(await store.getByExchangeId('anna@contoso.com', 'contact', 'ex-5'), undefined);
    assert.equal((await store.getByExchangeId('anna@contoso.com', 'event', 'ev-1'))?.lnKey, 'E1');
    assert.equal((await store.getByExchangeId('bob@contoso.com', 'contact', 'ex-1'))?.lnKey, 'C1');
    let remaining = 0;
    for await (const row of raw.listEntities({ queryOptions: { filter: `PartitionKey eq '${escapeKey('anna@contoso.com')}'` } })) {
      assert.ok(!String(row.rowKey).startsWith('contact:') && !String(row.rowKey).startsWith('x:contact:'));
      remaining++;
    }
    assert.equal(remaining, 2); // the event row and its index row
  });

  void it('remove deletes the link and its index row; a stale etag is refused with 412', async () => {
    const { store } = await freshStore();
    const first = await store.put(link());
    const second = await store.put({ ...first, reason: 'newer' });
    await rejectsWith412(store.remove(first));
    assert.ok(await store.get('anna@contoso.com', 'contact', '000123'));
    await store.remove(second);
    assert.equal(await store.get('anna@contoso.com', 'contact', '000123'), undefined);
    assert.equal(await store.getByExchangeId('anna@contoso.com', 'contact', EXCHANGE_ID), undefined);
    await store.remove(second); // removing twice is harmless
  });

  void it('putMany writes 60 new links of one user in two transactions, each readable with its etag and by Exchange id', async () => {
    const tables = isolatedTables(await azurite);
    const raw = await tables.getTable(LINKS_TABLE);
    let transactions = 0;
    const submit = raw.submitTransaction.bind(raw);
    raw.submitTransaction = (actions) => { transactions++; return submit(actions); };
    const store = new TableLinkStore(tables);
    const links = Array.from({ length: 60 }, (_, i) => link({ lnKey: `K${i}`, exchangeId: `${EXCHANGE_ID}${i}` }));
    const outcomes = await store.putMany(links);
    assert.equal(transactions, 2);
    for (const [i, outcome] of outcomes.entries()) {
      assert.ok(outcome.ok);
      assert.deepEqual(await store.getByExchangeId('anna@contoso.com', 'contact', `${EXCHANGE_ID}${i}`), { ...links[i], etag: outcome.link.etag });
    }
  });

  void it('putMany: a link that exists already fails alone with LinkExists, the others of its group are written', async () => {
    const { store } = await freshStore();
    await store.put(link({ lnKey: 'K3', reason: 'first' }));
    const outcomes = await store.putMany(Array.from({ length: 6 }, (_, i) => link({ lnKey: `K${i}`, exchangeId: `${EXCHANGE_ID}${i}`, reason: 'second' })));
    assert.deepEqual(outcomes.map((o) => o.ok), [true, true, true, false, true, true]);
    const failed = outcomes[3];
    assert.ok(failed && !failed.ok && isPreconditionFailed(failed.error) && (failed.error as ExternalServiceError).code === 'LinkExists');
    assert.equal((await store.get('anna@contoso.com', 'contact', 'K3'))?.reason, 'first');
    assert.equal((await store.list('anna@contoso.com', 'contact')).filter((l) => l.reason === 'second').length, 5);
  });

  void it('putMany replaces with etags, moves the index of a changed Exchange id, and refuses a stale etag alone', async () => {
    const { store } = await freshStore();
    const stored = await Promise.all([0, 1, 2].map((i) => store.put(link({ lnKey: `K${i}`, exchangeId: `${EXCHANGE_ID}${i}` }))));
    await store.put({ ...stored[2]!, reason: 'someone else' });
    const outcomes = await store.putMany([
      { ...stored[0]!, reason: 'again' },
      { ...stored[1]!, exchangeId: `${EXCHANGE_ID}new` },
      { ...stored[2]!, reason: 'stale' },
    ]);
    assert.deepEqual(outcomes.map((o) => o.ok), [true, true, false]);
    const stale = outcomes[2];
    assert.ok(stale && !stale.ok && isPreconditionFailed(stale.error));
    assert.equal((await store.get('anna@contoso.com', 'contact', 'K0'))?.reason, 'again');
    assert.equal((await store.getByExchangeId('anna@contoso.com', 'contact', `${EXCHANGE_ID}new`))?.lnKey, 'K1');
    assert.equal(await store.getByExchangeId('anna@contoso.com', 'contact', `${EXCHANGE_ID}1`), undefined);
    assert.equal((await store.get('anna@contoso.com', 'contact', 'K2'))?.reason, 'someone else');
  });

  void it('rejects a corrupt stored row with a non-retryable error naming the field', async () => {
    const { store, raw } = await freshStore();
    await store.put(link());
    const kind: LinkKind = 'contact';
    await raw.updateEntity({ partitionKey: escapeKey('anna@contoso.com'), rowKey: `${kind}:000123`, lnValues: 'not json' }, 'Merge');
    await assert.rejects(store.get('anna@contoso.com', 'contact', '000123'), (err: unknown) => {
      assert.ok(err instanceof ExternalServiceError);
      assert.equal(err.code, 'InvalidStoredRow');
      assert.equal(err.transient, false);
      assert.match(err.message, /lnValues/);
      return true;
    });
  });
});
