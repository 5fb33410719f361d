// Tests TableSubscriptionStore against a real (embedded) Azurite: insert, list, ETag-guarded replace and remove,
// 412 on duplicate or stale writes, awkward subscription ids and rejection of corrupt rows without leaking the secret.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SubscriptionRecord } from '../../shared/app/ports/subscription-store-port';
import { ExternalServiceError, isPreconditionFailed } from '../../shared/domain/external-service-error';
import { escapeKey } from '../../shared/state/table-key';
import { SUBSCRIPTIONS_TABLE, TableSubscriptionStore } from '../../shared/state/table-subscription-store';
import { isolatedTables, startAzurite } from '../support/azurite';

const azurite = startAzurite();

async function freshStore() {
  const tables = isolatedTables(await azurite);
  return { store: new TableSubscriptionStore(tables), raw: await tables.getTable(SUBSCRIPTIONS_TABLE) };
}

const SECRET = 'Zm9vYmFyLXNlY3JldC1jbGllbnQtc3RhdGU';

function record(overrides: Partial<SubscriptionRecord> = {}): SubscriptionRecord {
  return {
    user: 'anna@contoso.com',
    resource: 'events',
    subscriptionId: '7f105c7d-2dc5-4530-97cd-4e7ae6534c07',
    clientState: SECRET,
    resourcePath: 'users/anna@contoso.com/events',
    expiresAt: '2025-06-03T10:00:00.000Z',
    createdAt: '2025-06-01T10:00:00.000Z',
    ...overrides,
  };
}

async function rejectsWith412(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(isPreconditionFailed(err), `expected a 412 storage error, got ${String(err)}`);
    assert.equal((err as ExternalServiceError).code, code);
    assert.ok(!(err as Error).message.includes(SECRET), 'the clientState never appears in errors');
    return true;
  });
}

void describe('TableSubscriptionStore', () => {
  void it('inserts a record and reads it back with an etag', async () => {
    const { store } = await freshStore();
    const saved = await store.put(record());
    assert.ok(saved.etag);
    assert.deepEqual(saved, { ...record(), etag: saved.etag });
    assert.deepEqual(await store.get(record().subscriptionId), saved);
  });

  void it('answers undefined for an unknown subscription and an empty list for an empty table', async () => {
    const { store } = await freshStore();
    assert.equal(await store.get('nope'), undefined);
    assert.deepEqual(await store.list(), []);
  });

  void it('lists every subscription', async () => {
    const { store } = await freshStore();
    const a = await store.put(record({ subscriptionId: 'a' }));
    const b = await store.put(record({ subscriptionId: 'b', resource: 'contacts', resourcePath: 'users/anna@contoso.com/contactFolders/F1/contacts' }));
    const c = await store.put(record({ subscriptionId: 'c', user: 'bob@contoso.com', resourcePath: 'users/bob@contoso.com/events' }));
    const listed = await store.list();
    assert.deepEqual(
      [...listed].sort((x, y) => x.subscriptionId.localeCompare(y.subscriptionId)),
      [a, b, c],
    );
  });

  void it('replaces with a matching etag and rejects a stale one', async () => {
    const { store } = await freshStore();
    const first = await store.put(record());
    const renewed = await store.put({ ...first, expiresAt: '2025-06-05T10:00:00.000Z' });
    assert.ok(renewed.etag && renewed.etag !== first.etag);
    await rejectsWith412(store.put({ ...first, expiresAt: '2025-06-04T00:00:00.000Z' }), 'SubscriptionChanged');
    assert.equal((await store.get(first.subscriptionId))?.expiresAt, '2025-06-05T10:00:00.000Z');
  });

  void it('rejects a second insert of the same subscription with 412 SubscriptionExists', async () => {
    const { store } = await freshStore();
    await store.put(record());
    await rejectsWith412(store.put(record({ clientState: 'other' })), 'SubscriptionExists');
    assert.equal((await store.get(record().subscriptionId))?.clientState, SECRET);
  });

  void it('removes a record; removing again is fine; a replace afterwards is a lost race', async () => {
    const { store } = await freshStore();
    const saved = await store.put(record());
    await store.remove(saved);
    await store.remove(saved);
    assert.equal(await store.get(saved.subscriptionId), undefined);
    await rejectsWith412(store.put({ ...saved, expiresAt: 'late' }), 'SubscriptionChanged');
  });

  void it('refuses to remove a record changed since it was read; without an etag it removes unconditionally', async () => {
    const { store } = await freshStore();
    const first = await store.put(record());
    await store.put({ ...first, expiresAt: '2025-06-05T10:00:00.000Z' });
    await rejectsWith412(store.remove(first), 'SubscriptionChanged');
    assert.ok(await store.get(first.subscriptionId));
    await store.remove(record());
    assert.equal(await store.get(first.subscriptionId), undefined);
  });

  void it('keeps subscription ids with / \\ # ? % + = characters apart', async () => {
    const { store, raw } = await freshStore();
    await store.put(record({ subscriptionId: 'AA/Q+k#?=' }));
    await store.put(record({ subscriptionId: 'AA%2FQ+k#?=', user: 'bob@contoso.com' }));
    assert.equal((await store.get('AA/Q+k#?='))?.user, 'anna@contoso.com');
    assert.equal((await store.get('AA%2FQ+k#?='))?.user, 'bob@contoso.com');
    const row = await raw.getEntity('subscription', escapeKey('AA/Q+k#?='));
    assert.equal(row.subscriptionId, 'AA/Q+k#?=');
    assert.equal((await store.list()).length, 2);
  });

  void it('rejects a corrupt stored row naming the field but not the secret', async () => {
    const { store, raw } = await freshStore();
    await raw.createEntity({ ...record(), resource: 'mail', partitionKey: 'subscription', rowKey: 'bad' });
    for (const read of [store.get('bad'), store.list()]) {
      await assert.rejects(read, (err: unknown) => {
        assert.ok(err instanceof ExternalServiceError);
        assert.equal(err.status, 422);
        assert.match(err.message, /resource/);
        assert.ok(!err.message.includes(SECRET));
        return true;
      });
    }
  });

  void it('ignores rows of other partitions when listing', async () => {
    const { store, raw } = await freshStore();
    await store.put(record());
    await raw.createEntity({ partitionKey: 'other', rowKey: 'x', note: 'not a subscription' });
    assert.deepEqual((await store.list()).map((r) => r.subscriptionId), [record().subscriptionId]);
  });
});
