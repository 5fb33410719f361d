// Writes what subscription maintenance found into each sync user's status (B-N6): the failing subscriptions and
// why, summarized as the user's push problem; cleared as soon as that user's subscriptions are healthy again.
import type { SubscribedResource } from './ports/subscription-store-port';
import type { SubscriptionProblem, UserStatus } from './ports/user-status-port';
import type { Runtime } from './runtime';

export interface PushFailure {
  user: string;
  resource: SubscribedResource;
  message: string;
}

/** `users`: the users push is wanted for; users with a stored push problem but no failure now are cleared. */
export async function recordPushHealth(rt: Runtime, users: string[], failing: Map<string, PushFailure>, only?: { user: string }): Promise<void> {
  const now = rt.clock.now().toISOString();
  const byUser = new Map<string, PushFailure[]>();
  for (const f of failing.values()) byUser.set(f.user.toLowerCase(), [...(byUser.get(f.user.toLowerCase()) ?? []), f]);
  const flagged = (await rt.statuses.summaries()).filter((s) => s.problems.includes('push')).map((s) => s.user);
  const wanted = new Set(users.map((u) => u.toLowerCase()));
  for (const user of flagged) {
    if (only && user.toLowerCase() !== only.user.toLowerCase()) continue;
    if (!byUser.has(user.toLowerCase())) await rt.statuses.update(user, healthy);
  }
  for (const [key, failures] of byUser) {
    if (!wanted.has(key)) continue;
    const user = users.find((u) => u.toLowerCase() === key) ?? key;
    await rt.statuses.update(user, (s) => failingStatus(s, failures, now));
  }
}

function healthy(status: UserStatus): UserStatus {
  const next = { ...status };
  delete next.pushProblem;
  delete next.subscriptionProblems;
  return next;
}

function failingStatus(status: UserStatus, failures: PushFailure[], now: string): UserStatus {
  const before = status.subscriptionProblems ?? [];
  const problems: SubscriptionProblem[] = failures
    .map((f) => ({ resource: f.resource, message: f.message, since: before.find((b) => b.resource === f.resource)?.since ?? now }))
    .sort((a, b) => a.resource.localeCompare(b.resource));
  return { ...status, subscriptionProblems: problems, pushProblem: `push notifications are off for this user: ${problems.map((p) => p.message).join('; ')}` };
}
