// ExchangeEventPort over Microsoft Graph for one mailbox's primary calendar: calendarView delta, lookups by id,
// LN key and iCalUId, and creates/updates/cancels/deletes sent as JSON $batch (20 per request). All ids are immutable.
import { DEFAULT_DELTA_PAGE_SIZE } from './delta-page-size';
import type { Client } from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import { ExternalServiceError, isNotFound } from '../domain/external-service-error';
import type { EventField } from '../domain/calendar-event';
import type { WriteResult } from '../sync/ports/exchange-contact-port';
import type { CalendarWindow, EventCreate, EventDelta, EventUpdate, ExchangeEventPort, ExchangeEventSnapshot } from '../sync/ports/exchange-event-port';
import { batchResponseError, isSuccess, sendBatch, type BatchOptions, type BatchRequest, type BatchResponse } from './graph-batch';
import type { GraphExtendedProperty } from './graph-contact-schema';
import { eventCreateBody, eventPatchBody, eventSnapshotOf } from './graph-event-mapper';
import { EVENT_EXTENDED_PROPERTIES_EXPAND, EVENT_PREFER, EVENT_SELECT, graphEventSchema, type GraphEvent } from './graph-event-schema';
import { needsMailboxTimeZone } from './graph-event-times';
import { LN_KEY_PROPERTY_ID, lnKeyFilter } from './graph-extended-properties';
import { graphPathOfLink, graphQuery, seg } from './graph-path';
import { graphRequest } from './graph-request';
import { readDeltaRound, type DeltaRound } from './graph-delta-round';
import { mergeById, parseWritten, sentExtended } from './written-item';

export interface GraphEventStoreOptions extends BatchOptions {
  /** Asks Graph for at most this many items per delta page (`Prefer: odata.maxpagesize`, default 200). */
  pageSize?: number;
}

const eventListSchema = z.object({ value: z.array(graphEventSchema), '@odata.nextLink': z.string().optional() });
const mailboxSettingsSchema = z.object({ timeZone: z.string().nullish() });

const READ_QUERY = { $select: EVENT_SELECT, $expand: EVENT_EXTENDED_PROPERTIES_EXPAND };
const EVENT_HEADERS = { Prefer: EVENT_PREFER };
const TIME_FIELDS: readonly EventField[] = ['start', 'end', 'allDay'];
const FALLBACK_TIME_ZONE = 'UTC';

export class GraphEventStore implements ExchangeEventPort {
  private readonly mailboxTimeZones = new Map<string, string>();

  constructor(
    private readonly client: Client,
    private readonly options: GraphEventStoreOptions = {},
  ) {}

  async delta(user: string, window: CalendarWindow, deltaLink: string | undefined): Promise<EventDelta> {
    const { changedIds, removed, deltaLink: next } = await this.deltaRound(user, window, deltaLink);
    // calendarView delta returns no extended properties, so changed items are read again with the LN key.
    const ids = [...changedIds];
    const current = await this.readEvents(user, ids);
    const found: GraphEvent[] = [];
    for (const [i, id] of ids.entries()) {
      const outcome = current[i]!;
      if (!outcome.ok) {
        if (isNotFound(outcome.error)) removed.add(id); // deleted since the delta was taken
        else throw outcome.error;
      } else if (outcome.value.type !== 'seriesMaster') found.push(outcome.value);
    }
    return { changed: await this.snapshots(user, found), removed: [...removed], deltaLink: next };
  }

  async get(user: string, id: string): Promise<ExchangeEventSnapshot | undefined> {
    try {
      const path = `/users/${seg(user)}/events/${seg(id)}${graphQuery(READ_QUERY)}`;
      const event = await graphRequest(this.client, { method: 'GET', path, headers: EVENT_HEADERS }, graphEventSchema);
      return (await this.snapshots(user, [event]))[0];
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async findByLnKey(user: string, lnKey: string): Promise<ExchangeEventSnapshot[]> {
    return this.snapshots(user, await this.findEvents(user, lnKeyFilter(lnKey)));
  }

  async findByICalUId(user: string, iCalUId: string): Promise<ExchangeEventSnapshot[]> {
    return this.snapshots(user, await this.findEvents(user, `iCalUId eq '${iCalUId.replace(/'/g, "''")}'`));
  }

  /** calendarView (not delta) of the window, every page: the one read that lists occurrences besides delta and instances. */
  async listInstances(user: string, window: CalendarWindow): Promise<ExchangeEventSnapshot[]> {
    const events: GraphEvent[] = [];
    let path: string | undefined = `/users/${seg(user)}/calendarView${graphQuery({ startDateTime: window.start, endDateTime: window.end, $select: EVENT_SELECT })}`;
    while (path !== undefined) {
      const page: z.output<typeof eventListSchema> = await graphRequest(this.client, { method: 'GET', path, headers: EVENT_HEADERS }, eventListSchema);
      events.push(...page.value);
      const next = page['@odata.nextLink'];
      path = next !== undefined ? graphPathOfLink(next) : undefined;
    }
    return this.snapshots(user, events);
  }

  async create(user: string, items: EventCreate[]): Promise<Array<WriteResult<ExchangeEventSnapshot>>> {
    const zone = items.some((i) => i.fields.allDay === 'true') ? await this.mailboxTimeZone(user) : FALLBACK_TIME_ZONE;
    const url = `/users/${seg(user)}/calendar/events`;
    const responses = await this.batch(items.map((item) => ({ method: 'POST', url, body: eventCreateBody(item, zone), headers: EVENT_HEADERS })));
    return Promise.all(responses.map((response, i) => this.created(user, items[i]!, response, zone)));
  }

  async update(user: string, items: EventUpdate[]): Promise<Array<WriteResult<ExchangeEventSnapshot>>> {
    const current = await this.readEvents(user, items.map((i) => i.id));
    const needsZone = items.some((i) => TIME_FIELDS.some((f) => i.patch[f] !== undefined)) || current.some((c) => c.ok && needsMailboxTimeZone(c.value));
    const zone = needsZone ? await this.mailboxTimeZone(user) : FALLBACK_TIME_ZONE;
    const results = new Array<WriteResult<ExchangeEventSnapshot>>(items.length);
    const patches: Array<{ index: number; body: Record<string, unknown>; current: GraphEvent }> = [];
    for (const [index, item] of items.entries()) {
      const outcome = current[index]!;
      if (!outcome.ok) results[index] = outcome;
      else {
        const body = eventPatchBody(item, outcome.value, zone);
        if (Object.keys(body).length === 0) results[index] = { ok: true, value: eventSnapshotOf(outcome.value, zone) };
        else patches.push({ index, body, current: outcome.value });
      }
    }
    const requests = patches.map((p): BatchRequest => ({ method: 'PATCH', url: `/users/${seg(user)}/events/${seg(items[p.index]!.id)}`, body: p.body, headers: EVENT_HEADERS }));
    const responses = await this.batch(requests);
    for (const [i, p] of patches.entries()) {
      results[p.index] = writtenSnapshot(responses[i]!, sentExtended(p.body), p.current.singleValueExtendedProperties ?? [], zone);
    }
    return results;
  }

  async cancel(user: string, ids: string[], comment: string): Promise<Array<WriteResult<void>>> {
    const requests = ids.map((id): BatchRequest => ({ method: 'POST', url: `/users/${seg(user)}/events/${seg(id)}/cancel`, body: { comment } }));
    // Cancelling removes the organizer's item, so a retried cancel finds nothing: that is done too.
    return (await this.batch(requests)).map(doneOrGone);
  }

  async remove(user: string, ids: string[]): Promise<Array<WriteResult<void>>> {
    const responses = await this.batch(ids.map((id) => ({ method: 'DELETE', url: `/users/${seg(user)}/events/${seg(id)}` })));
    return responses.map(doneOrGone);
  }

  private async created(user: string, item: EventCreate, response: BatchResponse, zone: string): Promise<WriteResult<ExchangeEventSnapshot>> {
    const sent = [{ id: LN_KEY_PROPERTY_ID, value: item.lnKey }];
    if (!isDuplicateCreate(response)) return writtenSnapshot(response, sent, [], zone);
    // Our transactionId already made an event (an earlier attempt, since changed in LN): that event is the answer.
    const twins = await this.findEvents(user, lnKeyFilter(item.lnKey));
    const twin = twins.find((e) => e.transactionId === item.transactionId);
    return twin ? { ok: true, value: eventSnapshotOf(twin, zone) } : { ok: false, error: batchResponseError(response) };
  }

  private async deltaRound(user: string, window: CalendarWindow, deltaLink: string | undefined): Promise<DeltaRound> {
    const prefer = [`odata.maxpagesize=${this.options.pageSize ?? DEFAULT_DELTA_PAGE_SIZE}`, EVENT_PREFER].join(', ');
    const first = `/users/${seg(user)}/calendarView/delta${graphQuery({ startDateTime: window.start, endDateTime: window.end })}`;
    return readDeltaRound(this.client, first, deltaLink, { Prefer: prefer });
  }

  /** Every event of the primary calendar matching `filter` (single instances and series masters), all pages. */
  private async findEvents(user: string, filter: string): Promise<GraphEvent[]> {
    const events: GraphEvent[] = [];
    let path: string | undefined = `/users/${seg(user)}/calendar/events${graphQuery({ $filter: filter, ...READ_QUERY })}`;
    while (path !== undefined) {
      const page: z.output<typeof eventListSchema> = await graphRequest(this.client, { method: 'GET', path, headers: EVENT_HEADERS }, eventListSchema);
      events.push(...page.value);
      const next = page['@odata.nextLink'];
      path = next !== undefined ? graphPathOfLink(next) : undefined;
    }
    return events;
  }

  /** GETs events by id (with the LN key property) through $batch. */
  private async readEvents(user: string, ids: string[]): Promise<Array<WriteResult<GraphEvent>>> {
    const query = graphQuery(READ_QUERY);
    const responses = await this.batch(ids.map((id) => ({ method: 'GET', url: `/users/${seg(user)}/events/${seg(id)}${query}`, headers: EVENT_HEADERS })));
    return responses.map((r) => (isSuccess(r) ? parseWritten(graphEventSchema, r.body, 'event') : { ok: false, error: batchResponseError(r) }));
  }

  private async snapshots(user: string, events: GraphEvent[]): Promise<ExchangeEventSnapshot[]> {
    const zone = events.some(needsMailboxTimeZone) ? await this.mailboxTimeZone(user) : undefined;
    return events.map((e) => eventSnapshotOf(e, zone));
  }

  /** The mailbox's time zone (Windows or IANA name) for writing all-day items; read once per mailbox. */
  private async mailboxTimeZone(user: string): Promise<string> {
    const key = user.toLowerCase();
    const cached = this.mailboxTimeZones.get(key);
    if (cached !== undefined) return cached;
    let zone = FALLBACK_TIME_ZONE;
    try {
      const settings = await graphRequest(this.client, { method: 'GET', path: `/users/${seg(user)}/mailboxSettings` }, mailboxSettingsSchema);
      zone = settings.timeZone?.trim() || FALLBACK_TIME_ZONE;
    } catch (err) {
      // Without MailboxSettings.Read (403) or a mailbox (404) UTC midnights are the best guess.
      if (!(err instanceof ExternalServiceError && (err.status === 403 || err.status === 404))) throw err;
    }
    this.mailboxTimeZones.set(key, zone);
    return zone;
  }

  private batch(requests: BatchRequest[]): Promise<BatchResponse[]> {
    if (requests.length === 0) return Promise.resolve([]);
    return sendBatch(this.client, requests, this.options);
  }
}

function writtenSnapshot(response: BatchResponse, sent: GraphExtendedProperty[], before: GraphExtendedProperty[], zone: string): WriteResult<ExchangeEventSnapshot> {
  if (!isSuccess(response)) return { ok: false, error: batchResponseError(response) };
  const parsed = parseWritten(graphEventSchema, response.body, 'event');
  if (!parsed.ok) return parsed;
  // POST/PATCH answers do not expand extended properties: take what was there, then what was sent.
  const extended = mergeById(before, sent, parsed.value.singleValueExtendedProperties ?? []);
  return { ok: true, value: eventSnapshotOf({ ...parsed.value, singleValueExtendedProperties: extended }, zone) };
}

/** Exchange refuses a second create with a used transactionId (409, or 400 ErrorDuplicateTransactionId when the body differs). */
function isDuplicateCreate(response: BatchResponse): boolean {
  return response.status === 409 || (response.status === 400 && batchResponseError(response).code === 'ErrorDuplicateTransactionId');
}

function doneOrGone(response: BatchResponse): WriteResult<void> {
  return isSuccess(response) || response.status === 404 ? { ok: true, value: undefined } : { ok: false, error: batchResponseError(response) };
}



