// Reads what changed on both sides through the ports and pairs it with the links (the I/O before planning).
// Full rounds list everything and resolve what vanished; incremental rounds use the LN watermark and the Graph delta link.
import type { ContactPair, ContactDirection, ExchangeObservation, LnObservation } from './contact-pair';
import type { ExchangeContactPort, ExchangeContactSnapshot } from './ports/exchange-contact-port';
import type { LinkRecord } from './ports/link-store-port';
import type { LnContactReader, LnContactSnapshot } from './ports/ln-contact-port';
import { ExternalServiceError } from '../domain/external-service-error';
import { exchangeExternalReference } from '../domain/external-reference';
import { contentHash } from '../domain/content-hash';

export interface GatherInput {
  user: string;
  folderId: string;
  links: LinkRecord[];
  direction: ContactDirection;
  /** undefined ⇒ full LN round. */
  lnWatermark: string | undefined;
  lnDeletedWatermark: string | undefined;
  /** undefined ⇒ full (initial) delta round. */
  deltaLink: string | undefined;
  /** When the round that produced `deltaLink` began: copies written after it that the round does not bring back
   *  have left the folder (a run that failed before storing its position, then the user moved or deleted them). */
  deltaFrom?: string | undefined;
  /** The sync folder is not the one the links were made in (renamed setting, folder deleted or renamed in Outlook). */
  folderReplaced: boolean;
}

export interface Gathered {
  pairs: ContactPair[];
  lnWatermark: string | undefined;
  lnDeletedWatermark: string | undefined;
  deltaLink: string;
  exchangeFull: boolean;
  warnings: string[];
}

/** LN timestamps may share a second; re-reading a little is harmless, reprocessing is a no-op. */
const WATERMARK_OVERLAP_MS = 1000;
const EPOCH = '1970-01-01T00:00:00.000Z';

export async function gatherContactPairs(ln: LnContactReader, exchange: ExchangeContactPort, input: GatherInput): Promise<Gathered> {
  const lnSide = await readLn(ln, input);
  const exSide = await readExchange(exchange, input);
  const pairs = await pairUp(ln, input, lnSide.observations, exSide);
  return {
    pairs,
    lnWatermark: lnSide.watermark,
    lnDeletedWatermark: lnSide.deletedWatermark,
    deltaLink: exSide.deltaLink,
    exchangeFull: exSide.full,
    warnings: lnSide.warnings,
  };
}

interface LnRead {
  observations: Map<string, LnObservation>;
  watermark: string | undefined;
  deletedWatermark: string | undefined;
  warnings: string[];
}

async function readLn(ln: LnContactReader, input: GatherInput): Promise<LnRead> {
  const observations = new Map<string, LnObservation>();
  const full = input.lnWatermark === undefined;
  const changed = full ? await ln.listChanged(undefined) : await ln.listChanged(overlap(input.lnWatermark ?? EPOCH), seenByLinks(input.links));
  for (const snap of changed) observations.set(snap.key, observe(snap));
  let deletedWatermark = input.lnDeletedWatermark;
  if (full) {
    for (const link of input.links) if (!observations.has(link.lnKey)) observations.set(link.lnKey, observe(await ln.get(link.lnKey)));
  } else {
    const tombstones = await ln.listDeleted(overlap(input.lnDeletedWatermark ?? input.lnWatermark ?? EPOCH));
    for (const t of tombstones) {
      if (!observations.has(t.key)) observations.set(t.key, { kind: 'deleted' });
      deletedWatermark = latest(deletedWatermark, t.deletedAt);
    }
  }
  const watermark = changed.reduce<string | undefined>((w, s) => latest(w, s.modifiedAt), input.lnWatermark);
  const warnings = [...new Set(changed.flatMap((s) => s.warnings))];
  return { observations, watermark, deletedWatermark: deletedWatermark ?? watermark, warnings };
}

interface ExchangeRead {
  observations: Map<string, ExchangeObservation>;
  present: ExchangeContactSnapshot[];
  deltaLink: string;
  full: boolean;
}

async function readExchange(exchange: ExchangeContactPort, input: GatherInput): Promise<ExchangeRead> {
  let deltaLink = input.deltaLink;
  let delta;
  // B-I8: an item still at the version its link recorded needs no read and no snapshot, whoever wrote it
  const recorded = new Map(input.links.filter((l) => l.state === 'linked').map((l) => [l.exchangeId, l.exState]));
  const knownState = (id: string): string | undefined => recorded.get(id);
  try {
    delta = await exchange.delta(input.user, input.folderId, deltaLink, knownState);
  } catch (err) {
    if (!(deltaLink && err instanceof ExternalServiceError && (err.status === 410 || err.code === 'SyncStateNotFound'))) throw err;
    deltaLink = undefined; // the delta token expired: start a full round
    delta = await exchange.delta(input.user, input.folderId, undefined, knownState);
  }
  recorded.clear();
  const full = deltaLink === undefined;
  const observations = new Map<string, ExchangeObservation>();
  for (const snap of delta.changed) observations.set(snap.id, { kind: 'present', snap });
  const linkedIds = new Set(delta.removed.length > 0 ? input.links.map((l) => l.exchangeId) : []);
  const vanished = new Set(delta.removed.filter((id) => linkedIds.has(id)));
  // a full round lists every copy; a delta round brings back every copy written after its position was taken
  const expected = full ? input.links.filter((l) => l.state === 'linked') : writtenSince(input.links, input.deltaFrom);
  const unchanged = new Set(delta.unchanged ?? []);
  for (const l of expected) if (!observations.has(l.exchangeId) && !unchanged.has(l.exchangeId)) vanished.add(l.exchangeId);
  for (const id of vanished) {
    if (input.folderReplaced) {
      observations.set(id, { kind: 'absent' }); // copies in the old folder: the new folder gets its own
      continue;
    }
    const where = await exchange.locate(input.user, input.folderId, id);
    if (where === 'other-folder') observations.set(id, { kind: 'moved-out' });
    else if (where !== 'sync-folder') observations.set(id, { kind: 'deleted' });
  }
  return { observations, present: delta.changed, deltaLink: delta.deltaLink, full };
}

/** Linked copies the service wrote after the delta position was taken: the next round reports each one still there. */
function writtenSince(links: LinkRecord[], deltaFrom: string | undefined): LinkRecord[] {
  if (deltaFrom === undefined) return []; // a position stored before positions carried their time
  return links.filter((l) => l.state === 'linked' && l.exWrittenAt !== undefined && l.exWrittenAt > deltaFrom);
}

async function pairUp(ln: LnContactReader, input: GatherInput, lnObs: Map<string, LnObservation>, ex: ExchangeRead): Promise<ContactPair[]> {
  const pairs: ContactPair[] = [];
  const byLnKey = new Map<string, ContactPair>();
  const consumedEx = new Set<string>();
  for (const link of input.links) {
    const pair: ContactPair = { link, ln: lnObs.get(link.lnKey) ?? { kind: 'unchanged' }, ex: ex.observations.get(link.exchangeId) ?? { kind: 'unchanged' } };
    pairs.push(pair);
    byLnKey.set(link.lnKey, pair);
    consumedEx.add(link.exchangeId);
  }
  const unlinked = ex.present.filter((s) => !consumedEx.has(s.id)).sort((a, b) => a.id.localeCompare(b.id));
  for (const snap of unlinked.filter((s) => s.lnKey)) await pairStamped(ln, snap, lnObs, byLnKey, pairs);
  const unmatchedLn = [...lnObs].filter(([key, o]) => o.kind === 'present' && !byLnKey.has(key)).map(([, o]) => (o as { snap: LnContactSnapshot }).snap);
  for (const snap of unlinked.filter((s) => !s.lnKey)) await pairUnstamped(ln, input, snap, unmatchedLn, byLnKey, pairs);
  for (const snap of unmatchedLn) if (!byLnKey.has(snap.key)) pairs.push({ link: undefined, ln: { kind: 'present', snap }, ex: { kind: 'absent' } });
  for (const pair of pairs) {
    // an excluded copy came back: its link's LN values are stale, so merge against LN as it is now
    if (pair.link?.state === 'excluded' && pair.ex.kind === 'present' && pair.ln.kind === 'unchanged') pair.ln = observe(await ln.get(pair.link.lnKey));
  }
  return pairs;
}

/** An item carrying our LN key: its own link was lost, it is a second copy, or an excluded copy came back. */
async function pairStamped(ln: LnContactReader, snap: ExchangeContactSnapshot, lnObs: Map<string, LnObservation>, byLnKey: Map<string, ContactPair>, pairs: ContactPair[]): Promise<void> {
  const key = snap.lnKey ?? '';
  const existing = byLnKey.get(key);
  if (existing) {
    if (existing.link?.state === 'excluded' && existing.ex.kind !== 'present') existing.ex = { kind: 'present', snap };
    else pairs.push({ link: undefined, ln: { kind: 'absent' }, ex: { kind: 'present', snap }, anomaly: 'duplicate-copy' });
    return;
  }
  const obs = lnObs.get(key) ?? observe(await ln.get(key));
  const pair: ContactPair = { link: undefined, ln: obs, ex: { kind: 'present', snap } };
  pairs.push(pair);
  byLnKey.set(key, pair);
}

/** An Outlook contact without our key: match it to an LN contact (B-C5) or let the planner create one (B-C3). */
async function pairUnstamped(ln: LnContactReader, input: GatherInput, snap: ExchangeContactSnapshot, candidates: LnContactSnapshot[], byLnKey: Map<string, ContactPair>, pairs: ContactPair[]): Promise<void> {
  const add = (obs: LnObservation): void => {
    const pair: ContactPair = { link: undefined, ln: obs, ex: { kind: 'present', snap } };
    pairs.push(pair);
    if (obs.kind === 'present' || obs.kind === 'left-group') byLnKey.set(obs.snap.key, pair);
  };
  const local = candidates.find((c) => sameContact(c, snap));
  if (local && !byLnKey.has(local.key)) return add({ kind: 'present', snap: local });
  const duplicate = (): void => void pairs.push({ link: undefined, ln: { kind: 'absent' }, ex: { kind: 'present', snap }, anomaly: 'matches-linked-contact' });
  const linked = local ? input.links.find((l) => l.lnKey === local.key) : input.links.find((l) => sameContactValues(l.lnValues, snap));
  if (local || linked) return givesWay(input, linked, byLnKey, pairs) ? add({ kind: 'absent' }) : duplicate();
  if (input.direction === 'two-way') {
    const remote = (await ln.findByExternalReference(exchangeExternalReference(input.user, snap.id))) ?? (await findByEmail(ln, snap));
    if (remote && byLnKey.has(remote.key)) return ownCopyGivesWay(input, byLnKey.get(remote.key)) ? add(observe(remote)) : duplicate();
    if (remote) return add(observe(remote));
  }
  add({ kind: 'absent' });
}

/** B-I7: a copy this service created from LN, not edited in Outlook, may stand for a person the user added at the
 *  same moment (another user brought it into LN first): the creation path then links the user's copy to that LN
 *  contact, taking in LN's current values, and removes ours (contact-executor.ts), so the mailbox keeps one copy, the
 *  user's. The pair of that LN contact leaves this run's plan, as nothing may write to the copy about to go. */
function givesWay(input: GatherInput, linked: LinkRecord | undefined, byLnKey: Map<string, ContactPair>, pairs: ContactPair[]): linked is LinkRecord {
  if (!linked || input.direction !== 'two-way' || linked.lastAction !== 'created-in-exchange') return false;
  const pair = byLnKey.get(linked.lnKey);
  if (!pair) return true;
  // our copy back in this delta (our own write read back) still counts as untouched when it holds what the link recorded
  const edited = pair.ex.kind === 'present' ? contentHash(pair.ex.snap.fields) !== linked.exHash : pair.ex.kind !== 'unchanged';
  if (pair.anomaly || edited || (pair.ln.kind !== 'present' && pair.ln.kind !== 'unchanged')) return false;
  pairs.splice(pairs.indexOf(pair), 1);
  byLnKey.delete(linked.lnKey);
  return true;
}

/** B-I1/B-I7: a copy the service created whose link an interrupted run never wrote, paired this round by its LN key,
 *  gives way to the user's own copy of the same person, when it holds exactly LN's values (nothing of the user's is
 *  lost): it leaves the folder as a second copy and the user's copy is linked. */
function ownCopyGivesWay(input: GatherInput, pair: ContactPair | undefined): boolean {
  if (!pair || pair.link || pair.anomaly || input.direction !== 'two-way') return false;
  if (pair.ex.kind !== 'present' || !pair.ex.snap.createdByService || pair.ln.kind !== 'present') return false;
  if (contentHash(pair.ex.snap.fields) !== contentHash(pair.ln.snap.fields)) return false;
  pair.anomaly = 'duplicate-copy';
  pair.ln = { kind: 'absent' };
  return true;
}

async function findByEmail(ln: LnContactReader, snap: ExchangeContactSnapshot): Promise<LnContactSnapshot | undefined> {
  if (!snap.fields.email) return undefined;
  const found = await ln.findByEmail(snap.fields.email);
  return found.sort((a, b) => a.key.localeCompare(b.key))[0];
}

function sameContact(ln: LnContactSnapshot, ex: ExchangeContactSnapshot): boolean {
  return sameContactValues(ln.fields, ex);
}

/** B-C5: same email (ignoring case), or same first and last name when there is no email. */
function sameContactValues(values: Record<string, string>, ex: ExchangeContactSnapshot): boolean {
  const email = (values['email'] ?? '').toLowerCase();
  if (email || ex.fields.email) return email !== '' && email === ex.fields.email.toLowerCase();
  const name = (v: string | undefined): string => (v ?? '').toLowerCase();
  return name(values['givenName']) === name(ex.fields.givenName) && name(values['surname']) === name(ex.fields.surname) && name(ex.fields.surname + ex.fields.givenName) !== '';
}

function observe(snap: LnContactSnapshot | undefined): LnObservation {
  if (!snap) return { kind: 'deleted' };
  return snap.synchronize ? { kind: 'present', snap } : { kind: 'left-group', snap };
}

function latest(a: string | undefined, b: string): string {
  return a === undefined || Date.parse(b) > Date.parse(a) ? b : a;
}

/** B-I8: a contact back through the watermark overlap with the ETag its link recorded is unchanged since; it is
 *  neither mapped nor planned (so an unchanged pull reads no reference data). */
function seenByLinks(links: readonly LinkRecord[]): (key: string, etag: string) => boolean {
  const seen = new Map(links.filter((l) => l.lnSeen !== undefined).map((l) => [l.lnKey, l.lnSeen]));
  return (key, etag) => seen.get(key) === etag;
}

function overlap(iso: string): string {
  return new Date(Date.parse(iso) - WATERMARK_OVERLAP_MS).toISOString();
}
