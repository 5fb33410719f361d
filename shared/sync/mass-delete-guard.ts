// Safety valve (B-I3): a run that would delete too large a share of a user's linked items deletes nothing.
// The caller keeps the other actions, marks the user needs-attention and waits for an administrator.
import type { ContactAction } from './contact-action';

export interface MassDeleteLimits {
  /** Largest share of linked items one run may delete (0..1). */
  maxShare: number;
  /** Runs deleting this many items or fewer are never blocked. */
  minCount: number;
}

export interface GuardVerdict {
  blocked: boolean;
  deletions: number;
  linked: number;
  message?: string;
}

/** `deletions`: the actions of the plan, or how many of them delete something. */
export function checkMassDeletion(deletions: readonly ContactAction[] | number, linkedCount: number, limits: MassDeleteLimits): GuardVerdict {
  return verdict(typeof deletions === 'number' ? deletions : deletions.filter((a) => a.type === 'remove-exchange').length, linkedCount, limits);
}

function verdict(deletions: number, linkedCount: number, limits: MassDeleteLimits): GuardVerdict {
  const tooMany = deletions > limits.minCount && deletions > limits.maxShare * linkedCount;
  if (!tooMany) return { blocked: false, deletions, linked: linkedCount };
  const message = `B-I3: run would delete ${deletions} of ${linkedCount} linked items (limit ${Math.round(limits.maxShare * 100)} % and more than ${limits.minCount}); nothing deleted until an administrator confirms`;
  return { blocked: true, deletions, linked: linkedCount, message };
}

/** Replaces every deletion by a no-op that says why, so the rest of the plan still runs. */
export function withoutDeletions(actions: readonly ContactAction[], message: string): ContactAction[] {
  return actions.map((a) => (a.type === 'remove-exchange' ? { type: 'noop', lnKey: a.lnKey, exchangeId: a.exchangeId, reason: message } : a));
}
