// Tests of the small pure helpers behind the Graph client: Prefer merging, mailbox detection,
// link-to-path conversion, Retry-After parsing and the per-key semaphore.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { graphPathOfLink, graphQuery } from '../../shared/graph/graph-path';
import { withImmutableIdPreference } from '../../shared/graph/immutable-id-preference';
import { KeyedSemaphore } from '../../shared/graph/keyed-semaphore';
import { mailboxesOfRequest, mailboxOfUrl } from '../../shared/graph/mailboxes-of-request';
import { retryAfterSeconds } from '../../shared/graph/retry-after-seconds';

describe('withImmutableIdPreference', () => {
  it('adds the preference once and keeps the others', () => {
    assert.equal(withImmutableIdPreference(undefined), 'IdType="ImmutableId"');
    assert.equal(withImmutableIdPreference('odata.maxpagesize=50'), 'IdType="ImmutableId", odata.maxpagesize=50');
    assert.equal(withImmutableIdPreference('IdType="RestId", outlook.timezone="UTC"'), 'IdType="ImmutableId", outlook.timezone="UTC"');
  });
});

describe('mailboxesOfRequest', () => {
  it('takes the decoded, lower-cased /users/{x}/ segment', () => {
    assert.equal(mailboxOfUrl('https://graph.microsoft.com/v1.0/users/Anna%40Acme.example/contacts?$top=1'), 'anna@acme.example');
    assert.equal(mailboxOfUrl('/users/bob@x.example/mailFolders/deleteditems'), 'bob@x.example');
    assert.equal(mailboxOfUrl('https://graph.microsoft.com/v1.0/subscriptions'), undefined);
  });

  it('takes every mailbox a $batch addresses', () => {
    const body = JSON.stringify({ requests: [{ url: '/users/b/contacts' }, { url: '/users/a/contacts/1' }, { url: '/users/b/contacts/2' }] });
    assert.deepEqual(mailboxesOfRequest('http://127.0.0.1:1/v1.0/$batch', body), ['a', 'b']);
    assert.deepEqual(mailboxesOfRequest('http://127.0.0.1:1/v1.0/$batch', 'not json'), []);
  });
});

describe('graph-path', () => {
  it('turns absolute next/delta links into version-relative paths, query kept', () => {
    assert.equal(graphPathOfLink('http://127.0.0.1:4000/v1.0/users/u/contactFolders/f/contacts/delta?$deltatoken=abc%3D'), '/users/u/contactFolders/f/contacts/delta?$deltatoken=abc%3D');
    assert.equal(graphPathOfLink('https://graph.microsoft.com/v1.0/users/u/contacts?$skiptoken=1'), '/users/u/contacts?$skiptoken=1');
  });

  it('encodes query values', () => {
    assert.equal(graphQuery({ $filter: "displayName eq 'A&B'", $top: undefined }), "?$filter=displayName%20eq%20'A%26B'");
  });
});

describe('retryAfterSeconds', () => {
  it('reads delta seconds and HTTP dates', () => {
    assert.equal(retryAfterSeconds('12'), 12);
    assert.equal(retryAfterSeconds(new Date(10_000 + 5_000).toUTCString(), 10_000), 5);
    assert.equal(retryAfterSeconds('soon'), undefined);
    assert.equal(retryAfterSeconds(null), undefined);
  });
});

describe('KeyedSemaphore', () => {
  it('admits at most `limit` holders per key and hands slots to waiters in order', async () => {
    const sem = new KeyedSemaphore(2);
    const r1 = await sem.acquire(['a']);
    const r2 = await sem.acquire(['a']);
    await sem.acquire(['b']);
    const order: number[] = [];
    const w3 = sem.acquire(['a']).then((r) => (order.push(3), r));
    const w4 = sem.acquire(['a']).then((r) => (order.push(4), r));
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(order, []);
    assert.equal(sem.active('a'), 2);
    r1();
    r1(); // releasing twice is harmless
    (await w3)();
    r2();
    (await w4)();
    assert.deepEqual(order, [3, 4]);
  });
});
