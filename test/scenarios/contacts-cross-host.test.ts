// B-I7 across processes: two local hosts, each its own Node process, share one Azurite and the LN and Graph
// simulators (served over HTTP by this test). Random persons land in two users' sync folders while pulls and pushes run.
import { after, it } from 'node:test';
import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { startEmbeddedAzurite } from '../../shared/local/embedded-azurite';
import { TableClientFactory } from '../../shared/state/table-client-factory';
import { TableLinkStore } from '../../shared/state/table-link-store';
import { startGraphSimulator, type GraphSimulator } from '../simulators/graph/graph-simulator';
import { startLnSimulator, type LnSimulator } from '../simulators/ln/ln-simulator';
import type { ChildAnswer, ChildRequest } from './local-host-child';
import { ADELE, MEGAN } from './sync-world';

const USERS = [ADELE, MEGAN] as const;
const ROUNDS = Number(process.env['B_I7_ROUNDS'] ?? 5);
const PERSONS_PER_ROUND = 40; // 200 persons, each raced by both users
const SEED = Number(process.env['B_I7_SEED'] ?? 20261202);

interface ChildHost {
  url: string;
  idle(): Promise<{ processed: number; scheduled: number }>;
  stop(): Promise<void>;
}

/** Starts a local host in a child process; it is killed when the test file ends, whatever happened. */
async function spawnHost(env: Record<string, string>): Promise<ChildHost> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, LOCAL_HOST_CHILD_ENV: JSON.stringify(env) };
  delete childEnv['NODE_TEST_CONTEXT'];
  const child: ChildProcess = fork(join(__dirname, 'local-host-child.js'), [], { env: childEnv, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  after(() => { if (child.exitCode === null) child.kill('SIGKILL'); });
  const waiting = new Map<number, (a: { processed: number; scheduled: number }) => void>();
  let next = 0;
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`local host process ended with ${String(code)}`)));
    child.on('message', (a: ChildAnswer) => {
      if ('ready' in a) resolve(a.ready);
      else waiting.get(a.id)?.(a);
    });
  });
  const request = (cmd: ChildRequest['cmd']) => new Promise<{ processed: number; scheduled: number }>((resolve) => {
    const id = ++next;
    waiting.set(id, resolve);
    child.send({ id, cmd } satisfies ChildRequest);
  });
  return {
    url,
    idle: () => request('idle'),
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.send({ id: 0, cmd: 'stop' } satisfies ChildRequest);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/**
 * Graph notifications as Service Bus sessions would route them: one URL for both hosts, each notification's job run
 * by the host that holds its user's session (a user's jobs never run on two hosts at once, B-P3).
 * Only some notification posts get through (`pushNow`): pushes at random moments; pulls find what the others said.
 */
async function startSessionRouter(graph: GraphSimulator, ownerOf: (user: string) => ChildHost, any: () => ChildHost, pushNow: () => boolean): Promise<Server> {
  const userOf = (subscriptionId: unknown): string => {
    const sub = graph.subscriptions().find((s) => s['id'] === subscriptionId);
    const resource = typeof sub?.['resource'] === 'string' ? sub['resource'].toLowerCase() : '';
    return USERS.find((u) => resource.includes(u)) ?? ADELE;
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void (async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const forward = (host: ChildHost, text: string) => fetch(`${host.url}${req.url ?? ''}`, { method: req.method ?? 'POST', headers: { 'content-type': String(req.headers['content-type'] ?? 'application/json') }, ...(text ? { body: text } : {}) });
      let answer: Response;
      if ((req.url ?? '').includes('validationToken')) answer = await forward(any(), body);
      else if (!pushNow()) answer = new Response(null, { status: 202 }); // lost on its way: the next pull finds the change
      else {
        // one notification of the post is a push; the others are lost (each would be one more run of the same user)
        const value = (JSON.parse(body) as { value: Array<Record<string, unknown>> }).value.slice(0, 1);
        const groups = new Map<ChildHost, Array<Record<string, unknown>>>();
        for (const item of value) {
          const host = ownerOf(userOf(item['subscriptionId']));
          groups.set(host, [...(groups.get(host) ?? []), item]);
        }
        const answers = await Promise.all([...groups].map(([host, items]) => forward(host, JSON.stringify({ value: items }))));
        answer = answers.find((a) => a.status >= 300) ?? answers[0] ?? new Response(null, { status: 202 });
      }
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/plain' });
      res.end(await answer.text());
    })().catch(() => { res.writeHead(500); res.end(); }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return server;
}

const personArb = fc.record({
  withEmail: fc.double({ min: 0, max: 1, noNaN: true }).map((x) => x < 0.8),
  upperCaseForMegan: fc.boolean(),
  offsets: fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 300 })),
  company: fc.integer({ min: 0, max: 2 }),
});
const roundArb = fc.record({
  persons: fc.array(personArb, { minLength: PERSONS_PER_ROUND, maxLength: PERSONS_PER_ROUND }),
  /** Pulls asked of the host holding the user's session, at random moments. */
  pulls: fc.array(fc.record({ user: fc.constantFrom(...USERS), at: fc.integer({ min: 0, max: 400 }) }), { minLength: 1, maxLength: 4 }),
  /** For each notification post of the race in turn: delivered (a push) or lost; later ones are lost. */
  pushes: fc.array(fc.double({ min: 0, max: 1, noNaN: true }).map((x) => x < 0.2), { minLength: 64, maxLength: 64 }),
});

it('B-I7: two local host processes sharing one Azurite race pulls and pushes of two users over 200 random interleavings: one LN contact per person, every copy linked, no duplicate in any mailbox', async () => {
  const [ln, graph, azurite]: [LnSimulator, GraphSimulator, { connectionString: string; stop(): Promise<void> }] = await Promise.all([
    startLnSimulator({ pageSize: 100 }), startGraphSimulator({ mailboxes: [...USERS], latencyMs: 1, pageSize: 100 }), startEmbeddedAzurite(),
  ]);
  after(async () => { await Promise.all([ln.close(), graph.close(), azurite.stop()]); });
  ln.setSettings({ EnablePushSynchronization: true, SynchronizeActivities: false });
  const prefix = `x${randomBytes(6).toString('hex')}`;
  const adminToken = randomBytes(18).toString('base64url');
  const owner = new Map<string, ChildHost>();
  const hosts: ChildHost[] = [];
  let pushes: boolean[] = [];
  let pushed = 0;
  const router = await startSessionRouter(graph, (u) => owner.get(u) as ChildHost, () => hosts[0] as ChildHost, () => (pushes.shift() === true ? (pushed++, true) : false));
  after(() => new Promise<void>((r) => router.close(() => r())));
  const env = {
    LN_COMPANY: ln.company, LN_IONAPI_JSON: JSON.stringify(ln.ionapi), GRAPH_BASE_URL: graph.baseUrl, GRAPH_STATIC_TOKEN: graph.token,
    SYNC_STATE_CONNECTION_STRING: azurite.connectionString, SYNC_TABLE_PREFIX: prefix, ADMIN_TOKEN: adminToken,
    PUBLIC_BASE_URL: `http://127.0.0.1:${(router.address() as AddressInfo).port}`, MASS_DELETE_MIN_COUNT: '100000',
  };
  hosts.push(...await Promise.all([spawnHost(env), spawnHost(env)]));
  after(() => Promise.all(hosts.map((h) => h.stop())));
  const [hostA, hostB] = hosts as [ChildHost, ChildHost];
  // Adele's session on host A, Megan's on host B: as Service Bus would, a user's jobs (retries included) stay on one host
  owner.set(ADELE, hostA);
  owner.set(MEGAN, hostB);
  const admin = (host: ChildHost, path: string, body?: unknown) => fetch(`${host.url}/api/${path}`, {
    method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const pull = async (user: string) => assert.equal((await admin(owner.get(user) as ChildHost, `admin/users/${encodeURIComponent(user)}/sync`, { scope: 'contacts' })).status, 202);
  /** Until no notification is on its way and neither host has work left, retries included. */
  const quiet = async (): Promise<void> => {
    let last = -1;
    for (;;) {
      await graph.flushNotifications();
      const stats = await Promise.all(hosts.map((h) => h.idle()));
      const done = stats.reduce((n, s) => n + s.processed, 0);
      if (stats.some((s) => s.scheduled > 0)) await new Promise((r) => setTimeout(r, 200)); // a retry still to come
      else if (done === last) return;
      last = done;
    }
  };
  assert.equal((await admin(hostA, 'admin/start')).status, 200);
  await quiet();
  const links = new TableLinkStore(new TableClientFactory({ connectionString: azurite.connectionString, tablePrefix: prefix }));
  const folderOf = (user: string) => String(graph.folders(user).find((f) => f.displayName === 'LN Contacts')?.id);

  const rounds = fc.sample(roundArb, { seed: SEED, numRuns: ROUNDS });
  for (const [r, round] of rounds.entries()) {
    const where = `seed ${SEED}, round ${r + 1}`;
    pushes = [...round.pushes];
    const started = Date.now();
    const persons = round.persons.map((p, i) => ({ ...p, email: p.withEmail ? `p${r}x${i}@race.example` : '', givenName: 'Pat', surname: `Race${r}x${i}`, companyName: `Race Co ${r}-${p.company}` }));
    /** Runs `act` after `ms`; its failure fails the round. */
    const at = (ms: number, act: () => unknown): Promise<void> => new Promise<void>((r) => setTimeout(r, ms)).then(async () => { await act(); });
    await Promise.all([
      ...persons.flatMap((p) => USERS.map((user, u) => at(p.offsets[u] ?? 0, () => {
        const address = p.upperCaseForMegan && user === MEGAN ? p.email.toUpperCase() : p.email;
        graph.createContactAsUser(user, folderOf(user), { givenName: p.givenName, surname: p.surname, companyName: p.companyName, ...(p.email ? { emailAddresses: [{ address }] } : {}) });
      }))),
      ...round.pulls.map((p) => at(p.at, () => pull(p.user))),
    ]);
    const raced = Date.now();
    await quiet();
    if (process.env['B_I7_LOG']) process.stderr.write(`race ${raced - started} ms, quiet ${Date.now() - raced} ms\n`);
    pushes = []; // settling by pulls alone
    for (let settle = 0; settle < 2; settle++) { // what a transient loss (claim held by the other) left is done by the next pull
      for (const user of USERS) await pull(user);
      await quiet();
    }
    if (process.env['B_I7_LOG']) process.stderr.write(`${where}: ${Date.now() - started} ms, ${pushed} pushes so far\n`);
    const lnContacts = ln.listContacts();
    for (const p of persons) {
      const same = (email: string, first: unknown, last: unknown) => (p.email ? email.toLowerCase() === p.email : first === p.givenName && last === p.surname);
      const inLn = lnContacts.filter((c) => same(c.Email, c.FirstName, c.LastName));
      assert.equal(inLn.length, 1, `${where}: exactly one LN contact for ${p.email || p.surname}, not ${inLn.map((c) => c.Contact).join(', ')}`);
      for (const user of USERS) {
        const copies = graph.listContacts(user, folderOf(user)).filter((c) => same(String((c['emailAddresses'] as Array<{ address: string }> | undefined)?.[0]?.address ?? ''), c['givenName'], c['surname']));
        assert.equal(copies.length, 1, `${where}: one copy of ${p.email || p.surname} in ${user}'s mailbox, not ${copies.length}`);
      }
    }
    for (const company of new Set(persons.map((p) => p.companyName))) {
      assert.equal(ln.listBusinessPartners().filter((bp) => bp.Name === company).length, 1, `${where}: one business partner '${company}'`);
    }
    for (const user of USERS) {
      const linked = new Map((await links.list(user, 'contact')).map((l) => [l.exchangeId, l.lnKey]));
      const copies = graph.listContacts(user, folderOf(user));
      for (const c of copies) assert.ok(linked.has(String(c['id'])), `${where}: ${user}'s copy of ${String(c['surname'])} is linked`);
      const keys = copies.map((c) => linked.get(String(c['id'])));
      assert.equal(new Set(keys).size, keys.length, `${where}: no two copies in ${user}'s mailbox linked to one LN contact`);
    }
  }
});
