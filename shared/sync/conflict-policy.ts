// Who wins when the same field changed differently on both sides since the last sync.
// `latest-wins` compares the sides' modification times; a tie goes to LN (the system of record).

export const CONFLICT_POLICIES = ['latest-wins', 'ln-wins', 'exchange-wins'] as const;
export type ConflictPolicyName = (typeof CONFLICT_POLICIES)[number];
export type Side = 'ln' | 'exchange';

export interface ConflictingChange {
  value: string;
  modifiedAt: string;
}

export function resolveConflict(policy: ConflictPolicyName, ln: ConflictingChange, exchange: ConflictingChange): Side {
  switch (policy) {
    case 'ln-wins':
      return 'ln'; // the administrator made LN authoritative
    case 'exchange-wins':
      return 'exchange'; // the administrator made Outlook authoritative
    case 'latest-wins':
      return Date.parse(exchange.modifiedAt) > Date.parse(ln.modifiedAt) ? 'exchange' : 'ln'; // newer edit wins, LN on ties
  }
}
