// GET …/calendarView and …/calendarView/delta: the instances overlapping a window, paged; delta rounds carry the window in tokens.
// As Graph: the window is required on the first call (400 without), delta refuses $select/$expand/$filter/$orderby/$search.
import { removedEvent, renderEvent, type EventRenderOptions } from './event-json';
import { parseEventFilter, parseEventSelect } from './event-query';
import type { CalendarDeltaRound, CalendarDeltaState } from './calendar-delta-tokens';
import type { Mailbox } from './graph-mailbox-store';
import { GraphSimError, jsonResponse, type SimResponse } from './graph-sim-response';
import { parseExpand, parsePrefer } from './odata-query';
import { preferenceApplied } from './preference-applied';
import { linkTo, type SimContext, type SimRequest } from './sim-request';
import { parseWindowBound, requireTimeZone } from './time-zones';

export function calendarViewRoute(req: SimRequest, ctx: SimContext, mailbox: Mailbox): SimResponse {
  const prefs = parsePrefer(req.headers['prefer']);
  const window = requiredWindow(req);
  const filter = parseEventFilter(req.query['$filter']);
  const all = ctx.events.instances(mailbox, window.start, window.end).filter((i) => !filter || filter(i));
  const skip = pagingInt(req.query['$skip'], 0);
  const top = Math.min(pagingInt(req.query['$top'], prefs.maxPageSize ?? ctx.defaultPageSize), 1000);
  const options = renderOptions(req, true);
  const body: Record<string, unknown> = {
    '@odata.context': `${ctx.baseUrl}/$metadata#users('${encodeURIComponent(mailbox.upn)}')/calendarView`,
    value: all.slice(skip, skip + top).map((i) => renderEvent(i, options)),
  };
  if (skip + top < all.length) body['@odata.nextLink'] = linkTo(ctx, req, { ...req.query, $top: String(top), $skip: String(skip + top) });
  return jsonResponse(200, body, preferenceApplied(prefs));
}

export function calendarViewDeltaRoute(req: SimRequest, ctx: SimContext, mailbox: Mailbox): SimResponse {
  const prefs = parsePrefer(req.headers['prefer']);
  const { round, offset } = roundOf(req, ctx, mailbox);
  const pageSize = prefs.maxPageSize ?? ctx.defaultPageSize;
  const options: EventRenderOptions = { ...renderOptions(req, false), annotateType: true };
  const value: Array<Record<string, unknown>> = [];
  for (const entry of round.entries.slice(offset, offset + pageSize)) {
    if (entry.kind === 'removed') {
      value.push(removedEvent(entry.id));
      continue;
    }
    // Gone while the round was being read: the next round reports it as removed.
    const ref = ctx.events.find(mailbox, entry.id);
    if (ref) value.push(renderEvent(ctx.events.resolve(ref), options));
  }
  const body: Record<string, unknown> = { '@odata.context': `${ctx.baseUrl}/$metadata#Collection(event)`, value };
  if (offset + pageSize < round.entries.length) body['@odata.nextLink'] = linkTo(ctx, req, { $skiptoken: ctx.calendarTokens.issueSkipToken(round, offset + pageSize) });
  else body['@odata.deltaLink'] = linkTo(ctx, req, { $deltatoken: ctx.calendarTokens.issueDeltaToken(round.end) });
  return jsonResponse(200, body, preferenceApplied(prefs));
}

function roundOf(req: SimRequest, ctx: SimContext, mailbox: Mailbox): { round: CalendarDeltaRound; offset: number } {
  const skipToken = queryValue(req, '$skiptoken');
  const deltaToken = queryValue(req, '$deltatoken');
  if (skipToken !== undefined) {
    const skip = ctx.calendarTokens.resolveSkipToken(skipToken);
    if (!skip || skip.round.end.mailboxId !== mailbox.id) throw expired();
    return skip;
  }
  if (deltaToken !== undefined) {
    const state: CalendarDeltaState | undefined = ctx.calendarTokens.resolveDeltaToken(deltaToken);
    if (!state || state.mailboxId !== mailbox.id) throw expired();
    return { round: ctx.calendarTokens.startRound(ctx.events, mailbox, state.window, state), offset: 0 };
  }
  for (const option of ['$select', '$expand', '$filter', '$orderby', '$search']) {
    if (queryValue(req, option) !== undefined) throw new GraphSimError(400, 'ErrorInvalidUrlQuery', `The query parameter '${option}' is not supported with change tracking over the 'CalendarView' resource.`);
  }
  return { round: ctx.calendarTokens.startRound(ctx.events, mailbox, requiredWindow(req)), offset: 0 };
}

/** startDateTime/endDateTime (names case-insensitive, as Graph reads them); 400 ErrorInvalidParameter without them. */
export function requiredWindow(req: SimRequest): { start: number; end: number } {
  const rawStart = queryValue(req, 'startDateTime');
  const rawEnd = queryValue(req, 'endDateTime');
  if (rawStart === undefined || rawEnd === undefined) {
    throw new GraphSimError(400, 'ErrorInvalidParameter', 'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.');
  }
  const start = parseWindowBound(rawStart);
  const end = parseWindowBound(rawEnd);
  if (start === undefined || end === undefined) throw new GraphSimError(400, 'ErrorInvalidParameter', `The value of the parameter '${start === undefined ? 'StartDateTime' : 'EndDateTime'}' is invalid.`);
  if (end <= start) throw new GraphSimError(400, 'ErrorInvalidParameter', 'The parameter EndDateTime must be later than StartDateTime.');
  return { start, end };
}

/** The Prefer time zone and body type, and (outside delta) $select and $expand. */
export function renderOptions(req: SimRequest, withQuery = true): EventRenderOptions {
  const prefs = parsePrefer(req.headers['prefer']);
  const timeZone = prefs.timeZone ? { name: prefs.timeZone, zone: requireTimeZone(prefs.timeZone) } : { name: 'UTC', zone: 'UTC' };
  const select = withQuery ? parseEventSelect(req.query['$select']) : undefined;
  const expand = withQuery ? parseExpand(req.query['$expand']) : undefined;
  return { timeZone, ...(prefs.bodyContentType ? { bodyType: prefs.bodyContentType } : {}), ...(select ? { select } : {}), ...(expand ? { expand } : {}) };
}

function queryValue(req: SimRequest, name: string): string | undefined {
  const key = Object.keys(req.query).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : req.query[key];
}

export function pagingInt(raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new GraphSimError(400, 'BadRequest', `Invalid value '${raw}' for a paging query option.`);
  return Number(raw);
}

function expired(): GraphSimError {
  return new GraphSimError(410, 'SyncStateNotFound', 'The sync state for this delta token was not found or has expired. Start a new delta round without a token.');
}
