// Tests of the ION API token provider against the LN simulator's token endpoint.
// Password grant, caching until shortly before expiry, refresh grant, fallback to password, bad credentials.
import { ionApiCredentials, lnODataBaseUrl } from '../../shared/ln/ionapi';
import { z } from 'zod';
import { LnODataClient } from '../../shared/ln/ln-odata-client';
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ExternalServiceError } from '../../shared/domain/external-service-error';
import { IonApiTokenProvider, staticTokenProvider } from '../../shared/ln/ln-token-provider';
import { startLnSimulator, type LnSimulator } from '../simulators/ln/ln-simulator';

describe('IonApiTokenProvider', () => {
  let sim: LnSimulator;
  let clock: number;
  beforeEach(async () => {
    sim = await startLnSimulator({ tokenLifetimeSeconds: 600 });
    clock = 1_000_000;
  });
  afterEach(() => sim.close());

  const grants = () => sim.requests.filter((r) => r.path.endsWith('/as/token.oauth2')).map((r) => (r.body as { grant_type: string }).grant_type);

  it('uses the password grant form-encoded and caches the token', async () => {
    const tokens = new IonApiTokenProvider({ credentials: ionApiCredentials(sim.ionapi), now: () => clock });
    const [a, b] = await Promise.all([tokens.getToken(), tokens.getToken()]);
    const c = await tokens.getToken();
    assert.equal(a, b);
    assert.equal(a, c);
    assert.deepEqual(grants(), ['password'], 'one request for concurrent and later callers');
  });

  it('renews shortly before expiry with the refresh_token grant', async () => {
    const tokens = new IonApiTokenProvider({ credentials: ionApiCredentials(sim.ionapi), now: () => clock, refreshMarginSeconds: 60 });
    const first = await tokens.getToken();
    clock += 530_000; // 70 s before expiry: still cached
    assert.equal(await tokens.getToken(), first);
    clock += 20_000; // 50 s before expiry: inside the margin
    const second = await tokens.getToken();
    assert.notEqual(second, first);
    assert.deepEqual(grants(), ['password', 'refresh_token']);
  });

  it('invalidate() forces a refresh at the next getToken', async () => {
    const tokens = new IonApiTokenProvider({ credentials: ionApiCredentials(sim.ionapi), now: () => clock });
    const first = await tokens.getToken();
    tokens.invalidate();
    assert.notEqual(await tokens.getToken(), first);
    assert.deepEqual(grants(), ['password', 'refresh_token']);
  });

  it('falls back to the password grant when the refresh is refused', async () => {
    // Corrupt refresh tokens on the way out, so the simulator answers invalid_grant.
    const corrupting: typeof fetch = (input, init) => {
      const body = typeof init?.body === 'string' ? init.body.replace(/refresh_token=[^&]+/, 'refresh_token=revoked') : init?.body;
      return fetch(input, { ...init, body });
    };
    const tokens = new IonApiTokenProvider({ credentials: ionApiCredentials(sim.ionapi), now: () => clock, fetch: corrupting });
    await tokens.getToken();
    tokens.invalidate();
    const token = await tokens.getToken();
    assert.ok(token.length > 0);
    assert.deepEqual(grants(), ['password', 'refresh_token', 'password']);
    assert.deepEqual(
      sim.requests.filter((r) => r.path.endsWith('/as/token.oauth2')).map((r) => r.status),
      [200, 400, 200],
    );
  });

  it('wrong client secret or service-account password is an ExternalServiceError naming the OAuth error', async () => {
    const badClient = new IonApiTokenProvider({ credentials: ionApiCredentials({ ...sim.ionapi, cs: 'wrong' }) });
    await assert.rejects(badClient.getToken(), (err: unknown) => err instanceof ExternalServiceError && err.status === 401 && err.code === 'invalid_client');
    const badUser = new IonApiTokenProvider({ credentials: ionApiCredentials({ ...sim.ionapi, sask: 'wrong' }) });
    await assert.rejects(badUser.getToken(), (err: unknown) => err instanceof ExternalServiceError && err.status === 400 && err.code === 'invalid_grant');
  });

  it('staticTokenProvider always returns its token', async () => {
    const tokens = staticTokenProvider('fixed');
    tokens.invalidate();
    assert.equal(await tokens.getToken(), 'fixed');
  });
});

it('B-L7: refused credentials reach the caller of an LN request as a permanent error naming the credentials, not as a network failure', async () => {
  const sim = await startLnSimulator();
  try {
    const tokens = new IonApiTokenProvider({ credentials: { ...ionApiCredentials(sim.ionapi), clientSecret: 'not-the-secret' } });
    const client = new LnODataClient({ baseUrl: lnODataBaseUrl(sim.ionapi), company: sim.company, tokens, sleep: async () => undefined });
    const err = await client.get('tcapi.comContact', "Contacts('C1')", z.object({})).catch((e: unknown) => e);
    assert.ok(err instanceof ExternalServiceError, String(err));
    assert.equal(err.code, 'invalid_client');
    assert.equal(err.transient, false, 'not retried forever');
    assert.match(err.message, /client id or secret of the \.ionapi credentials/);
  } finally {
    await sim.close();
  }
});
