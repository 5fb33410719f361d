// Tests createServiceBusSender without a network: a sender for the configured queue from a connection string
// or a namespace + credential, close() closing it, and a clear error when neither is configured.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TokenCredential } from '@azure/identity';
import { createServiceBusSender } from '../../shared/queue/service-bus-sender-factory';

const credential: TokenCredential = { getToken: () => Promise.reject(new Error('no token in tests')) };

void describe('createServiceBusSender', () => {
  void it('opens a sender for the queue from a dev connection string and closes it', async () => {
    const handle = createServiceBusSender({ connectionString: 'Endpoint=sb://dev-ns.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=c2VjcmV0', name: 'sync-jobs' });
    assert.equal(handle.sender.entityPath, 'sync-jobs');
    await handle.close();
    assert.equal(handle.sender.isClosed, true);
  });

  void it('opens a sender from a fully qualified namespace and a token credential', async () => {
    const handle = createServiceBusSender({ fullyQualifiedNamespace: 'prod-ns.servicebus.windows.net', credential, name: 'sync-jobs' });
    assert.equal(handle.sender.entityPath, 'sync-jobs');
    await handle.close();
    assert.equal(handle.sender.isClosed, true);
  });

  void it('refuses a target with neither connection string nor namespace', () => {
    assert.throws(() => createServiceBusSender({ name: 'sync-jobs' }), /connection string or a fully qualified namespace/);
  });
});
