// Reads what changed in LN activities and in one user's calendar view, and pairs it with the links.
// Whenever one side of a linked pair changed, the other side is read too, so the planner sees both.
import type { CalendarPair, ExchangeEventObservation, LnActivityObservation } from './calendar-pair';
import { isSyncUser, organizerEmail, roleOf, type CalendarDirectory } from './calendar-roles';
import type { CalendarWindow, ExchangeEventPort, ExchangeEventSnapshot } from './ports/exchange-event-port';
import type { LnActivityReader, LnActivitySnapshot } from './ports/ln-activity-port';
import type { LinkRecord, LinkStore } from './ports/link-store-port';
import { ExternalServiceError } from '../domain/external-service-error';
import { contentHash } from '../domain/content-hash';
import { isOccurrence, matchOccurrences } from './occurrence-match';
import { lnSeenHash } from './ln-activity-seen';

export interface CalendarGatherInput {
  user: string;
  now: string;
  window: CalendarWindow;
  dir: CalendarDirectory;
  links: LinkRecord[];
  /** undefined ⇒ full LN round (every activity in scope). */
  lnWatermark: string | undefined;
  lnDeletedWatermark: string | undefined;
  /** undefined ⇒ initial calendarView delta round. */
  deltaLink: string | undefined;
}

export interface CalendarGathered {
  pairs: CalendarPair[];
  lnWatermark: string | undefined;
  lnDeletedWatermark: string | undefined;
  deltaLink: string;
  exchangeFull: boolean;
}

interface Ports {
  ln: LnActivityReader;
  exchange: ExchangeEventPort;
  links: LinkStore;
}

const OVERLAP_MS = 1000;
const SYNCED_TYPES = new Set(['Appointment', 'Call']);

export async function gatherCalendarPairs(ports: Ports, input: CalendarGatherInput): Promise<CalendarGathered> {
  const ln = await readLn(ports.ln, input);
  const ex = await readExchange(ports, input);
  const pairs = await pairUp(ports, input, ln.observations, ex);
  return { pairs, lnWatermark: ln.watermark, lnDeletedWatermark: ln.deletedWatermark, deltaLink: ex.deltaLink, exchangeFull: ex.full };
}

/** B-A1 and B-A8: what an activity is for synchronization right now. */
export function observeActivity(snap: LnActivitySnapshot | undefined, now: string): LnActivityObservation {
  if (!snap) return { kind: 'deleted' };
  if (Date.parse(snapEnd(snap)) < Date.parse(now)) return { kind: 'ended' };
  if (!snap.synchronize) return { kind: 'withdrawn', snap, why: 'Synchronize cleared' };
  if (!SYNCED_TYPES.has(snap.type)) return { kind: 'withdrawn', snap, why: `type ${snap.type} does not synchronize` };
  if (snap.status === 'Cancelled') return { kind: 'withdrawn', snap, why: 'cancelled' };
  return { kind: 'active', snap };
}

export function observeEvent(snap: ExchangeEventSnapshot | undefined, now: string): ExchangeEventObservation {
  if (!snap) return { kind: 'deleted' };
  if (Date.parse(eventEnd(snap.fields.end)) < Date.parse(now)) return { kind: 'ended' };
  if (snap.isCancelled) return { kind: 'cancelled', snap };
  return { kind: 'present', snap };
}

function snapEnd(snap: LnActivitySnapshot): string {
  return eventEnd(snap.fields.end);
}

/** All-day ends are dates (exclusive): the item lasts until that midnight UTC at the latest. */
function eventEnd(end: string): string {
  return end.length === 10 ? `${end}T00:00:00Z` : end;
}

async function readLn(ln: LnActivityReader, input: CalendarGatherInput): Promise<{ observations: Map<string, LnActivityObservation>; watermark: string | undefined; deletedWatermark: string | undefined }> {
  const observations = new Map<string, LnActivityObservation>();
  const full = input.lnWatermark === undefined;
  const listed = input.lnWatermark === undefined ? await ln.listInScope(input.now) : await ln.listChanged(overlap(input.lnWatermark), input.now);
  for (const snap of listed) observations.set(snap.key, observeActivity(snap, input.now));
  let deletedWatermark = input.lnDeletedWatermark;
  if (full) {
    for (const link of input.links) if (!observations.has(link.lnKey)) observations.set(link.lnKey, observeActivity(await ln.get(link.lnKey), input.now));
  } else {
    for (const t of await ln.listDeleted(overlap(input.lnDeletedWatermark ?? input.lnWatermark ?? input.now))) {
      if (!observations.has(t.key)) observations.set(t.key, { kind: 'deleted' });
      deletedWatermark = latest(deletedWatermark, t.deletedAt);
    }
  }
  const watermark = listed.reduce<string | undefined>((w, s) => latest(w, s.modifiedAt), input.lnWatermark);
  return { observations, watermark, deletedWatermark: deletedWatermark ?? watermark };
}

interface ExchangeRead {
  observations: Map<string, ExchangeEventObservation>;
  present: ExchangeEventSnapshot[];
  deltaLink: string;
  full: boolean;
}

async function readExchange(ports: Ports, input: CalendarGatherInput): Promise<ExchangeRead> {
  let deltaLink = input.deltaLink;
  let delta;
  try {
    delta = await ports.exchange.delta(input.user, input.window, deltaLink);
  } catch (err) {
    if (!(deltaLink && err instanceof ExternalServiceError && (err.status === 410 || err.code === 'SyncStateNotFound'))) throw err;
    deltaLink = undefined; // the delta token expired: start a full round
    delta = await ports.exchange.delta(input.user, input.window, undefined);
  }
  const full = deltaLink === undefined;
  const observations = new Map<string, ExchangeEventObservation>();
  for (const snap of delta.changed) observations.set(snap.id, observeEvent(snap, input.now));
  const linked = new Map(input.links.map((l) => [l.exchangeId, l]));
  const vanished = new Set(delta.removed.filter((id) => linked.has(id)));
  if (full) for (const l of input.links) if (!observations.has(l.exchangeId)) vanished.add(l.exchangeId);
  for (const id of vanished) observations.set(id, observeEvent(await ports.exchange.get(input.user, id), input.now));
  return { observations, present: delta.changed.filter((s) => observations.get(s.id)?.kind === 'present'), deltaLink: delta.deltaLink, full };
}

async function pairUp(ports: Ports, input: CalendarGatherInput, lnObs: Map<string, LnActivityObservation>, ex: ExchangeRead): Promise<CalendarPair[]> {
  const pairs: CalendarPair[] = [];
  const pairedLn = new Set<string>();
  const pairedEx = new Set<string>();
  const moved = movedOccurrences(input.links, ex);
  for (const snap of moved.values()) pairedEx.add(snap.id);
  for (const link of input.links) {
    const successor = moved.get(link.lnKey);
    let exo: ExchangeEventObservation = successor ? { kind: 'present', snap: successor } : ex.observations.get(link.exchangeId) ?? { kind: 'unchanged' };
    let ln = lnObs.get(link.lnKey) ?? { kind: 'unchanged' };
    if (exo.kind === 'unchanged' && seenUnchanged(ln, link)) ln = { kind: 'unchanged' }; // B-I8: back through the watermark overlap only
    if (ln.kind === 'unchanged' && exo.kind !== 'unchanged') ln = observeActivity(await ports.ln.get(link.lnKey), input.now);
    if (exo.kind === 'unchanged' && ln.kind !== 'unchanged') exo = observeEvent(await ports.exchange.get(input.user, link.exchangeId), input.now);
    const role = ln.kind === 'active' || ln.kind === 'withdrawn' ? roleOf(input.user, ln.snap, input.dir) : 'none';
    if (exo.kind === 'deleted' && role === 'invitee' && ln.kind === 'active') exo = await inviteeCopyGone(ports, input, ln.snap);
    pairs.push({ link, role, ln, ex: exo });
    pairedLn.add(link.lnKey);
    pairedEx.add(link.exchangeId);
  }
  const unlinkedEx = ex.present.filter((s) => !pairedEx.has(s.id)).sort((a, b) => a.id.localeCompare(b.id));
  for (const [key, obs] of lnObs) {
    if (pairedLn.has(key) || obs.kind !== 'active') continue;
    const role = roleOf(input.user, obs.snap, input.dir);
    if (role === 'none') continue;
    const match = unlinkedEx.find((s) => !pairedEx.has(s.id) && (s.lnKey === key || (obs.snap.externalReference !== '' && s.iCalUId === obs.snap.externalReference)))
      ?? (ex.full ? undefined : await lookUpCopy(ports.exchange, input.user, obs.snap, pairedEx));
    if (match) pairedEx.add(match.id);
    pairedLn.add(key);
    pairs.push({ link: undefined, role, ln: obs, ex: match ? { kind: 'present', snap: match } : { kind: 'absent' } });
  }
  for (const snap of unlinkedEx) {
    if (pairedEx.has(snap.id)) continue;
    pairedEx.add(snap.id);
    pairs.push(await pairUnlinkedEvent(ports.ln, input, snap, pairedLn));
  }
  return pairs;
}

/** The activity is exactly as this link last saw it: neither side changed, so its event is not read. */
function seenUnchanged(ln: LnActivityObservation, link: LinkRecord): boolean {
  return ln.kind === 'active' && link.lnSeen !== undefined && link.lnSeen === lnSeenHash(ln.snap) && link.lnHash === contentHash(ln.snap.fields);
}

/** B-A13: a series whose time or pattern changed has new occurrences; each takes over the link of the one it replaces. */
function movedOccurrences(links: LinkRecord[], ex: ExchangeRead): Map<string, ExchangeEventSnapshot> {
  const vanished = links.filter((l) => l.seriesMasterId !== undefined && ex.observations.get(l.exchangeId)?.kind === 'deleted');
  if (vanished.length === 0) return new Map();
  const linked = new Set(links.map((l) => l.exchangeId));
  const gone = new Set(vanished.map((l) => l.exchangeId));
  const kept = new Set(links.filter((l) => l.seriesMasterId !== undefined && !gone.has(l.exchangeId)).map((l) => l.seriesMasterId ?? ''));
  return matchOccurrences(vanished, ex.present.filter((s) => isOccurrence(s) && !linked.has(s.id)), kept);
}

/**
 * In an incremental round the copy may predate the delta link: look it up by our stamp, then by iCalUId among
 * single events and series masters, then (B-A13: `/events` never lists occurrences) in the calendar around the activity.
 */
async function lookUpCopy(exchange: ExchangeEventPort, user: string, activity: LnActivitySnapshot, taken: Set<string>): Promise<ExchangeEventSnapshot | undefined> {
  const free = (list: ExchangeEventSnapshot[]): ExchangeEventSnapshot | undefined => list.find((s) => !taken.has(s.id) && !s.isCancelled);
  const stamped = free(await exchange.findByLnKey(user, activity.key));
  if (stamped) return stamped;
  const uid = activity.externalReference;
  if (!uid) return undefined;
  return free(await exchange.findByICalUId(user, uid)) ?? free((await exchange.listInstances(user, around(activity))).filter((s) => s.iCalUId === uid));
}

/** The activity's time with a day on either side: any time zone's reading of an all-day item falls inside. */
function around(activity: LnActivitySnapshot): { start: string; end: string } {
  const edge = (value: string, days: number): string => new Date(Date.parse(eventEnd(value)) + days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return { start: edge(activity.fields.start, -1), end: edge(activity.fields.end, 1) };
}

async function pairUnlinkedEvent(ln: LnActivityReader, input: CalendarGatherInput, snap: ExchangeEventSnapshot, pairedLn: Set<string>): Promise<CalendarPair> {
  const candidates = (snap.lnKey ? [await ln.get(snap.lnKey)] : await ln.findByExternalReference(snap.iCalUId)).filter((a): a is LnActivitySnapshot => a !== undefined);
  if (candidates.length > 0 && candidates.every((a) => pairedLn.has(a.key))) {
    return { link: undefined, role: 'none', ln: { kind: 'absent' }, ex: { kind: 'present', snap } }; // a second copy of a paired activity: left alone
  }
  const activity = candidates.filter((a) => !pairedLn.has(a.key)).sort((a, b) => a.key.localeCompare(b.key))[0];
  if (activity) {
    pairedLn.add(activity.key);
    const obs = observeActivity(activity, input.now);
    const role = obs.kind === 'active' || obs.kind === 'withdrawn' ? roleOf(input.user, activity, input.dir) : 'none';
    return { link: undefined, role, ln: obs, ex: { kind: 'present', snap } };
  }
  const lnObs: LnActivityObservation = snap.lnKey ? { kind: 'deleted' } : { kind: 'absent' };
  return { link: undefined, role: 'none', ln: lnObs, ex: { kind: 'present', snap }, creator: isCreator(input, snap) };
}

/** B-A6 for meetings whose organizer is no sync user: the attendee sync user first in order records it. */
function isCreator(input: CalendarGatherInput, snap: ExchangeEventSnapshot): boolean {
  if (snap.isOrganizer || isSyncUser(snap.organizerEmail, input.dir)) return false;
  const syncAttendees = snap.attendees.map((a) => a.email.toLowerCase()).filter((e) => input.dir.syncUsers.has(e));
  const first = [...new Set([...syncAttendees, input.user.toLowerCase()])].sort()[0];
  return first === input.user.toLowerCase();
}

/** An invitee's copy vanished: declined by its owner, or withdrawn because the organizer's copy is gone (B-A9). */
async function inviteeCopyGone(ports: Ports, input: CalendarGatherInput, activity: LnActivitySnapshot): Promise<ExchangeEventObservation> {
  const organizer = organizerEmail(activity, input.dir);
  if (!isSyncUser(organizer, input.dir)) return { kind: 'deleted' };
  const mailbox = input.dir.syncUsers.get(organizer.toLowerCase()) ?? organizer;
  const organizerLink = await ports.links.get(mailbox, 'event', activity.key);
  if (!organizerLink) return { kind: 'meeting-gone' };
  const copy = await ports.exchange.get(mailbox, organizerLink.exchangeId);
  return copy && !copy.isCancelled ? { kind: 'deleted' } : { kind: 'meeting-gone' };
}

function latest(a: string | undefined, b: string): string {
  return a === undefined || Date.parse(b) > Date.parse(a) ? b : a;
}

function overlap(iso: string): string {
  return new Date(Date.parse(iso) - OVERLAP_MS).toISOString();
}
