// Decision table for contacts: (link state × LN observation × Exchange observation) → one action.
// Pure: every branch names the behaviour rule it implements and why, in one line.
import { CONTACT_FIELDS, contactDifference, withWholeAddress, type ContactField, type ContactFields } from '../domain/contact';
import { contentHash } from '../domain/content-hash';
import type { ContactAction } from './contact-action';
import type { ContactDirection, ContactPair, ExchangeObservation, LnObservation } from './contact-pair';
import type { ConflictPolicyName } from './conflict-policy';
import { mergeFields } from './field-merge';
import type { LinkRecord } from './ports/link-store-port';
import type { LnContactSnapshot } from './ports/ln-contact-port';
import type { ExchangeContactSnapshot } from './ports/exchange-contact-port';

export interface ContactPlanContext {
  direction: ContactDirection;
  policy: ConflictPolicyName;
  /** Deterministic ExternalReference for an LN contact created from this Exchange item. */
  externalReferenceFor(exchangeId: string): string;
}

/** B-C4: the company name is never sent from Exchange to LN (the account is fixed at creation). */
const TWO_WAY_TO_LN = new Set<ContactField>(CONTACT_FIELDS.filter((f) => f !== 'companyName'));
const NOTHING_TO_LN = new Set<ContactField>();

export function planContact(pair: ContactPair, ctx: ContactPlanContext): ContactAction {
  if (pair.anomaly) return planAnomaly(pair);
  if (!pair.link) return planUnlinked(pair.ln, pair.ex, ctx);
  if (pair.link.state === 'excluded') return planExcluded(pair.link, pair.ln, pair.ex, ctx);
  return planLinked(pair.link, pair.ln, pair.ex, ctx);
}

function planAnomaly(pair: ContactPair): ContactAction {
  if (pair.ex.kind !== 'present') return { type: 'noop', reason: 'anomaly without an Exchange item' };
  const snap = pair.ex.snap;
  if (pair.anomaly === 'duplicate-copy') return removeCopy(snap.lnKey ?? '', snap.id, undefined, 'B-I1: second copy of an already linked LN contact, removed');
  return ignore(snap, 'B-C5: matches an LN contact already linked to another contact in this folder; left alone, not duplicated in LN');
}

function planUnlinked(ln: LnObservation, ex: ExchangeObservation, ctx: ContactPlanContext): ContactAction {
  if (ex.kind === 'present') {
    if (ln.kind === 'present') {
      // B-I1: the service's own copy from an interrupted run stays known as created here (it gives way to the user's)
      if (ex.snap.createdByService && ex.snap.lnKey === ln.snap.key) return syncPair(undefined, ln.snap, ex.snap, ctx, 'created-in-exchange', 'B-I1: copy from an interrupted run adopted');
      return syncPair(undefined, ln.snap, ex.snap, ctx, 'linked', 'B-C5/B-I2: same contact found on both sides, linked instead of duplicated');
    }
    if (ln.kind === 'left-group') {
      if (ex.snap.lnKey === ln.snap.key) return removeCopy(ln.snap.key, ex.snap.id, undefined, 'B-C8: stamped copy of a contact that left the sync group');
      if (ctx.direction === 'ln-to-exchange') return ignore(ex.snap, 'B-C11: Outlook-only contact, nothing is created or joined in LN in ln-to-exchange mode');
      return syncPair(undefined, ln.snap, ex.snap, ctx, 'linked', 'B-C5: Outlook contact matches an LN contact outside the sync group: linked and added to the group', true);
    }
    if (ln.kind === 'deleted') {
      if (ex.snap.lnKey) return removeCopy(ex.snap.lnKey, ex.snap.id, undefined, 'B-C7: stamped copy of a contact deleted in LN');
      return ignore(ex.snap, 'B-C7: LN contact is gone and this copy is not ours');
    }
    if (ctx.direction === 'ln-to-exchange') return ignore(ex.snap, 'B-C11: Outlook-only contact, not created in LN in ln-to-exchange mode');
    return { type: 'create-ln', exchange: ex.snap, externalReference: ctx.externalReferenceFor(ex.snap.id), reason: 'B-C3: new contact in the sync folder, created in LN' };
  }
  if (ln.kind === 'present') return { type: 'create-exchange', lnKey: ln.snap.key, fields: ln.snap.fields, lnEtag: ln.snap.etag, reason: 'B-C1: contact in the LN sync group has no copy in the sync folder' };
  return { type: 'noop', reason: 'nothing on either side to synchronize' };
}

function planExcluded(link: LinkRecord, ln: LnObservation, ex: ExchangeObservation, ctx: ContactPlanContext): ContactAction {
  if (ln.kind === 'deleted' || ln.kind === 'left-group') return { type: 'drop-link', link, reason: 'B-C7/B-C8: excluded copy left alone, LN contact gone from the sync group' };
  if (ex.kind === 'present') {
    const lnSnap = ln.kind === 'present' ? ln.snap : undefined;
    return syncPair(link, lnSnap, ex.snap, ctx, 'relinked', 'B-C9: moved back into the sync folder, exclusion ended');
  }
  return { type: 'noop', lnKey: link.lnKey, reason: 'B-C9/B-C10: excluded for this user, not recreated' };
}

function planLinked(link: LinkRecord, ln: LnObservation, ex: ExchangeObservation, ctx: ContactPlanContext): ContactAction {
  const exGone = ex.kind === 'moved-out' || ex.kind === 'deleted';
  if (ln.kind === 'deleted' || ln.kind === 'left-group' || ln.kind === 'absent') {
    if (exGone) return { type: 'drop-link', link, reason: 'B-C7/B-C8: LN contact gone from the sync group and the copy is no longer in the sync folder' };
    const why = ln.kind === 'left-group' ? 'B-C8: Synchronize cleared in LN, copy removed from the sync folder' : 'B-C7: deleted in LN, copy moved to Deleted Items';
    return removeCopy(link.lnKey, exchangeIdOf(link, ex), link, why);
  }
  if (ex.kind === 'moved-out') return { type: 'exclude', link, exchangeId: link.exchangeId, reason: 'B-C9: moved out of the sync folder, this user stops synchronizing it' };
  if (ex.kind === 'absent') {
    const fields = ln.kind === 'present' ? ln.snap.fields : (link.lnValues as ContactFields);
    return { type: 'create-exchange', lnKey: link.lnKey, fields, previousLink: link, reason: 'B-C1: the sync folder was replaced; a copy is created in the new one' };
  }
  if (ex.kind === 'deleted') {
    if (ctx.direction === 'two-way') return { type: 'exclude', link, exchangeId: link.exchangeId, reason: 'B-C10: deleted in Exchange, never deleted in LN; this user stops synchronizing it' };
    return { type: 'create-exchange', lnKey: link.lnKey, fields: ln.kind === 'present' ? ln.snap.fields : (link.lnValues as ContactFields), previousLink: link, reason: 'B-C10/B-C11: deleted in Exchange, recreated in ln-to-exchange mode' };
  }
  const lnSnap = ln.kind === 'present' ? ln.snap : undefined;
  const exSnap = ex.kind === 'present' ? ex.snap : undefined;
  const lnChanged = lnSnap !== undefined && contentHash(lnSnap.fields) !== link.lnHash;
  const exChanged = exSnap !== undefined && (contentHash(exSnap.fields) !== link.exHash || exSnap.lnKey !== link.lnKey);
  if (!lnChanged && !exChanged) return { type: 'noop', lnKey: link.lnKey, exchangeId: link.exchangeId, reason: 'B-C6: unchanged on both sides since the last sync' };
  return syncPair(link, lnSnap, exSnap, ctx, 'updated', 'B-C6: edited since the last sync');
}

function syncPair(
  link: LinkRecord | undefined,
  lnSnap: LnContactSnapshot | undefined,
  exSnap: ExchangeContactSnapshot | undefined,
  ctx: ContactPlanContext,
  lastAction: 'updated' | 'linked' | 'relinked' | 'created-in-exchange',
  reason: string,
  joinGroup = false,
): ContactAction {
  const lnNow = lnSnap?.fields ?? (link?.lnValues as ContactFields);
  const exNow = exSnap?.fields ?? (link?.exValues as ContactFields);
  const exModifiedAt = exSnap?.modifiedAt ?? link?.updatedAt ?? '';
  const lnModifiedAt = lnSnap?.modifiedAt ?? link?.updatedAt ?? '';
  const merged = ctx.direction === 'ln-to-exchange' && (link === undefined || contentHash(lnNow) !== link.lnHash)
    ? { toExchange: contactDifference(lnNow, exNow), toLn: {}, conflicts: [] } // B-C11: a change from LN rewrites the whole Outlook copy
    : mergeFields({
        fields: CONTACT_FIELDS,
        lnBase: link?.lnValues,
        exBase: link?.exValues,
        lnNow,
        exNow,
        lnModifiedAt,
        exModifiedAt,
        policy: ctx.direction === 'ln-to-exchange' ? 'ln-wins' : ctx.policy,
        toLnFields: ctx.direction === 'two-way' ? TWO_WAY_TO_LN : NOTHING_TO_LN,
      });
  const lnKey = lnSnap?.key ?? link?.lnKey ?? '';
  const exchangeId = exSnap?.id ?? link?.exchangeId ?? '';
  const exValues = { ...exNow, ...merged.toExchange };
  const action: ContactAction = {
    type: 'sync',
    lnKey,
    exchangeId,
    lnPatch: merged.toLn,
    joinGroup,
    exPatch: withWholeAddress(merged.toExchange, exValues),
    stampLnKey: exSnap !== undefined && exSnap.lnKey !== lnKey,
    lnValues: { ...lnNow, ...merged.toLn },
    exValues,
    conflicts: merged.conflicts,
    lastAction,
    reason: merged.conflicts.length > 0 ? `${reason}; conflict on ${merged.conflicts.map((c) => c.field).join(', ')}` : reason,
  };
  if (link) action.link = link;
  if (lnSnap) action.lnSnapshot = lnSnap;
  if (action.lastAction === 'updated' && Object.keys(action.lnPatch).length === 0 && Object.keys(action.exPatch).length === 0 && !action.stampLnKey) {
    action.lastAction = 'recorded'; // e.g. B-C4 company edit or an ln-to-exchange Outlook edit: nothing to write, new state noted
  }
  return action;
}

function removeCopy(lnKey: string, exchangeId: string, link: LinkRecord | undefined, reason: string): ContactAction {
  const action: ContactAction = { type: 'remove-exchange', lnKey, exchangeId, reason };
  if (link) action.link = link;
  return action;
}

function ignore(ex: ExchangeContactSnapshot, reason: string): ContactAction {
  return { type: 'ignore', exchangeId: ex.id, reason };
}

function exchangeIdOf(link: LinkRecord, ex: ExchangeObservation): string {
  return ex.kind === 'present' ? ex.snap.id : link.exchangeId;
}
