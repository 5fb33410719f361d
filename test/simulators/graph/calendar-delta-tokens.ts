// Delta rounds for a calendar view: which instances a round reports, and the opaque tokens that carry the window on.
// A delta token remembers the window, the instances then in it and the change sequence; the next round reports what changed.
import { randomBytes } from 'node:crypto';
import type { GraphEventStore } from './graph-event-store';
import type { Mailbox } from './graph-mailbox-store';

export interface CalendarDeltaState {
  mailboxId: string;
  window: { start: number; end: number };
  seq: number;
  members: Set<string>;
}

export type CalendarDeltaEntry = { kind: 'item'; id: string } | { kind: 'removed'; id: string };

export interface CalendarDeltaRound {
  entries: CalendarDeltaEntry[];
  end: CalendarDeltaState;
}

export class CalendarDeltaTokens {
  private readonly skips = new Map<string, { round: CalendarDeltaRound; offset: number }>();
  private readonly deltas = new Map<string, CalendarDeltaState>();

  /** Everything in the window (initial round) or what changed since `from`, as the docs describe for calendarView delta. */
  startRound(events: GraphEventStore, mailbox: Mailbox, window: CalendarDeltaState['window'], from?: CalendarDeltaState): CalendarDeltaRound {
    const instances = events.instances(mailbox, window.start, window.end);
    const members = new Set(instances.map((i) => i.id));
    const end: CalendarDeltaState = { mailboxId: mailbox.id, window, seq: mailbox.seq, members };
    if (!from) return { entries: instances.map((i) => ({ kind: 'item', id: i.id })), end };
    const entries: CalendarDeltaEntry[] = instances.filter((i) => i.version > from.seq || !from.members.has(i.id)).map((i) => ({ kind: 'item', id: i.id }));
    // Deleted, cancelled or moved out of the window.
    for (const id of from.members) if (!members.has(id)) entries.push({ kind: 'removed', id });
    // Items outside the window that changed are reported as removed too ("filter them for your range", say the docs).
    for (const event of events.stored(mailbox)) {
      if (event.type !== 'seriesMaster' && event.seq > from.seq && !members.has(event.id) && !from.members.has(event.id)) entries.push({ kind: 'removed', id: event.id });
    }
    return { entries, end };
  }

  issueSkipToken(round: CalendarDeltaRound, offset: number): string {
    const token = opaqueToken();
    this.skips.set(token, { round, offset });
    return token;
  }

  issueDeltaToken(state: CalendarDeltaState): string {
    const token = opaqueToken();
    this.deltas.set(token, state);
    return token;
  }

  resolveSkipToken(token: string): { round: CalendarDeltaRound; offset: number } | undefined {
    return this.skips.get(token);
  }

  resolveDeltaToken(token: string): CalendarDeltaState | undefined {
    return this.deltas.get(token);
  }

  expire(mailboxId?: string): void {
    for (const [token, state] of this.deltas) if (mailboxId === undefined || state.mailboxId === mailboxId) this.deltas.delete(token);
    for (const [token, skip] of this.skips) if (mailboxId === undefined || skip.round.end.mailboxId === mailboxId) this.skips.delete(token);
  }
}

function opaqueToken(): string {
  return randomBytes(24).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
