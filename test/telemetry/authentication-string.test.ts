// APPLICATIONINSIGHTS_AUTHENTICATION_STRING as Azure writes it selects the managed identity for telemetry.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { parseAuthenticationString } from '../../shared/telemetry/authentication-string';

it('B-O1: "Authorization=AAD;ClientId=…" selects that user-assigned identity; without ClientId the system-assigned one', () => {
  assert.deepEqual(parseAuthenticationString('Authorization=AAD;ClientId=00000000-0000-0000-0000-000000000001'), { kind: 'managed-identity', clientId: '00000000-0000-0000-0000-000000000001' });
  assert.deepEqual(parseAuthenticationString('ClientId=7f1c2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b; Authorization=AAD;'), { kind: 'managed-identity', clientId: '7f1c2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b' });
  assert.deepEqual(parseAuthenticationString('Authorization=AAD'), { kind: 'managed-identity' });
  assert.equal(parseAuthenticationString(undefined), undefined);
  assert.equal(parseAuthenticationString('  '), undefined);
});

it('B-O1: a malformed authentication string is refused by name', () => {
  assert.throws(() => parseAuthenticationString('Authorization=Key'), /^Error: APPLICATIONINSIGHTS_AUTHENTICATION_STRING: Authorization must be AAD/);
  assert.throws(() => parseAuthenticationString('Authorization=AAD;ClientId=not-a-guid'), /ClientId must be the managed identity client id/);
});
