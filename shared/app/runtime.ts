// Everything the functions and the local host need at run time, built once from configuration.
// The queue is Service Bus in Azure; the local host passes its in-process queue instead.
import type { JobQueue } from '../queue/job-queue-port';
import type { Clock } from '../sync/ports/clock-port';
import type { Services } from './build-services';
import type { ControlStore } from './ports/control-store-port';
import type { RunStore } from './ports/run-store-port';
import type { UserStatusStore } from './ports/user-status-port';

export interface Runtime {
  services: Services;
  control: ControlStore;
  runs: RunStore;
  statuses: UserStatusStore;
  queue: JobQueue;
  clock: Clock;
}
