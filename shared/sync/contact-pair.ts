// What one run observed about one contact on each side, paired with its link (if any).
// The gatherer builds pairs through the ports; the planner turns each pair into one action.
import type { LnContactSnapshot } from './ports/ln-contact-port';
import type { ExchangeContactSnapshot } from './ports/exchange-contact-port';
import type { LinkRecord } from './ports/link-store-port';

export type LnObservation =
  | { kind: 'present'; snap: LnContactSnapshot } // in the sync group
  | { kind: 'left-group'; snap: LnContactSnapshot } // exists, Synchronize cleared
  | { kind: 'deleted' }
  | { kind: 'unchanged' } // not seen this run: the link's LN values still hold
  | { kind: 'absent' }; // no LN contact for this pair

export type ExchangeObservation =
  | { kind: 'present'; snap: ExchangeContactSnapshot } // in the sync folder
  | { kind: 'moved-out' } // in another folder of the mailbox
  | { kind: 'deleted' } // in Deleted Items or purged
  | { kind: 'unchanged' }
  | { kind: 'absent' };

export interface ContactPair {
  link: LinkRecord | undefined;
  ln: LnObservation;
  ex: ExchangeObservation;
  /** Something the gatherer noticed that forbids the normal table row. */
  anomaly?: 'duplicate-copy' | 'matches-linked-contact';
}

export type ContactDirection = 'two-way' | 'ln-to-exchange';
