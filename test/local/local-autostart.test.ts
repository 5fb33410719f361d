// B-L7 through the local host: with LOCAL_AUTOSTART a refused LN login keeps the host up, status says why in plain
// words, and start can be tried again; LN error pages and Graph token refusals reach status as short typed errors.
import { after, it } from 'node:test';
import assert from 'node:assert/strict';
import { AuthenticationError, type AccessToken, type TokenCredential } from '@azure/identity';
import { z } from 'zod';
import { ExternalServiceError } from '../../shared/domain/external-service-error';
import { createGraphClient } from '../../shared/graph/graph-client-factory';
import { graphRequest } from '../../shared/graph/graph-request';
import { ionApiCredentials, lnODataBaseUrl } from '../../shared/ln/ionapi';
import { IonApiTokenProvider } from '../../shared/ln/ln-token-provider';
import { LnODataClient } from '../../shared/ln/ln-odata-client';
import { startLocalHost } from '../../shared/local/local-host';
import { startGraphSimulator } from '../simulators/graph/graph-simulator';
import { startLnSimulator } from '../simulators/ln/ln-simulator';

const ADELE = 'adele.vance@contoso.example';
const MEGAN = 'megan.bowen@contoso.example';

it('B-L7: with LOCAL_AUTOSTART a refused LN login leaves the host running, status says what failed, and start works once LN accepts again', async () => {
  const ln = await startLnSimulator();
  const graph = await startGraphSimulator({ mailboxes: [ADELE, MEGAN] });
  after(async () => Promise.all([ln.close(), graph.close()]));
  const secret = ln.ionapi.cs;
  ln.setClientSecret('a-newly-generated-secret'); // the host still has the old one
  const lines: string[] = [];
  const host = await startLocalHost({
    env: { LN_COMPANY: ln.company, LN_IONAPI_JSON: JSON.stringify(ln.ionapi), GRAPH_BASE_URL: graph.baseUrl, GRAPH_STATIC_TOKEN: graph.token, LOCAL_AUTOSTART: 'true' },
    port: 0, timers: false, log: (line) => lines.push(line),
  });
  after(() => host.stop());
  const admin = (method: string, path: string): Promise<Response> => fetch(`${host.url}/api/${path}`, { method, headers: { authorization: `Bearer ${host.adminToken}` } });

  assert.equal(host.autostart?.started, false, 'not started, and no exception escaped');
  assert.ok(lines.some((l) => l.includes('the host keeps running')), lines.join('\n'));
  const status = (await (await admin('GET', 'admin/status')).json()) as { synchronizer: { state: string; settingsError?: string } };
  assert.equal(status.synchronizer.state, 'stopped');
  assert.match(status.synchronizer.settingsError ?? '', /^Start failed: LN refused the credentials/);
  assert.match(status.synchronizer.settingsError ?? '', /client id or secret of the \.ionapi credentials/);
  assert.doesNotMatch(status.synchronizer.settingsError ?? '', /NetworkError/);
  const page = await (await admin('GET', 'admin/status.html')).text();
  assert.match(page, /LN refused the credentials/, 'the status page says it too');

  const again = await admin('POST', 'admin/start');
  assert.equal(again.status, 502, 'tried again: still refused, still answered');
  assert.match(((await again.json()) as { error: string }).error, /LN refused the credentials/);

  ln.setClientSecret(secret); // the administrator puts the secret back in ION API
  const start = await admin('POST', 'admin/start');
  assert.equal(start.status, 200);
  await host.queue.idle();
  const after2 = (await (await admin('GET', 'admin/status')).json()) as { synchronizer: { state: string; settingsError?: string } };
  assert.equal(after2.synchronizer.state, 'started');
  assert.equal(after2.synchronizer.settingsError, undefined, 'the start failure is cleared');
});

it('B-L7: an LN answer that is an HTML error page is summarized in a few words, never copied', async () => {
  const ln = await startLnSimulator();
  after(() => ln.close());
  const client = new LnODataClient({ baseUrl: lnODataBaseUrl(ln.ionapi), company: ln.company, tokens: new IonApiTokenProvider({ credentials: ionApiCredentials(ln.ionapi) }), sleep: async () => undefined });
  ln.faults.failNext(1, 500, { htmlPage: true });
  const err = await client.get('tcapi.comContact', "Contacts('C1')", z.object({})).catch((e: unknown) => e);
  assert.ok(err instanceof ExternalServiceError, String(err));
  assert.equal(err.status, 500);
  assert.match(err.message, /LN answered 500 with an HTML error page$/);
  assert.doesNotMatch(err.message, /<|Server Error/);
});

it('B-L7: Graph token refusals (invalid_client, invalid_grant) are permanent errors naming the app registration credentials', async () => {
  const graph = await startGraphSimulator({ mailboxes: [ADELE] });
  after(() => graph.close());
  for (const [error, description] of [['invalid_client', 'AADSTS7000215: Invalid client secret provided.'], ['invalid_grant', 'AADSTS700027: The certificate with identifier used to sign the client assertion is expired.']] as const) {
    let calls = 0;
    const refusing: TokenCredential = {
      getToken: (): Promise<AccessToken | null> => {
        calls++;
        return Promise.reject(new AuthenticationError(400, { error, error_description: description }));
      },
    };
    const client = createGraphClient({ baseUrl: graph.baseUrl, credential: refusing, sleep: async () => undefined });
    const err = await graphRequest(client, { method: 'GET', path: `/users/${ADELE}/contacts` }).catch((e: unknown) => e);
    assert.ok(err instanceof ExternalServiceError, String(err));
    assert.equal(err.code, error);
    assert.equal(err.transient, false, `${error}: not retried forever`);
    assert.match(err.message, /AZURE_CLIENT_ID/);
    assert.ok(err.message.includes(description.split(':')[0] ?? ''), 'keeps the AADSTS code');
    assert.equal(calls, 1, 'asked once, not retried as a network failure');
  }
  const down: TokenCredential = { getToken: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:443')) };
  const err = await graphRequest(createGraphClient({ baseUrl: graph.baseUrl, credential: down, maxRetries: 0, sleep: async () => undefined }), { method: 'GET', path: `/users/${ADELE}/contacts` }).catch((e: unknown) => e);
  assert.ok(err instanceof ExternalServiceError && err.transient, 'an unreachable token endpoint stays transient');
});
