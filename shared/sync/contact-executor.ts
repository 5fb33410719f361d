// Applies a contact plan through the ports and records each link right after its side effect.
// LN writes go one by one; Exchange writes go in chunks of 20 (one $batch each), links after each chunk.
import { contactDifference, withWholeAddress, type ContactFields } from '../domain/contact';
import { contentHash } from '../domain/content-hash';
import { ExternalServiceError, isNotFound, isPreconditionFailed } from '../domain/external-service-error';
import type { ContactAction, SyncPairAction } from './contact-action';
import type { ContactUpdate, ExchangeContactPort, ExchangeContactSnapshot, WriteResult } from './ports/exchange-contact-port';
import type { LinkRecord, LinkStore } from './ports/link-store-port';
import type { LnContactPort, LnContactSnapshot } from './ports/ln-contact-port';
import type { Clock } from './ports/clock-port';
import { pipelined } from './pipelined-chunks';
import type { IdentityClaimPort } from './ports/identity-claim-port';
import { addWarning, type RunReport } from './run-report';
import { claimPerson, confirmPerson } from './person-claim';
import { CoalescedLinkPuts } from './coalesced-link-puts';
import type { DoneContactAction } from './history-entries';

export interface ContactExecutorPorts {
  ln: LnContactPort;
  exchange: ExchangeContactPort;
  links: LinkStore;
  clock: Clock;
  /** B-I7: claims on persons shared by every instance; without it, creates are not coordinated across users. */
  claims?: IdentityClaimPort;
}

export interface ContactExecutionTarget {
  user: string;
  folderId: string;
  /** The sync folder was read in full this run: every stamped copy is already paired, no lookup needed. */
  exchangeFull: boolean;
  /** Plans an Outlook contact against an LN contact found for it at the last moment (B-I7: another user created it). */
  planMatch(ln: LnContactSnapshot, ex: ExchangeContactSnapshot): ContactAction;
  /** Told about actions as their outcome becomes final (after their chunk, for Exchange writes), e.g. for history. */
  done?(actions: DoneContactAction[]): void;
}

const CHUNK = 20;

type ExchangeWrite = (
  | { kind: 'create'; lnKey: string; fields: ContactFields; lnValues: ContactFields; previousLink?: LinkRecord; reason: string; lnEtag?: string | undefined }
  | { kind: 'update'; id: string; patch: Partial<ContactFields>; lnKey: string; stamp: boolean; done: (ex: ExchangeContactSnapshot | undefined) => Promise<void>; label: string; base?: ContactUpdate['base'] }
  | { kind: 'remove'; id: string; lnKey: string; link?: LinkRecord; reason: string }
) & { action?: ContactAction };

export class ContactExecutor {
  /** The links of one chunk are written in one storage transaction. */
  private readonly linkPuts: CoalescedLinkPuts;

  constructor(private readonly ports: ContactExecutorPorts) {
    this.linkPuts = new CoalescedLinkPuts(ports.links);
  }

  async execute(actions: readonly ContactAction[], target: ContactExecutionTarget, report: RunReport): Promise<void> {
    const exchangeWrites: ExchangeWrite[] = [];
    const localDone: DoneContactAction[] = [];
    for (const action of actions) {
      const queued = exchangeWrites.length;
      await this.guard(report, action.type, keysOf(action), () => this.applyLocal(action, target, report, exchangeWrites));
      for (const w of exchangeWrites.slice(queued)) w.action ??= action;
      if (exchangeWrites.length === queued) localDone.push({ action });
    }
    target.done?.(localDone);
    await this.applyExchange(exchangeWrites, target, report);
  }

  /** Everything that does not write to Exchange, or must write LN first; Exchange writes are queued. */
  private async applyLocal(action: ContactAction, target: ContactExecutionTarget, report: RunReport, queue: ExchangeWrite[]): Promise<void> {
    switch (action.type) {
      case 'noop':
      case 'ignore':
        return;
      case 'exclude':
        await this.putLink({ ...action.link, state: 'excluded', lastAction: 'excluded', reason: action.reason });
        return;
      case 'drop-link':
        await this.ports.links.remove(action.link);
        return;
      case 'remove-exchange': {
        const write: ExchangeWrite = { kind: 'remove', id: action.exchangeId, lnKey: action.lnKey, reason: action.reason };
        if (action.link) write.link = action.link;
        queue.push(write);
        return;
      }
      case 'create-exchange':
        await this.queueCreate(action, target, queue);
        return;
      case 'create-ln':
        await this.createInLn(action.exchange, action.externalReference, action.reason, target, report, queue);
        return;
      case 'sync':
        await this.syncPair(action, target, report, queue);
        return;
    }
  }

  /** B-I1: an earlier run may have created the copy and died before linking it; adopt it instead of duplicating. */
  private async queueCreate(action: Extract<ContactAction, { type: 'create-exchange' }>, target: ContactExecutionTarget, queue: ExchangeWrite[]): Promise<void> {
    const { lnKey, fields, previousLink, reason, lnEtag } = action;
    const existing = target.exchangeFull ? undefined : await this.ports.exchange.findByLnKey(target.user, target.folderId, lnKey);
    if (!existing) {
      const write: ExchangeWrite = { kind: 'create', lnKey, fields, lnValues: fields, reason, lnEtag };
      if (previousLink) write.previousLink = previousLink;
      queue.push(write);
      return;
    }
    const patch = withWholeAddress(contactDifference(fields, existing.fields), fields);
    queue.push({
      kind: 'update', id: existing.id, patch, lnKey, stamp: false, label: 'create-exchange',
      done: async (ex) => {
        const exFields = ex?.fields ?? { ...existing.fields, ...patch };
        await this.putLink(withExState(buildLink(target.user, lnKey, existing.id, fields, exFields, existing.createdByService ? 'created-in-exchange' : 'linked', 'B-I1: copy from an interrupted run adopted', this.now(), previousLink, lnEtag), ex));
      },
    });
  }

  private async createInLn(exchange: ExchangeContactSnapshot, externalReference: string, reason: string, target: ContactExecutionTarget, report: RunReport, queue: ExchangeWrite[]): Promise<void> {
    const existing = await this.ports.ln.findByExternalReference(externalReference);
    if (existing) {
      await confirmPerson(this.ports.claims, exchange.fields, externalReference, existing.key);
      report.writes++;
      this.queueCreatedLink(existing, exchange, reason, target, queue);
      return;
    }
    const claim = await claimPerson(this.ports.ln, this.ports.claims, exchange.fields, externalReference);
    if (claim.kind === 'link') return this.linkToExisting(claim.ln, exchange, target, report, queue);
    let created: LnContactSnapshot;
    try {
      created = await this.ports.ln.create(exchange.fields, externalReference);
    } catch (err) {
      await claim.failed(err);
      throw err;
    }
    await claim.created(created.key);
    for (const w of created.warnings) addWarning(report, w); // B-C12: shortened values, once per item
    report.toLn.created++;
    report.writes++;
    this.queueCreatedLink(created, exchange, reason, target, queue);
  }

  private queueCreatedLink(created: LnContactSnapshot, exchange: ExchangeContactSnapshot, reason: string, target: ContactExecutionTarget, queue: ExchangeWrite[]): void {
    queue.push({
      kind: 'update', id: exchange.id, patch: {}, lnKey: created.key, stamp: true, label: 'create-ln',
      done: async (ex) => {
        await this.putLink(withExState(buildLink(target.user, created.key, exchange.id, created.fields, ex?.fields ?? exchange.fields, 'created-in-ln', reason, this.now(), undefined, created.etag), ex));
      },
    });
  }

  /** B-I7: the person is in LN already (another user's run created it meanwhile): this copy is linked to it. */
  private async linkToExisting(ln: LnContactSnapshot, exchange: ExchangeContactSnapshot, target: ContactExecutionTarget, report: RunReport, queue: ExchangeWrite[]): Promise<void> {
    const held = await this.ports.links.get(target.user, 'contact', ln.key);
    if (held && !(await this.giveWay(held, exchange, target, report))) return; // B-C5: this user has that contact already; left alone
    const action = target.planMatch(ln, exchange);
    if (action.type === 'create-ln') throw new Error(`contact ${ln.key} cannot be matched to Outlook item ${exchange.id}`);
    await this.applyLocal({ ...action, reason: `B-I7: another sync user created this person in LN meanwhile; linked to contact ${ln.key}` }, target, report, queue);
  }

  /** B-I7/B-C5: the copy this service created from LN, untouched since, gives way to the user's own copy of that
   *  person seen a run later (another user brought the person into LN just before): one copy stays, the user's. */
  private async giveWay(held: LinkRecord, own: ExchangeContactSnapshot, target: ContactExecutionTarget, report: RunReport): Promise<boolean> {
    if (held.exchangeId === own.id || held.lastAction !== 'created-in-exchange') return false;
    const [removed] = await this.ports.exchange.remove(target.user, [held.exchangeId]);
    if (removed && !removed.ok && !isNotFound(removed.error)) throw removed.error;
    await this.ports.links.remove(held);
    report.toExchange.deleted++;
    report.writes++;
    return true;
  }

  private async syncPair(action: SyncPairAction & { reason: string }, target: ContactExecutionTarget, report: RunReport, queue: ExchangeWrite[]): Promise<void> {
    let lnValues = action.lnValues;
    // the LN ETag the link keeps: the one written, else the one read this run, else (LN not read) the one kept
    let lnSeen = action.lnSnapshot?.etag ?? action.link?.lnSeen;
    if (Object.keys(action.lnPatch).length > 0 || action.joinGroup) {
      const written = await this.writeLn(action);
      lnValues = asWritten(action.lnValues, action.lnPatch, written.fields);
      for (const w of written.warnings) addWarning(report, w); // B-C12: shortened values, once per item
      lnSeen = written.etag;
      report.toLn.updated++;
    }
    for (const c of action.conflicts) report.conflicts.push({ ...c, lnKey: action.lnKey, exchangeId: action.exchangeId });
    const record = async (exValues: ContactFields, ex?: ExchangeContactSnapshot): Promise<void> => {
      const link = buildLink(target.user, action.lnKey, action.exchangeId, lnValues, exValues, action.lastAction, action.reason, this.now(), action.link, lnSeen);
      await this.putLink(withExState(link, ex, action.link));
    };
    if (Object.keys(action.exPatch).length === 0 && !action.stampLnKey) {
      if (Object.keys(action.lnPatch).length > 0 || action.joinGroup) report.writes++;
      await record(action.exValues);
      return;
    }
    queue.push({
      kind: 'update', id: action.exchangeId, patch: action.exPatch, lnKey: action.lnKey, stamp: action.stampLnKey, label: 'sync',
      // B-I8: the link knows the whole item: patched without reading it first, unless Outlook changed it since
      ...(action.link?.exState !== undefined ? { base: { fields: action.link.exValues as ContactFields, state: action.link.exState } } : {}),
      done: async (ex) => {
        if (Object.keys(action.exPatch).length > 0) report.toExchange.updated++;
        await record(ex ? asWritten(action.exValues, action.exPatch, ex.fields) : action.exValues, ex);
      },
    });
  }

  /** Patches LN with the ETag read this run; a 412 means someone edited it meanwhile: the next run plans again. */
  private async writeLn(action: SyncPairAction): Promise<LnContactSnapshot> {
    const synchronize = action.joinGroup ? true : undefined;
    const etag = action.lnSnapshot?.etag ?? (await this.requireLn(action.lnKey)).etag;
    return this.ports.ln.update(action.lnKey, etag, action.lnPatch, synchronize);
  }

  private async requireLn(key: string): Promise<LnContactSnapshot> {
    const snap = await this.ports.ln.get(key);
    if (!snap) throw new ExternalServiceError('ln', 404, 'NotFound', `contact ${key} no longer exists`);
    return snap;
  }

  private async applyExchange(writes: ExchangeWrite[], target: ContactExecutionTarget, report: RunReport): Promise<void> {
    const creates = writes.filter((w) => w.kind === 'create');
    const updates = writes.filter((w) => w.kind === 'update');
    const removes = writes.filter((w) => w.kind === 'remove');
    await pipelined(chunks(creates),
      (chunk) => this.ports.exchange.create(target.user, target.folderId, chunk.map((w) => ({ lnKey: w.lnKey, fields: w.fields }))),
      async (chunk, results) => {
        await this.each(chunk, results, report, 'create-exchange', (w, ex) => this.linkCreated(w, ex, target, report));
        finished(target, chunk, results);
      });
    await pipelined(chunks(updates),
      (chunk) => this.ports.exchange.update(target.user, chunk.map((w): ContactUpdate => ({ id: w.id, patch: w.patch, ...(w.stamp ? { lnKey: w.lnKey } : {}), ...(w.base ? { base: w.base } : {}) }))),
      async (chunk, results) => {
        await this.each(chunk, results, report, 'update-exchange', async (w, ex) => {
          if (Object.keys(w.patch).length > 0 || w.stamp) report.writes++;
          await w.done(ex);
        });
        finished(target, chunk, results);
      });
    for (const chunk of chunks(removes)) {
      const results = await this.ports.exchange.remove(target.user, chunk.map((w) => w.id));
      await this.each(chunk, results, report, 'remove-exchange', async (w) => {
        report.toExchange.deleted++;
        report.writes++;
        if (w.link) await this.ports.links.remove(w.link);
      });
      finished(target, chunk, results);
    }
  }

  /** A create that lost a race to another worker's link is undone, so no duplicate stays behind. */
  private async linkCreated(write: Extract<ExchangeWrite, { kind: 'create' }>, ex: ExchangeContactSnapshot, target: ContactExecutionTarget, report: RunReport): Promise<void> {
    report.toExchange.created++;
    report.writes++;
    try {
      await this.putLink(withExState(buildLink(target.user, write.lnKey, ex.id, write.lnValues, ex.fields, 'created-in-exchange', write.reason, this.now(), write.previousLink, write.lnEtag), ex));
    } catch (err) {
      if (isPreconditionFailed(err) && !write.previousLink) {
        await this.ports.exchange.remove(target.user, [ex.id]);
        report.toExchange.created--;
      }
      throw err;
    }
  }

  /** Records the outcome of one chunk; the links of a chunk are written concurrently (distinct rows). */
  private async each<W extends ExchangeWrite, T>(chunk: W[], results: Array<WriteResult<T>>, report: RunReport, label: string, onOk: (w: W, value: T) => Promise<void>): Promise<void> {
    await Promise.all(chunk.map(async (w, i) => {
      const result = results[i];
      const keys = { lnKey: w.lnKey, exchangeId: 'id' in w ? w.id : undefined };
      if (!result) return recordError(report, label, keys, new Error('no result for this write'));
      if (!result.ok) return recordError(report, 'label' in w ? w.label : label, keys, result.error);
      await this.guard(report, label, keys, () => onOk(w, result.value));
    }));
  }

  private async guard(report: RunReport, label: string, keys: { lnKey?: string | undefined; exchangeId?: string | undefined }, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (err) {
      recordError(report, label, keys, err);
    }
  }

  private async putLink(link: LinkRecord): Promise<LinkRecord> {
    return this.linkPuts.put(link);
  }

  private now(): string {
    return this.ports.clock.now().toISOString();
  }
}

export function buildLink(user: string, lnKey: string, exchangeId: string, lnValues: ContactFields, exValues: ContactFields, lastAction: string, reason: string, now: string, previous?: LinkRecord, lnSeen?: string): LinkRecord {
  const link: LinkRecord = {
    user, kind: 'contact', lnKey, exchangeId, state: 'linked',
    lnHash: contentHash(lnValues), exHash: contentHash(exValues), lnValues, exValues,
    lastAction, reason, updatedAt: now,
  };
  if (previous?.etag) link.etag = previous.etag;
  if (lnSeen !== undefined && lnSeen !== '') link.lnSeen = lnSeen; // contacts: LN's ETag as last read or written (B-I8)
  return link;
}

/** Keeps with the link the written item's state when it describes the recorded values, and when it was written
 *  (a copy written after the stored delta position must come back in the next delta round); without a write, what
 *  the previous link kept. */
function withExState(link: LinkRecord, ex: ExchangeContactSnapshot | undefined, previous?: LinkRecord): LinkRecord {
  const state = ex ? (contentHash(ex.fields) === link.exHash ? ex.state : undefined) : previous?.exState;
  if (state !== undefined) link.exState = state;
  const writtenAt = ex ? link.updatedAt : previous?.exWrittenAt;
  if (writtenAt !== undefined) link.exWrittenAt = writtenAt;
  return link;
}

/**
 * The values to remember for a side after a write: what this run read and planned, except the fields it wrote,
 * taken as the side stored them (normalized). Anything else in the write's answer is someone else's concurrent
 * edit, which must stay a change for the next run instead of being recorded as already synchronized.
 */
function asWritten(planned: ContactFields, patch: Partial<ContactFields>, stored: ContactFields): ContactFields {
  const out = { ...planned };
  for (const f of Object.keys(patch) as Array<keyof ContactFields>) out[f] = stored[f];
  return out;
}

/** Tells the target a chunk's actions are done, with the Exchange id a create was given. */
function finished(target: ContactExecutionTarget, chunk: ExchangeWrite[], results: Array<WriteResult<unknown>>): void {
  if (!target.done) return;
  target.done(chunk.flatMap((w, i) => {
    if (!w.action) return [];
    const result = results[i];
    const created = result?.ok && typeof result.value === 'object' && result.value !== null && 'id' in result.value ? String(result.value.id) : undefined;
    return [{ action: w.action, lnKey: w.lnKey, exchangeId: 'id' in w ? w.id : created }];
  }));
}

function recordError(report: RunReport, action: string, keys: { lnKey?: string | undefined; exchangeId?: string | undefined }, err: unknown): void {
  const error = err instanceof Error ? err : new Error(String(err));
  const transient = error instanceof ExternalServiceError ? error.transient : true;
  const entry: RunReport['errors'][number] = { action, message: error.message, transient };
  if (keys.lnKey) entry.lnKey = keys.lnKey;
  if (keys.exchangeId) entry.exchangeId = keys.exchangeId;
  report.errors.push(entry);
}

function keysOf(action: ContactAction): { lnKey?: string | undefined; exchangeId?: string | undefined } {
  switch (action.type) {
    case 'create-ln':
      return { exchangeId: action.exchange.id };
    case 'exclude':
    case 'drop-link':
      return { lnKey: action.link.lnKey, exchangeId: action.link.exchangeId };
    default:
      return { lnKey: action.lnKey, exchangeId: 'exchangeId' in action ? action.exchangeId : undefined };
  }
}

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}
