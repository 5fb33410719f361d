// Tests TableClientFactory and the embedded Azurite: prefixed table names, create-if-missing tolerating
// existing tables, prefix validation, storage errors mapped to ExternalServiceError, on-disk persistence.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TableServiceClient } from '@azure/data-tables';
import { ExternalServiceError } from '../../shared/domain/external-service-error';
import { startEmbeddedAzurite } from '../../shared/local/embedded-azurite';
import { TableClientFactory } from '../../shared/state/table-client-factory';
import { randomTablePrefix, startAzurite } from '../support/azurite';

const azurite = startAzurite();

void describe('TableClientFactory', () => {
  void it('creates prefixed tables once and tolerates tables that already exist', async () => {
    const { connectionString } = await azurite;
    const prefix = randomTablePrefix();
    const first = new TableClientFactory({ connectionString, tablePrefix: prefix });
    const client = await first.getTable('links');
    assert.equal(client.tableName, `${prefix}links`);
    assert.equal(await first.getTable('links'), client);
    const second = new TableClientFactory({ connectionString, tablePrefix: prefix });
    await (await second.getTable('links')).createEntity({ partitionKey: 'p', rowKey: 'r' });
    const service = TableServiceClient.fromConnectionString(connectionString, { allowInsecureConnection: true });
    const names: string[] = [];
    for await (const table of service.listTables()) if (table.name?.startsWith(prefix)) names.push(table.name);
    assert.deepEqual(names, [`${prefix}links`]);
  });

  void it('refuses prefixes that would make invalid table names and a missing target', () => {
    assert.throws(() => new TableClientFactory({ connectionString: 'x', tablePrefix: 'a-b' }), /prefix/);
    assert.throws(() => new TableClientFactory({ connectionString: 'x', tablePrefix: '1a' }), /prefix/);
    assert.throws(() => new TableClientFactory({ tablePrefix: '' }), /connection string or a table endpoint/);
  });

  void it('reports an unreachable storage account as a transient storage error', async () => {
    const dead = await startEmbeddedAzurite();
    await dead.stop();
    const factory = new TableClientFactory({ connectionString: dead.connectionString, tablePrefix: randomTablePrefix(), maxRetries: 0 });
    await assert.rejects(factory.getTable('links'), (err: unknown) => {
      assert.ok(err instanceof ExternalServiceError);
      assert.equal(err.service, 'storage');
      assert.equal(err.transient, true);
      return true;
    });
  });
});

void describe('embedded Azurite', () => {
  void it('starts quickly on a free port of 127.0.0.1', async () => {
    const started = Date.now();
    const a = await startEmbeddedAzurite();
    const b = await startEmbeddedAzurite();
    try {
      assert.ok(Date.now() - started < 2000);
      assert.match(a.tableEndpoint, /^http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1$/);
      assert.notEqual(a.tableEndpoint, b.tableEndpoint);
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  void it('keeps tables in an on-disk folder across restarts', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'azurite-'));
    try {
      const prefix = randomTablePrefix();
      const first = await startEmbeddedAzurite({ folder });
      const table = await new TableClientFactory({ connectionString: first.connectionString, tablePrefix: prefix }).getTable('cursors');
      await table.createEntity({ partitionKey: 'p', rowKey: 'r', value: 'kept' });
      await first.stop();
      const second = await startEmbeddedAzurite({ folder });
      try {
        const again = await new TableClientFactory({ connectionString: second.connectionString, tablePrefix: prefix }).getTable('cursors');
        assert.equal((await again.getEntity<{ value: string }>('p', 'r')).value, 'kept');
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
