// The local host: the same function handlers in one Node process — HTTP routes as in Azure, the scheduler timer,
// and the worker fed by an in-process queue with Service Bus's session, retry and de-duplication rules.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { InvocationContext, type Timer } from '@azure/functions';
import { buildServices } from '../app/build-services';
import { buildRuntime } from '../app/build-runtime';
import type { Runtime } from '../app/runtime';
import { useRuntime } from '../app/runtime-provider';
import { loadConfig } from '../config/load-config';
import { InProcessJobQueue } from '../queue/in-process-job-queue';
import type { JobEnvelope } from '../queue/sync-job.schema';
import { autostart, type AutostartResult } from './autostart';
import { startEmbeddedAzurite } from './embedded-azurite';
import { routeRequests, type LocalRoute } from './http-routes';
import { loadFunctions, type LoadedFunctions } from './load-functions';

const TIMER = { isPastDue: false, scheduleStatus: { last: '', next: '', lastUpdated: '' } } as Timer;

export interface LocalHostOptions {
  env?: Record<string, string | undefined>;
  /** 0 picks a free port. Default: PORT from configuration (7071). */
  port?: number;
  /** Run the scheduler every minute (default true). Tests drive `tick()` themselves. */
  timers?: boolean;
  /** Fewer queue sessions at once, for tests. */
  maxConcurrentSessions?: number;
  log?: (line: string) => void;
}

export interface LocalHost {
  url: string;
  adminToken: string;
  runtime: Runtime;
  queue: InProcessJobQueue;
  /** Runs the scheduler function once, as its timer would. */
  tick(): Promise<void>;
  /** Runs the subscriptions function once. */
  maintainSubscriptions(): Promise<void>;
  /** With LOCAL_AUTOSTART=true: how starting the synchronizer went (B-L7); the host runs either way. */
  autostart?: AutostartResult;
  stop(): Promise<void>;
}

interface Stoppable {
  stop(): Promise<void>;
}

export async function startLocalHost(options: LocalHostOptions = {}): Promise<LocalHost> {
  const log = options.log ?? ((line: string) => console.log(`${new Date().toISOString()} ${line}`));
  const env: Record<string, string | undefined> = { ...(options.env ?? process.env) };
  const stoppers: Stoppable[] = [];
  if (!env['SYNC_STATE_CONNECTION_STRING'] && !env['SYNC_STATE_TABLE_ENDPOINT']) {
    const azurite = await startEmbeddedAzurite(env['LOCAL_AZURITE_FOLDER'] ? { folder: env['LOCAL_AZURITE_FOLDER'] } : {});
    stoppers.push(azurite);
    env['SYNC_STATE_CONNECTION_STRING'] = azurite.connectionString;
  }
  const adminToken = env['ADMIN_TOKEN'] ?? randomBytes(18).toString('base64url');
  env['ADMIN_TOKEN'] = adminToken;
  const functions = loadFunctions();
  const queue = new InProcessJobQueue({
    handler: async (envelope: JobEnvelope) => {
      await functions.syncWorker(envelope, new InvocationContext({ functionName: 'sync-worker', logHandler: (_level, ...args) => log(`sync-worker: ${args.join(' ')}`) }));
      return { kind: 'done' };
    },
    maxConcurrentSessions: options.maxConcurrentSessions ?? 8,
    log,
  });
  const runtime = buildRuntime(buildServices(loadConfig(env, env === process.env ? 'local.settings.json' : null)), queue);
  useRuntime(runtime);
  queue.start();
  stoppers.unshift({ stop: () => queue.stop() });
  const server = await listen(functions.routes, options.port ?? runtime.services.config.port, log);
  stoppers.unshift({ stop: () => new Promise<void>((resolve) => server.close(() => resolve())) });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  runtime.services.config.push.publicBaseUrl ??= url; // Graph and LN notify this host
  const fire = (name: string, fn: LoadedFunctions['scheduler']) => (): Promise<void> =>
    fn(TIMER, new InvocationContext({ functionName: name, logHandler: (_l, ...args) => log(`${name}: ${args.join(' ')}`) }));
  const tick = fire('scheduler', functions.scheduler);
  const maintain = fire('subscriptions', functions.subscriptions);
  const timers: NodeJS.Timeout[] = [];
  if (options.timers !== false) {
    const every = (minutes: number, run: () => Promise<void>): void => {
      const period = minutes * 60_000;
      const next = (): void => {
        timers.push(setTimeout(() => void run().catch((err: unknown) => log(`timer failed: ${String(err)}`)).finally(next), period - (Date.now() % period) + 50));
      };
      next();
    };
    every(1, tick);
    every(30, maintain);
  }
  const started = env['LOCAL_AUTOSTART'] === 'true' ? { autostart: await autostart(runtime, log) } : {};
  return {
    url, adminToken, runtime, queue, tick, maintainSubscriptions: maintain, ...started,
    stop: async () => {
      for (const t of timers) clearTimeout(t);
      for (const s of stoppers) await s.stop();
    },
  };
}

function listen(routes: LocalRoute[], port: number, log: (line: string) => void): Promise<Server> {
  let base = 'http://127.0.0.1';
  const handle = routeRequests(routes, () => base, log);
  const server = createServer((req, res) => void handle(req, res));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve(server);
    });
  });
}
