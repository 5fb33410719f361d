// The parsed request every simulator route receives, and the shared state routes work on.
// `path` is decoded and relative to the version root (`/users/…`); `rawPath` keeps the client's encoding.
import type { CalendarDeltaTokens } from './calendar-delta-tokens';
import type { GraphDeltaTokens } from './graph-delta-tokens';
import type { GraphEventStore } from './graph-event-store';
import type { GraphMailboxStore } from './graph-mailbox-store';

export interface SimRequest {
  method: string;
  path: string;
  rawPath: string;
  query: Record<string, string>;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: unknown;
}

export interface SimContext {
  store: GraphMailboxStore;
  tokens: GraphDeltaTokens;
  events: GraphEventStore;
  calendarTokens: CalendarDeltaTokens;
  /** `http://127.0.0.1:PORT/v1.0` */
  baseUrl: string;
  defaultPageSize: number;
}

/** An absolute link to the same resource with a new query (how Graph writes nextLink/deltaLink). */
export function linkTo(ctx: SimContext, req: SimRequest, query: Record<string, string>): string {
  const qs = Object.entries(query).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
  return `${ctx.baseUrl}${req.rawPath}${qs ? `?${qs}` : ''}`;
}
