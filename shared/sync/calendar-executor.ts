// Applies a calendar plan through the ports; LN first, then Exchange, then the link, for every pair.
// Event creates go in chunks of 20 (one $batch each); a failed item is recorded and retried by the next run.
import { createHash } from 'node:crypto';
import type { EventFields } from '../domain/calendar-event';
import { contentHash } from '../domain/content-hash';
import { ExternalServiceError, isPreconditionFailed } from '../domain/external-service-error';
import type { CalendarAction, CreateEventAction, LineFlagPatch, SyncEventAction } from './calendar-action';
import type { ExchangeEventPort, ExchangeEventSnapshot } from './ports/exchange-event-port';
import type { WriteResult } from './ports/exchange-contact-port';
import type { LnActivityPort, LnActivitySnapshot } from './ports/ln-activity-port';
import type { LinkRecord, LinkStore } from './ports/link-store-port';
import type { Clock } from './ports/clock-port';
import { addWarning, type RunReport } from './run-report';
import { isOccurrence, occurrenceFields } from './occurrence-match';
import { lnSeenHash } from './ln-activity-seen';
import { pipelined } from './pipelined-chunks';

export interface CalendarExecutorPorts {
  ln: LnActivityPort;
  exchange: ExchangeEventPort;
  links: LinkStore;
  clock: Clock;
}

const CHUNK = 20;

/** Deterministic per mailbox and activity: Exchange ignores a second create with the same value (B-I1). */
export function transactionIdFor(user: string, lnKey: string): string {
  const h = createHash('sha256').update(`${user.toLowerCase()}|${lnKey}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** What this run read and planned, except the written fields as the side stored them (see contact-executor.ts). */
function asWritten(planned: EventFields, patch: Partial<EventFields>, stored: EventFields): EventFields {
  const out = { ...planned };
  for (const f of Object.keys(patch) as Array<keyof EventFields>) out[f] = stored[f];
  return out;
}

export class CalendarExecutor {
  constructor(private readonly ports: CalendarExecutorPorts) {}

  async execute(actions: readonly CalendarAction[], user: string, report: RunReport): Promise<void> {
    const creates: Array<CreateEventAction & { reason: string }> = [];
    for (const action of actions) {
      if (action.type === 'create-event') creates.push(action);
      else await this.guard(report, action, () => this.apply(action, user, report));
    }
    const chunks: Array<typeof creates> = [];
    for (let i = 0; i < creates.length; i += CHUNK) chunks.push(creates.slice(i, i + CHUNK));
    // each chunk's LN writes and links are recorded while the next chunks are sent (B-I8: the mailbox is not left idle)
    await pipelined(chunks, (chunk) => this.sendCreates(chunk, user), (chunk, results) => this.afterCreates(chunk, results, user, report));
  }

  private async apply(action: CalendarAction, user: string, report: RunReport): Promise<void> {
    switch (action.type) {
      case 'noop':
      case 'wait':
      case 'create-event':
        return;
      case 'drop-link':
        return this.ports.links.remove(action.link);
      case 'sync-event':
        return this.syncEvent(action, user, report);
      case 'create-activity':
        return this.createActivity(action.exchange, action, user, report);
      case 'cancel-event':
      case 'remove-event': {
        const [result] = action.type === 'cancel-event'
          ? await this.ports.exchange.cancel(user, [action.exchangeId], 'Cancelled in LN')
          : await this.ports.exchange.remove(user, [action.exchangeId]);
        if (result && !result.ok) throw result.error;
        report.toExchange.deleted++;
        report.writes++;
        if (action.link) await this.ports.links.remove(action.link);
        return;
      }
      case 'delete-activity':
        await this.withFreshEtag(action.activity, (etag) => this.ports.ln.delete(action.lnKey, etag));
        report.toLn.deleted++;
        report.writes++;
        return this.ports.links.remove(action.link);
      case 'cancel-activity':
        await this.withFreshEtag(action.activity, (etag) => this.ports.ln.update(action.lnKey, etag, {}, { status: 'Cancelled' }));
        report.toLn.updated++;
        report.writes++;
        return this.ports.links.remove(action.link);
      case 'decline':
        if (action.line) await this.patchLines(action.lnKey, [action.line], report);
        return this.ports.links.remove(action.link);
    }
  }

  private async syncEvent(action: SyncEventAction & { reason: string }, user: string, report: RunReport): Promise<void> {
    let lnValues = action.lnValues;
    if (Object.keys(action.lnPatch).length > 0 || action.externalReference !== undefined) {
      const extra = action.externalReference !== undefined ? { externalReference: action.externalReference } : undefined;
      // a 412 means someone edited the activity meanwhile: the next run plans the pair again instead of re-applying
      const written = await this.ports.ln.update(action.lnKey, action.activity.etag, action.lnPatch, extra);
      lnValues = asWritten(action.lnValues, action.lnPatch, written.fields);
      for (const w of written.warnings ?? []) addWarning(report, w); // B-C12: shortened values, once per item
      if (Object.keys(action.lnPatch).length > 0) report.toLn.updated++;
      report.writes++;
    }
    await this.patchLines(action.lnKey, action.flags, report);
    let exValues = action.exValues;
    if (Object.keys(action.exPatch).length > 0 || action.exAttendees !== undefined || action.stampLnKey) {
      const [result] = await this.ports.exchange.update(user, [{
        id: action.exchangeId, patch: action.exPatch,
        ...(action.exAttendees ? { attendees: action.exAttendees } : {}),
        ...(action.stampLnKey ? { lnKey: action.lnKey } : {}),
      }]);
      if (!result?.ok) throw result?.error ?? new Error('no result for the event update');
      exValues = asWritten(action.exValues, action.exPatch, result.value.fields);
      if (Object.keys(action.exPatch).length > 0 || action.exAttendees) report.toExchange.updated++;
      report.writes++;
    }
    for (const c of action.conflicts) report.conflicts.push({ ...c, lnKey: action.lnKey, exchangeId: action.exchangeId });
    const link = { ...this.link(user, action.lnKey, action.exchangeId, lnValues, exValues, action.lastAction, action.reason, action.link), ...action.occurrence };
    // B-I8: only an activity this run did not write is known as it stands now; after a write the next run reads it again
    const lnUntouched = lnValues === action.lnValues && action.flags.length === 0;
    await this.ports.links.put(lnUntouched ? { ...link, lnSeen: lnSeenHash(action.activity) } : link);
  }

  /** One $batch of creates; each carries a deterministic transactionId, so a retried create is not doubled (B-I1). */
  private sendCreates(chunk: Array<CreateEventAction & { reason: string }>, user: string): Promise<Array<WriteResult<ExchangeEventSnapshot>>> {
    return this.ports.exchange.create(user, chunk.map((a) => ({
      lnKey: a.lnKey, transactionId: transactionIdFor(user, a.lnKey), fields: a.fields, attendees: a.attendees,
    })));
  }

  private async afterCreates(chunk: Array<CreateEventAction & { reason: string }>, results: Array<WriteResult<ExchangeEventSnapshot>>, user: string, report: RunReport): Promise<void> {
    await Promise.all(chunk.map(async (action, i) => {
      const result = results[i];
      await this.guard(report, action, async () => {
        if (!result) throw new Error('no result for this create');
        if (!result.ok) throw result.error;
        report.toExchange.created++;
        report.writes++;
        await this.afterCreate(action, result.value, user, report);
      });
    }));
  }

  private async afterCreate(action: CreateEventAction & { reason: string }, event: ExchangeEventSnapshot, user: string, report: RunReport): Promise<void> {
    const lnValues = action.fields;
    if (action.role === 'organizer' && action.activity.externalReference !== event.iCalUId) {
      await this.withFreshEtag(action.activity, (etag) => this.ports.ln.update(action.lnKey, etag, {}, { externalReference: event.iCalUId }));
      report.writes++;
    }
    await this.patchLines(action.lnKey, action.flags, report);
    await this.ports.links.put(this.link(user, action.lnKey, event.id, lnValues, event.fields, 'created-in-exchange', action.reason));
  }

  private async createActivity(event: ExchangeEventSnapshot, action: Extract<CalendarAction, { type: 'create-activity' }>, user: string, report: RunReport): Promise<void> {
    const existing = (await this.ports.ln.findByExternalReference(event.iCalUId))[0];
    const created = existing ?? (await this.ports.ln.create(action.activity));
    for (const w of created.warnings ?? []) addWarning(report, w); // B-C12: shortened values, once per item
    if (!existing) report.toLn.created++;
    report.writes++;
    // B-A13: an occurrence is left untouched (a write would make it an exception); its iCalUId finds the activity again
    const stored = isOccurrence(event) ? event : await this.stamp(user, event.id, created.key);
    await this.ports.links.put({ ...this.link(user, created.key, event.id, created.fields, stored.fields, 'created-in-ln', action.reason), ...occurrenceFields(event) });
  }

  /** Writes the LN key onto a single event (B-I1), so a lost link is found again by it. */
  private async stamp(user: string, id: string, lnKey: string): Promise<ExchangeEventSnapshot> {
    const [stamp] = await this.ports.exchange.update(user, [{ id, patch: {}, lnKey }]);
    if (!stamp?.ok) throw stamp?.error ?? new Error('no result for the stamp');
    return stamp.value;
  }

  private async patchLines(activity: string, patches: LineFlagPatch[], report: RunReport): Promise<void> {
    for (const p of patches) {
      await this.ports.ln.updateAttendee(activity, p.line, p.etag, p.patch);
      report.writes++;
    }
  }

  /** LN answers 412 when the activity changed since it was read: read it again and retry once. */
  private async withFreshEtag<T>(activity: LnActivitySnapshot, write: (etag: string) => Promise<T>): Promise<T> {
    try {
      return await write(activity.etag);
    } catch (err) {
      if (!isPreconditionFailed(err)) throw err;
      const fresh = await this.ports.ln.get(activity.key);
      if (!fresh) throw new ExternalServiceError('ln', 404, 'NotFound', `activity ${activity.key} no longer exists`);
      return write(fresh.etag);
    }
  }

  private link(user: string, lnKey: string, exchangeId: string, lnValues: EventFields, exValues: EventFields, lastAction: string, reason: string, previous?: LinkRecord): LinkRecord {
    const link: LinkRecord = {
      user, kind: 'event', lnKey, exchangeId, state: 'linked',
      lnHash: contentHash(lnValues), exHash: contentHash(exValues), lnValues, exValues,
      lastAction, reason, updatedAt: this.ports.clock.now().toISOString(),
    };
    if (previous?.etag) link.etag = previous.etag;
    return link;
  }

  private async guard(report: RunReport, action: CalendarAction, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      const entry: RunReport['errors'][number] = { action: action.type, message: error.message, transient: error instanceof ExternalServiceError ? error.transient : true };
      const lnKey = 'lnKey' in action ? action.lnKey : undefined;
      if (lnKey) entry.lnKey = lnKey;
      report.errors.push(entry);
    }
  }
}
