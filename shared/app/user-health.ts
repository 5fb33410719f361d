// A sync user's health for the console (B-U1): the problems a status shows, worst first, and the order the
// overview lists users in. Pure; a new kind of problem is one more entry in HEALTH_ORDER and in `problemsOf`.
import type { UserStatus } from './ports/user-status-port';

/** Problem-first: the first entry is what an administrator must look at first. */
export const HEALTH_ORDER = ['failing', 'mailbox', 'dead-letters', 'attention', 'push', 'ok'] as const;
export type Health = (typeof HEALTH_ORDER)[number];
export type Problem = Exclude<Health, 'ok'>;

export const HEALTH_LABELS: Record<Health, string> = {
  failing: 'failing',
  mailbox: 'mailbox problem',
  'dead-letters': 'dead letters',
  attention: 'needs attention',
  push: 'push failing',
  ok: 'ok',
};

/** Every problem the status shows, in HEALTH_ORDER. */
export function problemsOf(status: Pick<UserStatus, 'mailbox' | 'needsAttention' | 'lastError' | 'deadLetters' | 'pushProblem'>): Problem[] {
  const found = new Set<Problem>();
  if (status.lastError !== undefined) found.add('failing');
  if (status.mailbox !== 'ok') found.add('mailbox');
  if (status.deadLetters.length > 0) found.add('dead-letters');
  if (status.needsAttention.length > 0) found.add('attention');
  if (status.pushProblem !== undefined) found.add('push');
  return HEALTH_ORDER.filter((h): h is Problem => found.has(h as Problem));
}

/** The worst of the problems, or 'ok'. */
export function healthOf(problems: readonly Problem[]): Health {
  return problems[0] ?? 'ok';
}

export function healthRank(health: Health): number {
  return HEALTH_ORDER.indexOf(health);
}
