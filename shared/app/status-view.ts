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
  /** Which users this answer holds: runs are read only for them, so the answer stays small with 5,000 users. */
  page: { number: number; size: number; totalUsers: number };
  users: UserStatusView[];
}

/** One page of sync users (1-based), or just `user` when given. */
export interface StatusQuery {
  page?: number;
  pageSize?: number;
  user?: string;
}

export const STATUS_PAGE_SIZE = 100;
export const STATUS_MAX_PAGE_SIZE = 500;

export function subscriptionStates(records: SubscriptionRecord[], problems: SubscriptionProblem[]): SubscriptionState[] {
  const active: SubscriptionState[] = records.map((r) => ({ resource: r.resource, state: 'active', until: r.expiresAt }));
  const failing: SubscriptionState[] = problems.map((p) => ({ resource: p.resource, state: 'failing', reason: p.message, since: p.since }));
  return [...failing, ...active.filter((a) => !problems.some((p) => p.resource === a.resource))];
}
