// Everything the functions and the local host need at run time, built once from configuration.
// The queue is Service Bus in Azure; the local host passes its in-process queue instead.
import type { JobQueue } from '../queue/job-queue-port';
import type { Clock } from '../sync/ports/clock-port';
import type { Services } from './build-services';
import type { ControlStore } from './ports/control-store-port';
import type { RunStore } from './ports/run-store-port';
import type { UserStatusStore } from './ports/user-status-port';
import type { SubscriptionStore } from './ports/subscription-store-port';
import type { GraphSubscriptionPort } from '../sync/ports/graph-subscription-port';

export interface Runtime {
  services: Services;
  control: ControlStore;
  runs: RunStore;
  statuses: UserStatusStore;
  queue: JobQueue;
  clock: Clock;
  /** Push (B-N1): the subscriptions the service owns, and Graph's subscription API. */
  subscriptions: SubscriptionStore;
  graphSubscriptions: GraphSubscriptionPort;
}
