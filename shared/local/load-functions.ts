// Loads the function modules for the local host: the handlers exactly as Azure runs them, with their routes.
// Their `app.*` registrations are skipped outside the Functions host; the notice about it is kept quiet.
import type { HttpRequest, HttpResponseInit, InvocationContext, Timer } from '@azure/functions';
import type { LocalRoute } from './http-routes';

type Http = (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;

export interface LoadedFunctions {
  scheduler: (timer: Timer, context: InvocationContext) => Promise<void>;
  subscriptions: (timer: Timer, context: InvocationContext) => Promise<void>;
  syncWorker: (message: unknown, context: InvocationContext) => Promise<void>;
  routes: LocalRoute[];
}

export function loadFunctions(): LoadedFunctions {
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const route = (name: string, methods: string[], path: string, handler: Http): LocalRoute => ({ name, methods, route: path, handler });
    const { adminStart } = require('../../functions/admin-start') as { adminStart: Http };
    const { adminStop } = require('../../functions/admin-stop') as { adminStop: Http };
    const { adminStatus } = require('../../functions/admin-status') as { adminStatus: Http };
    const { adminStatusPage } = require('../../functions/admin-status-page') as { adminStatusPage: Http };
    const { adminItem } = require('../../functions/admin-item') as { adminItem: Http };
    const { adminSync } = require('../../functions/admin-sync') as { adminSync: Http };
    const { adminConfirmDeletes } = require('../../functions/admin-confirm-deletes') as { adminConfirmDeletes: Http };
    const { scheduler } = require('../../functions/scheduler') as Pick<LoadedFunctions, 'scheduler'>;
    const { syncWorker } = require('../../functions/sync-worker') as Pick<LoadedFunctions, 'syncWorker'>;
    const { subscriptions } = require('../../functions/subscriptions') as Pick<LoadedFunctions, 'subscriptions'>;
    const { graphWebhook } = require('../../functions/graph-webhook') as { graphWebhook: Http };
    const { lnWebhook } = require('../../functions/ln-webhook') as { lnWebhook: Http };
    /* eslint-enable @typescript-eslint/no-require-imports */
    return {
      scheduler,
      syncWorker,
      subscriptions,
      routes: [
        route('graph-webhook', ['POST'], 'graph/notifications', graphWebhook),
        route('ln-webhook', ['POST'], 'ln/notifications', lnWebhook),
        route('admin-start', ['POST'], 'admin/start', adminStart),
        route('admin-stop', ['POST'], 'admin/stop', adminStop),
        route('admin-status', ['GET'], 'admin/status', adminStatus),
        route('admin-status-page', ['GET'], 'admin/status.html', adminStatusPage),
        route('admin-item', ['GET'], 'admin/users/{email}/items/{kind}/{id}', adminItem),
        route('admin-sync', ['POST'], 'admin/users/{email}/sync', adminSync),
        route('admin-confirm-deletes', ['POST'], 'admin/users/{email}/confirm-deletes', adminConfirmDeletes),
      ],
    };
  } finally {
    console.warn = warn;
  }
}
