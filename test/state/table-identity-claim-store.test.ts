// The claims table (B-I7) against Azurite: one holder per identity, completed claims point at what was created,
// claims in progress expire, and a released or forgotten claim can be taken again.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { TableIdentityClaimStore } from '../../shared/state/table-identity-claim-store';
import { isolatedTables, startAzurite } from '../support/azurite';

const azurite = startAzurite();


async function claims(now: { t: number }): Promise<TableIdentityClaimStore> {
  return new TableIdentityClaimStore(isolatedTables(await azurite), { now: () => new Date(now.t) }, 60_000);
}

it('B-I7: of many instances claiming one person at once exactly one holds the claim', async () => {
  const now = { t: Date.parse('2030-01-01T00:00:00Z') };
  const table = await claims(now);
  const outcomes = await Promise.all(Array.from({ length: 8 }, (_, i) => table.take('contact', 'email:pat@example.com', `owner${i}`)));
  assert.equal(outcomes.filter((o) => o.kind === 'ours').length, 1);
  assert.ok(outcomes.filter((o) => o.kind === 'taken').every((o) => o.kind === 'taken' && o.lnKey === undefined), 'in progress: nothing to link to yet');
});

it('B-I7: a completed claim names the LN contact for every later taker; the holder taking again is still the holder', async () => {
  const now = { t: Date.parse('2030-01-01T00:00:00Z') };
  const table = await claims(now);
  assert.deepEqual(await table.take('contact', 'name:quinn|race', 'a'), { kind: 'ours' });
  assert.deepEqual(await table.take('contact', 'name:quinn|race', 'a'), { kind: 'ours' });
  await table.complete('contact', 'name:quinn|race', 'a', 'C000042');
  now.t += 3_600_000; // completed claims do not expire: they are what the other users link to
  assert.deepEqual(await table.take('contact', 'name:quinn|race', 'b'), { kind: 'taken', owner: 'a', lnKey: 'C000042' });
  await table.forget('contact', 'name:quinn|race', 'C000042');
  assert.deepEqual(await table.take('contact', 'name:quinn|race', 'b'), { kind: 'ours' }, 'a forgotten claim (its contact is gone) is free');
});

it('B-I7: a claim in progress expires, so a crashed holder blocks nobody for long; a released claim is free at once', async () => {
  const now = { t: Date.parse('2030-01-01T00:00:00Z') };
  const table = await claims(now);
  assert.equal((await table.take('contact', 'email:x@example.com', 'crashed')).kind, 'ours');
  assert.equal((await table.take('contact', 'email:x@example.com', 'other')).kind, 'taken');
  now.t += 61_000;
  assert.equal((await table.take('contact', 'email:x@example.com', 'other')).kind, 'ours', 'expired: taken over');
  assert.equal((await table.take('contact', 'email:x@example.com', 'crashed')).kind, 'taken', 'the old holder lost it');
  await table.release('contact', 'email:x@example.com', 'other');
  assert.equal((await table.take('business-partner', 'email:x@example.com', 'third')).kind, 'ours', 'scopes are separate');
  assert.equal((await table.take('contact', 'email:x@example.com', 'third')).kind, 'ours', 'released: free');
});
