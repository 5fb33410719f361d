// Loads every function module for the local host and captures what each registers with `app` — the handlers and
// routes exactly as Azure runs them, with nothing written twice. Registration itself only happens in Azure.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { app, type HttpFunctionOptions, type InvocationContext, type ServiceBusQueueFunctionOptions, type Timer, type TimerFunctionOptions } from '@azure/functions';
import type { LocalRoute } from './http-routes';

type TimerHandler = (timer: Timer, context: InvocationContext) => Promise<void>;

export interface LoadedFunctions {
  scheduler: TimerHandler;
  subscriptions: TimerHandler;
  syncWorker: (message: unknown, context: InvocationContext) => Promise<void>;
  routes: LocalRoute[];
}

const FUNCTIONS_DIR = join(__dirname, '..', '..', 'functions');

let loaded: LoadedFunctions | undefined;

/** Modules load once per process (Node caches them), so the first capture is kept for every later host. */
export function loadFunctions(): LoadedFunctions {
  loaded ??= capture();
  return loaded;
}

function capture(): LoadedFunctions {
  const routes: LocalRoute[] = [];
  const timers = new Map<string, TimerHandler>();
  const queues = new Map<string, (message: unknown, context: InvocationContext) => Promise<void>>();
  const original = { http: app.http, timer: app.timer, serviceBusQueue: app.serviceBusQueue };
  app.http = (name: string, options: HttpFunctionOptions) => {
    routes.push({ name, methods: (options.methods ?? ['GET', 'POST']).map(String), route: options.route ?? name, handler: options.handler as LocalRoute['handler'] });
  };
  app.timer = (name: string, options: TimerFunctionOptions) => void timers.set(name, options.handler as TimerHandler);
  app.serviceBusQueue = <T>(name: string, options: ServiceBusQueueFunctionOptions<T>) => void queues.set(name, options.handler as (m: unknown, c: InvocationContext) => Promise<void>);
  try {
    for (const file of readdirSync(FUNCTIONS_DIR).filter((f) => f.endsWith('.js')).sort()) {
      const path = join(FUNCTIONS_DIR, file);
      delete require.cache[require.resolve(path)]; // loaded earlier (e.g. by a test): run its registration again
      require(path); // eslint-disable-line @typescript-eslint/no-require-imports
    }
  } finally {
    Object.assign(app, original);
  }
  return { scheduler: required(timers, 'scheduler'), subscriptions: required(timers, 'subscriptions'), syncWorker: required(queues, 'sync-worker'), routes };
}

function required<T>(map: Map<string, T>, name: string): T {
  const found = map.get(name);
  if (!found) throw new Error(`function '${name}' is not registered in functions/`);
  return found;
}
