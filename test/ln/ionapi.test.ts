// Tests of `.ionapi` parsing and the URLs derived from it.
// Errors name the bad field and never echo secret values.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ionApiTokenUrl, lnODataBaseUrl, parseIonApi, readIonApiFile } from '../../shared/ln/ionapi';

const valid = {
  ti: 'ACME_TST',
  cn: 'sync',
  ci: 'ACME_TST~abc',
  cs: 'client-secret-value',
  iu: 'https://mingle-ionapi.example.com/',
  pu: 'https://mingle-sso.example.com:443/ACME_TST/as/',
  oa: 'authorization.oauth2',
  ot: 'token.oauth2',
  or: 'revoke_token.oauth2',
  ev: 'U1',
  v: '1.0',
  saak: 'ACME_TST#key',
  sask: 'very-secret-password',
};

describe('ionapi', () => {
  it('derives the OData base URL and token URL', () => {
    const file = parseIonApi(valid);
    assert.equal(lnODataBaseUrl(file), 'https://mingle-ionapi.example.com/ACME_TST/LN/lnapi/odata');
    assert.equal(ionApiTokenUrl(file), 'https://mingle-sso.example.com:443/ACME_TST/as/token.oauth2');
  });

  it('accepts a file without the optional fields', () => {
    const { cn: _cn, oa: _oa, or: _or, ev: _ev, v: _v, ...minimal } = valid;
    assert.equal(parseIonApi(minimal).ti, 'ACME_TST');
  });

  it('names missing or bad fields without echoing secrets', () => {
    assert.throws(
      () => parseIonApi({ ...valid, saak: undefined, iu: 'not a url', sask: 42 }),
      (err: Error) => /saak/.test(err.message) && /iu/.test(err.message) && /sask/.test(err.message) && !err.message.includes('client-secret-value'),
    );
  });

  it('reads a file from disk and rejects non-JSON', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ionapi-'));
    try {
      await writeFile(join(dir, 'ok.ionapi'), JSON.stringify(valid));
      await writeFile(join(dir, 'bad.ionapi'), '{nope');
      assert.equal((await readIonApiFile(join(dir, 'ok.ionapi'))).ci, 'ACME_TST~abc');
      await assert.rejects(readIonApiFile(join(dir, 'bad.ionapi')), /not JSON/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
