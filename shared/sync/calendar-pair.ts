// What one calendar run observed about one LN activity and one event in the sync user's calendar, with its link.
// The gatherer resolves both sides whenever either changed, so a changed pair always has both snapshots (or a verdict).
import type { ExchangeEventSnapshot } from './ports/exchange-event-port';
import type { LnActivitySnapshot } from './ports/ln-activity-port';
import type { LinkRecord } from './ports/link-store-port';
import type { CalendarRole } from './calendar-roles';

export type LnActivityObservation =
  | { kind: 'active'; snap: LnActivitySnapshot } // B-A1 in scope
  | { kind: 'withdrawn'; snap: LnActivitySnapshot; why: string } // B-A8 cancelled, Synchronize cleared, or type no longer syncs
  | { kind: 'deleted' }
  | { kind: 'ended' } // ended before now: left alone
  | { kind: 'unchanged' }
  | { kind: 'absent' };

export type ExchangeEventObservation =
  | { kind: 'present'; snap: ExchangeEventSnapshot }
  | { kind: 'cancelled'; snap: ExchangeEventSnapshot } // an attendee's copy of a cancelled meeting
  | { kind: 'deleted' } // removed from this calendar by its owner
  | { kind: 'meeting-gone' } // an attendee copy removed because the organizer cancelled or deleted the meeting
  | { kind: 'ended' }
  | { kind: 'unchanged' }
  | { kind: 'absent' };

export interface CalendarPair {
  link: LinkRecord | undefined;
  /** The user's part in the activity, from the current LN snapshot ('none' when there is none). */
  role: CalendarRole;
  ln: LnActivityObservation;
  ex: ExchangeEventObservation;
  /** For an unlinked meeting from outside: this user is the one sync user who creates it in LN (B-A6). */
  creator?: boolean;
}
