// End-to-end world for scenarios: LN simulator, Graph simulator and Azurite, wired by the real composition root.
// Tests act like LN users (simulator data access) and Outlook users (simulator mailbox access), then run a sync.
import { after } from 'node:test';
import { randomBytes } from 'node:crypto';
import { buildServices, type Services } from '../../shared/app/build-services';
import { loadConfig } from '../../shared/config/load-config';
import { startEmbeddedAzurite } from '../../shared/local/embedded-azurite';
import type { ContactRunOptions } from '../../shared/sync/contact-sync';
import type { RunReport } from '../../shared/sync/run-report';
import type { Clock } from '../../shared/sync/ports/clock-port';
import { startGraphSimulator, type GraphSimulator } from '../simulators/graph/graph-simulator';
import { startLnSimulator, type LnSeed, type LnSimulator } from '../simulators/ln/ln-simulator';

export const ADELE = 'adele.vance@contoso.example';
export const MEGAN = 'megan.bowen@contoso.example';

export interface SyncWorldOptions {
  users?: string[];
  env?: Record<string, string>;
  lnSeed?: Partial<LnSeed>;
  lnPageSize?: number;
  graphPageSize?: number;
  /** Per-request latency of the Graph simulator (default 5 ms). */
  graphLatencyMs?: number;
  /** Share one Table Storage emulator between worlds (each world still gets its own tables). */
  azurite?: { connectionString: string };
  /** How long a claim on a person in progress holds (B-I7). */
  claimTtlMs?: number;
  /** The services' clock (default: the system clock). */
  clock?: Clock;
}

export interface ContactWorld {
  ln: LnSimulator;
  graph: GraphSimulator;
  services: Services;
  run(user?: string, options?: ContactRunOptions): Promise<RunReport>;
  /** Runs until a run writes nothing (at most `max` runs); returns every report. */
  settle(user?: string, max?: number): Promise<RunReport[]>;
  /** One calendar run for a user; every mailbox of the world is a sync user. */
  runCalendar(user?: string, options?: { full?: boolean; confirmDeletes?: boolean }): Promise<RunReport>;
  /** Calendar runs for every user, round after round, until a round writes nothing. */
  settleCalendar(max?: number): Promise<RunReport[]>;
  syncFolderId(user?: string): string;
  folderContacts(user?: string): Array<Record<string, unknown>>;
  /** Rebuilds the services (new clients, caches and config) on the same simulators and tables. */
  restart(env?: Record<string, string>): void;
  /** Services of a second instance (own clients and caches) on the same simulators and tables. */
  instance(env?: Record<string, string>): Services;
  close(): Promise<void>;
}

const fastSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.min(ms, 20)));

export async function startContactWorld(options: SyncWorldOptions = {}): Promise<ContactWorld> {
  const users = options.users ?? [ADELE];
  const [ln, graph, azurite] = await Promise.all([
    startLnSimulator({ ...(options.lnSeed ? { seed: options.lnSeed } : {}), ...(options.lnPageSize ? { pageSize: options.lnPageSize } : {}) }),
    startGraphSimulator({
      mailboxes: users,
      ...(options.graphPageSize ? { pageSize: options.graphPageSize } : {}),
      ...(options.graphLatencyMs !== undefined ? { latencyMs: options.graphLatencyMs } : {}),
    }),
    options.azurite ? { connectionString: options.azurite.connectionString, stop: async () => undefined } : startEmbeddedAzurite(),
  ]);
  const prefix = `t${randomBytes(6).toString('hex')}`;
  const baseEnv = {
    LN_COMPANY: ln.company,
    LN_IONAPI_JSON: JSON.stringify(ln.ionapi),
    GRAPH_BASE_URL: graph.baseUrl,
    GRAPH_STATIC_TOKEN: graph.token,
    SYNC_STATE_CONNECTION_STRING: azurite.connectionString,
    SYNC_TABLE_PREFIX: prefix,
  };
  const build = (env: Record<string, string> = {}): Services => buildServices(loadConfig({ ...baseEnv, ...options.env, ...env }, null), { sleep: fastSleep, ...(options.claimTtlMs !== undefined ? { claimTtlMs: options.claimTtlMs } : {}), ...(options.clock ? { clock: options.clock } : {}) });
  let services = build();
  const world: ContactWorld = {
    ln, graph,
    get services() { return services; },
    run: (user = users[0] ?? ADELE, opts) => services.contactSync.run(user, opts),
    async settle(user = users[0] ?? ADELE, max = 5) {
      const reports: RunReport[] = [];
      for (let i = 0; i < max; i++) {
        const r = await world.run(user);
        reports.push(r);
        if (r.writes === 0 && r.errors.length === 0) return reports;
      }
      throw new Error(`no quiet run after ${max} runs: ${JSON.stringify(reports.at(-1))}`);
    },
    runCalendar: (user = users[0] ?? ADELE, opts = {}) => services.calendarSync.run(user, { syncUsers: users, ...opts }),
    async settleCalendar(max = 5) {
      const reports: RunReport[] = [];
      for (let round = 0; round < max; round++) {
        const results = [];
        for (const user of users) results.push(await world.runCalendar(user));
        reports.push(...results);
        if (results.every((r) => r.writes === 0 && r.errors.length === 0)) return reports;
      }
      throw new Error(`calendar did not settle after ${max} rounds: ${JSON.stringify(reports.slice(-users.length))}`);
    },
    syncFolderId(user = users[0] ?? ADELE) {
      const folder = graph.folders(user).find((f) => f.displayName === services.config.sync.folderName);
      if (!folder) throw new Error(`no sync folder in ${user}'s mailbox`);
      return folder.id;
    },
    folderContacts(user = users[0] ?? ADELE) {
      return graph.listContacts(user, world.syncFolderId(user));
    },
    restart(env) { services = build(env); },
    instance: (env) => build(env),
    async close() {
      await Promise.all([ln.close(), graph.close(), azurite.stop()]);
    },
  };
  return world;
}

/** Starts a world and closes it when the test file ends. */
export async function contactWorld(options: SyncWorldOptions = {}): Promise<ContactWorld> {
  const world = await startContactWorld(options);
  after(() => world.close());
  return world;
}
