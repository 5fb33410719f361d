// The data the status endpoints show (B-I6): synchronizer state and settings, and per sync user their runs,
// attention items, failures, dead letters and warnings. Plain data, rendered as JSON or as the HTML page.
import type { RunReport } from '../sync/run-report';
import type { SynchronizerState } from './ports/control-store-port';
import type { SubscriptionRecord } from './ports/subscription-store-port';
import type { SubscriptionProblem, UserStatus } from './ports/user-status-port';

/** B-N6: one Graph subscription of a user: active until when, or failing and why. */
export type SubscriptionState =
  | { resource: 'events' | 'contacts'; state: 'active'; until: string }
  | { resource: 'events' | 'contacts'; state: 'failing'; reason: string; since: string };

export interface UserStatusView {
  status: UserStatus;
  runs: { contacts: RunReport[]; calendar: RunReport[] };
  subscriptions: SubscriptionState[];
}

export interface StatusView {
  generatedAt: string;
  synchronizer: Omit<SynchronizerState, 'etag'>;
  users: UserStatusView[];
}

export function subscriptionStates(records: SubscriptionRecord[], problems: SubscriptionProblem[]): SubscriptionState[] {
  const active: SubscriptionState[] = records.map((r) => ({ resource: r.resource, state: 'active', until: r.expiresAt }));
  const failing: SubscriptionState[] = problems.map((p) => ({ resource: p.resource, state: 'failing', reason: p.message, since: p.since }));
  return [...failing, ...active.filter((a) => !problems.some((p) => p.resource === a.resource))];
}
