// B-I7 end to end: two sync users' runs on two instances sharing one Table Storage race to bring the same new
// Outlook person into LN; fast-check's scheduler releases their LN, Graph and storage calls in random orders.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Services } from '../../shared/app/build-services';
import { buildRuntime } from '../../shared/app/build-runtime';
import { processJob } from '../../shared/app/job-worker';
import type { Runtime } from '../../shared/app/runtime';
import { startEmbeddedAzurite, type EmbeddedAzurite } from '../../shared/local/embedded-azurite';
import type { JobEnvelope } from '../../shared/queue/sync-job.schema';
import { ContactSync } from '../../shared/sync/contact-sync';
import { ContactExecutor } from '../../shared/sync/contact-executor';
import { planContact } from '../../shared/sync/contact-planner';
import { normalizeContact } from '../../shared/domain/contact';
import { exchangeExternalReference } from '../../shared/domain/external-reference';
import type { ExchangeContactSnapshot } from '../../shared/sync/ports/exchange-contact-port';
import type { LnContactSnapshot } from '../../shared/sync/ports/ln-contact-port';
import { newRunReport } from '../../shared/sync/run-report';
import type { RunReport } from '../../shared/sync/run-report';
import { ADELE, MEGAN, startContactWorld, type ContactWorld } from './sync-world';

let azurite: EmbeddedAzurite;
before(async () => { azurite = await startEmbeddedAzurite(); });
after(async () => { await azurite.stop(); });

/** Every method call of `target` waits until the scheduler lets it go: the races happen between these steps. */
function gated<T extends object>(target: T, s: fc.Scheduler, label: string): T {
  return new Proxy(target, {
    get(obj, prop) {
      const value: unknown = Reflect.get(obj, prop, obj);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        await s.schedule(Promise.resolve(), `${label}.${String(prop)}`);
        return (value as (...a: unknown[]) => unknown).apply(obj, args);
      };
    },
  });
}

function gatedSync(services: Services, s: fc.Scheduler, label: string): ContactSync {
  return new ContactSync({
    ln: gated(services.lnContacts, s, `${label}:ln`),
    exchange: gated(services.exchangeContacts, s, `${label}:graph`),
    links: gated(services.links, s, `${label}:links`),
    cursors: services.cursors,
    clock: services.clock,
    claims: gated(services.claims, s, `${label}:claims`),
  }, services.contactSyncSettings);
}

/** Lets the scheduler release one waiting call at a time until `work` is done (real I/O runs in between). */
function drive<T>(s: fc.Scheduler, work: Promise<T>): Promise<T> {
  return s.waitFor(work);
}

type Mode = 'pull-pull' | 'push-pull';

interface Person { email: string; givenName: string; surname: string }

async function startedRuntime(services: Services): Promise<Runtime> {
  const rt = buildRuntime(services, { send: async () => undefined, schedule: async () => undefined });
  await rt.control.update((c) => ({
    ...c, state: 'started', changedAt: new Date().toISOString(),
    settings: {
      synchronizeContacts: true, synchronizeActivities: false, enablePushSynchronization: true,
      contactPullInterval: { number: 15, unit: 'Minutes' }, calendarPullInterval: { number: 15, unit: 'Minutes' },
      users: [ADELE, MEGAN], readAt: new Date().toISOString(),
    },
  }));
  return rt;
}

function envelope(job: JobEnvelope['job']): JobEnvelope {
  return { job, attempt: 1 };
}

/** One race: Adele's run (a pull, or the job of her Graph notification) against Megan's pull, on two instances. */
async function race(world: ContactWorld, instances: [Services, Services], s: fc.Scheduler, mode: Mode, createdId: string): Promise<void> {
  const [a, b] = instances.map((services, i) => ({ ...services, contactSync: gatedSync(services, s, `instance${i + 1}`) }));
  const now = new Date().toISOString();
  if (mode === 'pull-pull') {
    await drive(s, Promise.all([a!.contactSync.run(ADELE), b!.contactSync.run(MEGAN)]));
    return;
  }
  const [rtA, rtB] = await Promise.all([startedRuntime(a!), startedRuntime(b!)]);
  await drive(s, Promise.all([
    processJob(rtA, envelope({ kind: 'graph-change', user: ADELE, resource: 'contact', id: createdId, changeType: 'created', subscriptionId: 'sub-adele', receivedAt: now })),
    processJob(rtB, envelope({ kind: 'pull', user: MEGAN, scope: 'contacts', full: false, dueAt: now })),
  ]));
}

/** Both users' runs, round after round without the scheduler, until a round writes nothing and fails nothing. */
async function settle(instances: [Services, Services]): Promise<void> {
  for (let round = 0; round < 6; round++) {
    const reports: RunReport[] = [await instances[0].contactSync.run(ADELE), await instances[1].contactSync.run(MEGAN)];
    if (reports.every((r) => r.writes === 0 && r.errors.length === 0)) return;
  }
  throw new Error('the two users did not settle within 6 rounds');
}

async function assertOnePersonOneContact(world: ContactWorld, services: Services, people: Person[], company: string): Promise<void> {
  const ln = world.ln.listContacts();
  for (const p of people) {
    const matches = ln.filter((c) => (p.email ? c.Email.toLowerCase() === p.email.toLowerCase() : c.FirstName === p.givenName && c.LastName === p.surname));
    assert.equal(matches.length, 1, `exactly one LN contact for ${p.email || `${p.givenName} ${p.surname}`}: ${matches.map((c) => c.Contact).join(', ')}`);
  }
  assert.equal(world.ln.listBusinessPartners().filter((bp) => bp.Name === company).length, 1, `exactly one business partner '${company}'`);
  for (const user of [ADELE, MEGAN]) {
    const copies = world.graph.listContacts(user, syncFolder(world, user)).map((c) => ({ id: String(c['id']), lnKey: stampOf(c) }));
    const stamps = copies.map((c) => c.lnKey ?? '(unstamped)');
    assert.equal(new Set(stamps).size, stamps.length, `no duplicate in ${user}'s sync folder: ${stamps.join(', ')}`);
    const links = new Map((await services.links.list(user, 'contact')).map((l) => [l.lnKey, l]));
    for (const copy of copies) {
      assert.ok(copy.lnKey, `every copy in ${user}'s folder is stamped`);
      assert.equal(links.get(copy.lnKey)?.exchangeId, copy.id, `every copy in ${user}'s folder is linked (${copy.lnKey})`);
    }
  }
}

function syncFolder(world: ContactWorld, user: string): string {
  return String(world.graph.folders(user).find((f) => f.displayName === 'LN Contacts')?.id);
}

/** The LN key the service stamps on every copy it knows (named extended property `LnKey`). */
function stampOf(contact: Record<string, unknown>): string | undefined {
  const props = (contact['singleValueExtendedProperties'] ?? []) as Array<{ id: string; value: string }>;
  return props.find((p) => /Name LnKey$/i.test(p.id))?.value;
}

it('B-I7: two users on two instances, pull against pull and push against pull, end to end: one LN contact per person, every copy linked, no duplicate in any mailbox', async () => {
  const world = await startContactWorld({ azurite, users: [ADELE, MEGAN], graphLatencyMs: 0, env: { MASS_DELETE_MIN_COUNT: '100000' } });
  try {
    const instances: [Services, Services] = [world.instance(), world.instance()];
    await instances[0].contactSync.run(ADELE);
    await instances[1].contactSync.run(MEGAN);
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.constantFrom<Mode>('pull-pull', 'push-pull'), fc.boolean(), fc.boolean(), async (s, mode, withoutEmail, upperCase) => {
        n++;
        const company = `Race Co ${n}`;
        const person: Person = { email: `p${n}@race.example`, givenName: 'Pat', surname: `Race${n}` };
        const nameOnly: Person = { email: '', givenName: 'Quinn', surname: `Race${n}` };
        const people = withoutEmail ? [person, nameOnly] : [person];
        let adeleItem = '';
        for (const user of [ADELE, MEGAN]) {
          const folderId = syncFolder(world, user);
          for (const p of people) {
            const address = upperCase && user === MEGAN ? p.email.toUpperCase() : p.email;
            const created = world.graph.createContactAsUser(user, folderId, { givenName: p.givenName, surname: p.surname, companyName: company, ...(p.email ? { emailAddresses: [{ address }] } : {}) });
            if (user === ADELE && !adeleItem) adeleItem = String(created['id']);
          }
          // a different person of the same new company in each mailbox: one business partner for both
          world.graph.createContactAsUser(user, folderId, { givenName: 'Colleague', surname: `${user.slice(0, 5)}${n}`, companyName: company, emailAddresses: [{ address: `${user.slice(0, 5)}${n}@race.example` }] });
        }
        await race(world, instances, s, mode, adeleItem);
        await settle(instances);
        await assertOnePersonOneContact(world, instances[0], people, company);
      }),
      { numRuns: 15, endOnFailure: true, includeErrorInReport: true },
    );
  } finally {
    await world.close();
  }
});

/** Adele's and Megan's executors (two instances) each about to create the same new Outlook person in LN. */
async function raceCreates(world: ContactWorld, instances: [Services, Services], s: fc.Scheduler | undefined, people: Array<Person & { company: string }>): Promise<Map<string, ExchangeContactSnapshot[]>> {
  const copies = new Map<string, ExchangeContactSnapshot[]>();
  const copiesLinked = new Set<string>();
  const runs = [ADELE, MEGAN].map((user, i) => {
    const services = instances[i] as Services;
    const g = <T extends object>(t: T, label: string): T => (s ? gated(t, s, `${user}:${label}`) : t);
    const executor = new ContactExecutor({ ln: g(services.lnContacts, 'ln'), exchange: g(services.exchangeContacts, 'graph'), links: g(services.links, 'links'), clock: services.clock, claims: g(services.claims, 'claims') });
    const ctx = { direction: 'two-way' as const, policy: 'latest-wins' as const, externalReferenceFor: (id: string) => exchangeExternalReference(user, id) };
    const folderId = syncFolder(world, user);
    const snaps = people.map((p) => {
      const created = world.graph.createContactAsUser(user, folderId, { givenName: p.givenName, surname: p.surname, companyName: p.company, ...(p.email ? { emailAddresses: [{ address: p.email }] } : {}) });
      const snap: ExchangeContactSnapshot = { id: String(created['id']), changeKey: String(created['changeKey']), modifiedAt: String(created['lastModifiedDateTime']), fields: normalizeContact({ givenName: p.givenName, surname: p.surname, companyName: p.company, email: p.email }) };
      copies.set(p.surname + p.email, [...(copies.get(p.surname + p.email) ?? []), snap]);
      return snap;
    });
    const target = {
      user, folderId, exchangeFull: true,
      planMatch: (ln: LnContactSnapshot, ex: ExchangeContactSnapshot) => planContact({ link: undefined, ln: { kind: 'present', snap: ln }, ex: { kind: 'present', snap: ex } }, ctx),
    };
    return async (): Promise<void> => {
      let lastErrors = '';
      for (let attempt = 1; attempt <= 4; attempt++) {
        const pending = snaps.filter((x) => !copiesLinked.has(`${user}|${x.id}`));
        if (pending.length === 0) return;
        const report = newRunReport(user, 'contacts', false, new Date().toISOString());
        await executor.execute(pending.map((ex) => ({ type: 'create-ln', exchange: ex, externalReference: ctx.externalReferenceFor(ex.id), reason: 'B-C3: test' })), target, report);
        for (const ex of pending) if (!report.errors.some((e) => e.exchangeId === ex.id)) copiesLinked.add(`${user}|${ex.id}`);
        lastErrors = JSON.stringify(report.errors);
        if (report.errors.some((e) => !e.transient)) throw new Error(JSON.stringify(report.errors));
        // the worker retries a transient failure seconds later, once the other user's run is done
        if (report.errors.length > 0) await Promise.race([finished[1 - i], new Promise((r) => setTimeout(r, 3000))]);
      }
      throw new Error(`${user}'s creates did not complete in 4 attempts: ${lastErrors}`);
    };
  });
  const settled: Array<() => void> = [];
  const finished = [0, 1].map(() => new Promise<void>((r) => settled.push(r)));
  const both = Promise.all(runs.map((run, i) => run().finally(() => settled[i]?.())));
  await (s ? s.waitFor(both) : both);
  return copies;
}

it('B-I7: two users creating the same new Outlook person on two instances, over 200 random interleavings of their LN, Graph and claim calls, make one LN contact and one business partner, with both copies linked to it', async () => {
  const world = await startContactWorld({ azurite, users: [ADELE, MEGAN], graphLatencyMs: 0 });
  try {
    const instances: [Services, Services] = [world.instance(), world.instance()];
    await instances[0].contactSync.run(ADELE);
    await instances[1].contactSync.run(MEGAN);
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.boolean(), async (s, withoutEmail) => {
        n++;
        const company = `Race Co ${n}`;
        const people = [withoutEmail ? { email: '', givenName: 'Quinn', surname: `Race${n}`, company } : { email: `p${n}@race.example`, givenName: 'Pat', surname: `Race${n}`, company }];
        const copies = await raceCreates(world, instances, s, people);
        const person = people[0] as Person;
        const ln = world.ln.listContacts().filter((c) => (person.email ? c.Email === person.email : c.LastName === person.surname));
        assert.equal(ln.length, 1, `one LN contact for the person, not ${ln.map((c) => c.Contact).join(', ')}`);
        assert.equal(world.ln.listBusinessPartners().filter((bp) => bp.Name === company).length, 1, 'one business partner for the new company');
        for (const [i, user] of [ADELE, MEGAN].entries()) {
          const copy = copies.get(person.surname + person.email)?.[i];
          const link = await instances[0].links.get(user, 'contact', ln[0]?.Contact ?? '');
          assert.equal(link?.exchangeId, copy?.id, `${user}'s copy is linked to the one LN contact`);
        }
      }),
      { numRuns: 200, endOnFailure: true, includeErrorInReport: true },
    );
    await settle(instances); // and later runs see both copies as one linked person: no duplicate in any mailbox
    await assertOnePersonOneContact(world, instances[0], [], 'Race Co 1');
  } finally {
    await world.close();
  }
});
