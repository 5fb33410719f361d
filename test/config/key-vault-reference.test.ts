// An App Service Key Vault reference that could not be resolved stays in the setting as its literal text; the
// configuration refuses it by name instead of using it (e.g. as the LN webhook's signing key).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../shared/config/load-config';
import { ConfigError } from '../../shared/config/config-error';

const base = { LN_COMPANY: '121', LN_STATIC_TOKEN: 'static-ln-token', LN_BASE_URL: 'http://127.0.0.1:8081/lnapi/odata', SYNC_STATE_TABLE_ENDPOINT: 'https://st.table.core.windows.net' };
const REFERENCE = '@Microsoft.KeyVault(SecretUri=https://kv-abc.vault.azure.net/secrets/ln-webhook-secret/)';

it('refuses an unresolved Key Vault reference at start, naming the setting and not the reference', () => {
  assert.throws(() => loadConfig({ ...base, LN_WEBHOOK_SECRET: REFERENCE }, null), (err: unknown) => {
    assert.ok(err instanceof ConfigError);
    assert.equal(err.problems.length, 1);
    assert.match(err.problems[0] ?? '', /^LN_WEBHOOK_SECRET: is an unresolved Key Vault reference/);
    assert.ok(!err.message.includes('kv-abc'), 'the vault is not named in logs');
    return true;
  });
});

it('names every unresolved reference, whichever setting holds it', () => {
  const err = (() => {
    try {
      loadConfig({ ...base, LN_STATIC_TOKEN: undefined, LN_IONAPI_JSON: ` ${REFERENCE.replace('KeyVault', 'keyvault')}`, LN_WEBHOOK_SECRET: REFERENCE }, null);
    } catch (e) {
      return e;
    }
    return undefined;
  })();
  assert.ok(err instanceof ConfigError);
  assert.deepEqual(err.problems.map((p) => p.split(':')[0]).sort(), ['LN_IONAPI_JSON', 'LN_WEBHOOK_SECRET']);
});

it('accepts the resolved secret', () => {
  assert.equal(loadConfig({ ...base, LN_WEBHOOK_SECRET: 'a-resolved-secret-of-32-characters' }, null).ln.webhookSecret, 'a-resolved-secret-of-32-characters');
});
