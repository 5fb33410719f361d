// The plan for one contact pair, as plain data: what to write where, and why.
// Produced by the contact planner, applied by the contact executor.
import type { ContactFields } from '../domain/contact';
import type { LnContactSnapshot } from './ports/ln-contact-port';
import type { ExchangeContactSnapshot } from './ports/exchange-contact-port';
import type { LinkRecord } from './ports/link-store-port';
import type { FieldConflict } from './field-merge';

interface Reasoned {
  /** Rule id and one line saying why, e.g. "B-C7: deleted in LN". */
  reason: string;
}

export type ContactAction =
  | (Reasoned & { type: 'noop'; lnKey?: string; exchangeId?: string })
  | (Reasoned & { type: 'ignore'; lnKey?: string; exchangeId?: string })
  | (Reasoned & { type: 'create-exchange'; lnKey: string; fields: ContactFields; previousLink?: LinkRecord; lnEtag?: string })
  | (Reasoned & { type: 'create-ln'; exchange: ExchangeContactSnapshot; externalReference: string })
  | (Reasoned & SyncPairAction)
  | (Reasoned & { type: 'remove-exchange'; lnKey: string; exchangeId: string; link?: LinkRecord })
  | (Reasoned & { type: 'exclude'; link: LinkRecord; exchangeId: string })
  | (Reasoned & { type: 'drop-link'; link: LinkRecord });

/** Brings a linked (or newly matched) pair in step and records the new common state. */
export interface SyncPairAction {
  type: 'sync';
  lnKey: string;
  exchangeId: string;
  link?: LinkRecord;
  /** The current LN entity when it was read this run (for its ETag). */
  lnSnapshot?: LnContactSnapshot;
  lnPatch: Partial<ContactFields>;
  /** Put the LN contact (back) into the sync group. */
  joinGroup: boolean;
  exPatch: Partial<ContactFields>;
  /** Stamp the LN key extended property on the Exchange item. */
  stampLnKey: boolean;
  /** Each side's values once the patches are applied. */
  lnValues: ContactFields;
  exValues: ContactFields;
  conflicts: FieldConflict[];
  lastAction: 'updated' | 'linked' | 'relinked' | 'recorded' | 'created-in-exchange';
}

export function actionWrites(action: ContactAction): boolean {
  switch (action.type) {
    case 'noop':
    case 'ignore':
      return false;
    case 'sync':
      return Object.keys(action.lnPatch).length > 0 || Object.keys(action.exPatch).length > 0 || action.joinGroup || action.stampLnKey;
    default:
      return true;
  }
}
