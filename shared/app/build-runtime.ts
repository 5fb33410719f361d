// Adds the runtime state stores (control, runs, user status, subscriptions), Graph subscriptions and a job queue.
// Azure passes the Service Bus queue; the local host passes its in-process queue.
import type { JobQueue } from '../queue/job-queue-port';
import { TableControlStore } from '../state/table-control-store';
import { TableRunStore } from '../state/table-run-store';
import { TableUserStatusStore } from '../state/table-user-status-store';
import { TableSubscriptionStore } from '../state/table-subscription-store';
import { GraphSubscriptionClient } from '../graph/graph-subscription-client';
import type { Services } from './build-services';
import type { Runtime } from './runtime';

export function buildRuntime(services: Services, queue: JobQueue): Runtime {
  return {
    services,
    control: new TableControlStore(services.tables),
    runs: new TableRunStore(services.tables),
    statuses: new TableUserStatusStore(services.tables, () => services.clock.now()),
    queue,
    clock: services.clock,
    subscriptions: new TableSubscriptionStore(services.tables),
    graphSubscriptions: new GraphSubscriptionClient(services.graphClient),
  };
}
