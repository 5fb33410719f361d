// Adds the runtime state stores (control, runs, user status) and a job queue to the services.
// Azure passes the Service Bus queue; the local host passes its in-process queue.
import type { JobQueue } from '../queue/job-queue-port';
import { TableControlStore } from '../state/table-control-store';
import { TableRunStore } from '../state/table-run-store';
import { TableUserStatusStore } from '../state/table-user-status-store';
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
  };
}
