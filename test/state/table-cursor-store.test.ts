// Tests TableCursorStore against a real (embedded) Azurite: insert, ETag-guarded replace, 412 on stale or
// duplicate writes, optional fields, awkward key characters and rejection of corrupt stored rows.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ExternalServiceError, isPreconditionFailed } from '../../shared/domain/external-service-error';
import type { Cursor } from '../../shared/sync/ports/cursor-store-port';
import { CURSORS_TABLE, TableCursorStore } from '../../shared/state/table-cursor-store';
import { escapeKey } from '../../shared/state/table-key';
import { isolatedTables, startAzurite } from '../support/azurite';

const azurite = startAzurite();

async function freshStore() {
  const tables = isolatedTables(await azurite);
  return { store: new TableCursorStore(tables), raw: await tables.getTable(CURSORS_TABLE) };
}

const DELTA = 'https://graph.microsoft.com/v1.0/users/anna/contactFolders/AAMk+/==/contacts/delta?$deltatoken=abc%2Fdef';

function cursor(overrides: Partial<Cursor> = {}): Cursor {
  return { user: 'anna@contoso.com', scope: 'contacts', lnWatermark: '2025-01-01T00:00:00Z', deltaLink: DELTA, containerId: 'AAMk+/==', ...overrides };
}

async function rejectsWith412(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(isPreconditionFailed(err), `expected a 412 storage error, got ${String(err)}`);
    assert.equal((err as ExternalServiceError).code, code);
    return true;
  });
}

void describe('TableCursorStore', () => {
  void it('inserts a cursor and reads it back with an etag', async () => {
    const { store } = await freshStore();
    const saved = await store.put(cursor());
    assert.ok(saved.etag);
    assert.deepEqual(await store.get('anna@contoso.com', 'contacts'), { ...cursor(), etag: saved.etag });
  });

  void it('answers undefined for an unknown scope', async () => {
    const { store } = await freshStore();
    assert.equal(await store.get('anna@contoso.com', 'calendar'), undefined);
  });

  void it('replaces with a matching etag; fields left out are dropped', async () => {
    const { store } = await freshStore();
    const first = await store.put(cursor({ windowStart: '2025-01-01', windowEnd: '2026-01-01' }));
    const second = await store.put({ user: first.user, scope: first.scope, lastFullSync: '2025-02-02T00:00:00Z', etag: first.etag });
    assert.ok(second.etag && second.etag !== first.etag);
    assert.deepEqual(await store.get('anna@contoso.com', 'contacts'), {
      user: 'anna@contoso.com',
      scope: 'contacts',
      lastFullSync: '2025-02-02T00:00:00Z',
      etag: second.etag,
    });
  });

  void it('rejects a stale etag with 412 and keeps the newer cursor', async () => {
    const { store } = await freshStore();
    const first = await store.put(cursor());
    await store.put({ ...first, lnWatermark: '2025-03-03T00:00:00Z' });
    await rejectsWith412(store.put({ ...first, lnWatermark: '2024-12-12T00:00:00Z' }), 'CursorChanged');
    assert.equal((await store.get('anna@contoso.com', 'contacts'))?.lnWatermark, '2025-03-03T00:00:00Z');
  });

  void it('rejects a second insert with 412 CursorExists', async () => {
    const { store } = await freshStore();
    await store.put(cursor());
    await rejectsWith412(store.put(cursor({ lnWatermark: 'other' })), 'CursorExists');
  });

  void it('rejects a replace of a removed cursor with 412; remove is idempotent', async () => {
    const { store } = await freshStore();
    const saved = await store.put(cursor());
    await store.remove('anna@contoso.com', 'contacts');
    await store.remove('anna@contoso.com', 'contacts');
    assert.equal(await store.get('anna@contoso.com', 'contacts'), undefined);
    await rejectsWith412(store.put({ ...saved, lnWatermark: 'late' }), 'CursorChanged');
  });

  void it('keeps users and scopes with / \\ # ? % + = characters apart', async () => {
    const { store } = await freshStore();
    const user = 'a/b\\c#d?e%f+g=h@contoso.com';
    await store.put(cursor({ user, scope: 'calendar/2025?#%' }));
    await store.put(cursor({ user, scope: 'calendar%2F2025', lnWatermark: 'other' }));
    assert.equal((await store.get(user, 'calendar/2025?#%'))?.lnWatermark, '2025-01-01T00:00:00Z');
    assert.equal((await store.get(user, 'calendar%2F2025'))?.lnWatermark, 'other');
    assert.equal((await store.get(user, 'calendar/2025?#%'))?.deltaLink, DELTA);
  });

  void it('rejects a corrupt stored row naming the field', async () => {
    const { store, raw } = await freshStore();
    await raw.createEntity({ partitionKey: escapeKey('anna@contoso.com'), rowKey: 'contacts', user: 'anna@contoso.com', scope: 'contacts', lnWatermark: 42 });
    await assert.rejects(store.get('anna@contoso.com', 'contacts'), (err: unknown) => {
      assert.ok(err instanceof ExternalServiceError);
      assert.equal(err.status, 422);
      assert.match(err.message, /lnWatermark/);
      return true;
    });
  });
});
