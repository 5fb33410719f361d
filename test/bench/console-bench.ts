// `npm run bench`, console part (B-U1): server time to build and render the overview and one user's page with
// 5,000 sync users and their run history in Table Storage (embedded Azurite); target under one second each.
import { performance } from 'node:perf_hooks';
import { overview, userPage } from '../../shared/app/console/console-data';
import { renderUserPage } from '../../shared/app/console/user-page';
import type { Runtime } from '../../shared/app/runtime';
import { renderStatusPage } from '../../shared/app/status-page';
import { startEmbeddedAzurite } from '../../shared/local/embedded-azurite';
import { TableClientFactory } from '../../shared/state/table-client-factory';
import { TableControlStore } from '../../shared/state/table-control-store';
import { TableRunStore } from '../../shared/state/table-run-store';
import { TableSubscriptionStore } from '../../shared/state/table-subscription-store';
import { TableUserStatusStore } from '../../shared/state/table-user-status-store';
import { seedUsers, userAddress } from '../support/console-users';

const USERS = Number(process.env['BENCH_CONSOLE_USERS'] ?? 5000);
const RUNS_PER_SCOPE = 5;
const REPEATS = 5;

async function timed(label: string, work: () => Promise<string>): Promise<void> {
  await work(); // warm-up: table creation, connections
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < REPEATS; i++) {
    const t0 = performance.now();
    bytes = (await work()).length;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  console.log(`${label.padEnd(22)} median ${median.toFixed(0).padStart(5)} ms  worst ${times[times.length - 1]!.toFixed(0).padStart(5)} ms  ${(bytes / 1024).toFixed(0)} KiB HTML  ${median < 1000 ? 'under' : 'OVER'} the 1 s target`);
}

export async function benchConsole(): Promise<void> {
  const azurite = await startEmbeddedAzurite();
  try {
    const tables = new TableClientFactory({ connectionString: azurite.connectionString, tablePrefix: 'bench' });
    const clock = { now: () => new Date() };
    const rt = {
      control: new TableControlStore(tables), statuses: new TableUserStatusStore(tables), runs: new TableRunStore(tables),
      subscriptions: new TableSubscriptionStore(tables), clock,
    } as unknown as Runtime;
    const t0 = performance.now();
    await seedUsers(tables, USERS, clock.now().toISOString(), { runsPerScope: RUNS_PER_SCOPE });
    console.log(`\nconsole: ${USERS} sync users with ${RUNS_PER_SCOPE} runs per scope each in Table Storage (seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    const ctx = (now: string) => ({ now: new Date(now), csrf: 'x', flash: undefined });
    await timed('overview, page 1', async () => {
      const view = await overview(rt, { search: '', health: undefined, page: 1 });
      return renderStatusPage(view, ctx(view.now));
    });
    await timed('overview, search', async () => {
      const view = await overview(rt, { search: '04999', health: undefined, page: 1 });
      return renderStatusPage(view, ctx(view.now));
    });
    const user = userAddress(40); // one with a problem
    await timed('one user page', async () => {
      const view = await userPage(rt, user);
      return renderUserPage(view, ctx(view.now));
    });
  } finally {
    await azurite.stop();
  }
}
