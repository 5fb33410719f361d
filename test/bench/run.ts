// `npm run bench`: throughput and cost figures against the Graph simulator throttling as Exchange does, with 100 ms latency:
// initial sync, updates, deletes, steady state, a pushed change (contacts and calendar), and peak RSS of large full syncs.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startEmbeddedAzurite } from '../../shared/local/embedded-azurite';
import { startGraphSimulator } from '../simulators/graph/graph-simulator';
import { startLnSimulator, type LnSimulator } from '../simulators/ln/ln-simulator';
import { ADELE, startContactWorld, type ContactWorld } from '../scenarios/sync-world';
import { benchConsole } from './console-bench';
import { benchPush } from './push-bench';
import { measureStep, printStep } from './bench-figures';

const COUNT = Number(process.env['BENCH_CONTACTS'] ?? 2000);
const LATENCY_MS = Number(process.env['BENCH_LATENCY_MS'] ?? 100);
const RSS_SIZES = (process.env['BENCH_RSS_SIZES'] ?? '20000,50000').split(',').filter(Boolean).map(Number);
const ACTIVITIES = Number(process.env['BENCH_ACTIVITIES'] ?? 200);
/** Comma-separated parts to run (throughput, rss, console, push); all by default. */
/** Extra Node options for the full-sync child, e.g. `--cpu-prof` or `--heap-prof` when looking into a figure. */
const CHILD_ARGS = (process.env['BENCH_CHILD_ARGS'] ?? '').split(' ').filter(Boolean);
const ONLY = new Set((process.env['BENCH_ONLY'] ?? 'throughput,rss,console,push').split(',').filter(Boolean));

const lnContact = (i: number) => ({
  Contact: `C${i}`, FirstName: `First${i}`, LastName: `Last${i}`, Email: `c${i}@example.com`, BusinessPartner: 'BP0000001',
  OfficePhone: `+31 20 ${i}`, Language: 'NLD', Synchronize: true, WorkAddress: { City: 'Amsterdam', Country: 'NLD' },
});

async function contacts(world: ContactWorld): Promise<void> {
  const step = (label: string, run: () => Promise<Awaited<ReturnType<ContactWorld['run']>>[]>) => measureStep(label, world.graph, world.ln, LATENCY_MS, run);
  for (let i = 1; i <= COUNT; i++) world.ln.putContact(lnContact(i));
  printStep(await step(`initial sync, ${COUNT} contacts`, async () => [await world.run(ADELE)]));
  for (let i = 1; i <= 200; i++) world.ln.updateContact(`C${i}`, { LastName: `Changed${i}` });
  printStep(await step('200 LN updates', async () => [await world.run(ADELE)]));
  for (let i = 201; i <= 250; i++) world.ln.deleteContact(`C${i}`);
  printStep(await step('50 LN deletes', async () => [await world.run(ADELE)]));
  printStep(await step('steady state, contacts (per user)', async () => [await world.run(ADELE)]));
  printStep(await step('steady state, contacts, again in the same tick', async () => [await world.run(ADELE)]));
  world.ln.updateContact('C300', { LastName: 'Pushed' });
  printStep(await step('one pushed LN change, contacts', async () => [await world.run(ADELE)]));
  const id = String(world.folderContacts()[0]?.['id']);
  world.graph.updateContactAsUser(ADELE, id, { jobTitle: 'Pushed' });
  printStep(await step('one pushed Outlook change, contacts', async () => [await world.run(ADELE)]));
}

async function calendar(world: ContactWorld): Promise<void> {
  const step = (label: string, run: () => Promise<Awaited<ReturnType<ContactWorld['run']>>[]>) => measureStep(label, world.graph, world.ln, LATENCY_MS, run);
  for (let i = 1; i <= ACTIVITIES; i++) world.ln.putActivity(appointment(i));
  printStep(await step(`initial sync, ${ACTIVITIES} appointments`, async () => [await world.runCalendar(ADELE)]));
  printStep(await step('steady state, calendar (per user)', async () => [await world.runCalendar(ADELE)]));
  world.ln.updateActivity('A1', { Subject: 'Pushed' });
  printStep(await step('one pushed LN change, calendar', async () => [await world.runCalendar(ADELE)]));
}

function appointment(i: number) {
  const start = new Date(Date.now() + (1 + (i % 30)) * 86_400_000);
  start.setUTCHours(8 + (i % 8), 0, 0, 0);
  const iso = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    Activity: `A${i}`, Type: 'Appointment' as const, Subject: `Appointment ${i}`, Text: 'Agenda', Location: 'Room 1',
    StartDate: iso(start), EndDate: iso(new Date(start.getTime() + 1_800_000)), Organizer: 'EMP000001',
    Attendees: [{ AttendeeType: 'Employee' as const, Employee: 'EMP000001', Attendance: 'MeetingOrganizer' as const, Invite: true }],
  };
}

/** Initial sync of `size` contacts in a child process (no latency, no request window) and its peak RSS. */
async function peakRss(size: number): Promise<void> {
  const [ln, graph, azurite] = await Promise.all([
    startLnSimulator({ pageSize: 500 }),
    startGraphSimulator({ mailboxes: [ADELE], latencyMs: 0, requestsPerWindow: Number.MAX_SAFE_INTEGER }),
    startEmbeddedAzurite(),
  ]);
  try {
    seed(ln, size);
    const env = {
      LN_COMPANY: ln.company, LN_IONAPI_JSON: JSON.stringify(ln.ionapi), GRAPH_BASE_URL: graph.baseUrl, GRAPH_STATIC_TOKEN: graph.token,
      SYNC_STATE_CONNECTION_STRING: azurite.connectionString, SYNC_TABLE_PREFIX: `rss${size}`,
    };
    const child = await promisify(execFile)(process.execPath, [...CHILD_ARGS, join(__dirname, 'full-sync-child.js')], {
      env: { ...process.env, BENCH_ENV: JSON.stringify(env), BENCH_USER: ADELE }, maxBuffer: 1 << 20,
    });
    const out = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as { ms: number; rssMiB: number; writes: number; errors: number };
    const verdict = out.rssMiB < 256 ? 'under' : 'OVER';
    console.log(`full sync, ${size} contacts (child process, no latency)  ${(out.ms / 1000).toFixed(1)} s  peak RSS ${out.rssMiB.toFixed(0)} MiB (${verdict} 256 MiB)  writes ${out.writes}  failed items ${out.errors}`);
  } catch (err) {
    console.log(`full sync, ${size} contacts: did not complete: ${String(err).slice(0, 300)}`);
  } finally {
    await Promise.all([ln.close(), graph.close(), azurite.stop()]);
  }
}

function seed(ln: LnSimulator, size: number): void {
  for (let i = 1; i <= size; i++) ln.putContact(lnContact(i));
}

async function main(): Promise<void> {
  if (ONLY.has('throughput')) await throughput();
  if (ONLY.has('rss')) for (const size of RSS_SIZES) await peakRss(size);
  if (ONLY.has('console')) await benchConsole();
  if (ONLY.has('push')) await benchPush();
}

async function throughput(): Promise<void> {
  console.log(`Graph simulator: Exchange throttling (4 in flight per mailbox, batch parts counted; 10,000 requests / 10 min), ${LATENCY_MS} ms per request`);
  const world = await startContactWorld({ lnPageSize: 500, graphLatencyMs: LATENCY_MS });
  try {
    await contacts(world);
    await calendar(world);
  } finally {
    await world.close();
  }
}

// The test runner loads every file under test/; the bench runs only when started on its own.
if (process.env['NODE_TEST_CONTEXT'] === undefined) void main();
