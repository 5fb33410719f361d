// The plan for one calendar pair, as plain data: what to write where, and why.
// Produced by the calendar planner, applied by the calendar executor.
import type { EventFields } from '../domain/calendar-event';
import type { ExchangeAttendee, ExchangeEventSnapshot } from './ports/exchange-event-port';
import type { LnAttendeePatch, LnActivitySnapshot, NewLnActivity } from './ports/ln-activity-port';
import type { LinkRecord } from './ports/link-store-port';
import type { FieldConflict } from './field-merge';

export interface LineFlagPatch {
  line: number;
  etag: string;
  patch: LnAttendeePatch;
}

export type InviteeList = Array<Pick<ExchangeAttendee, 'email' | 'name' | 'role'>>;

interface Reasoned {
  reason: string;
}

export interface CreateEventAction {
  type: 'create-event';
  /** organizer: the meeting with invitations (B-A2); direct: a plain copy in an attendee's calendar (B-A3). */
  role: 'organizer' | 'direct';
  lnKey: string;
  activity: LnActivitySnapshot;
  fields: EventFields;
  attendees: InviteeList;
  flags: LineFlagPatch[];
}

export interface SyncEventAction {
  type: 'sync-event';
  lnKey: string;
  exchangeId: string;
  link?: LinkRecord;
  activity: LnActivitySnapshot;
  lnPatch: Partial<EventFields>;
  externalReference?: string;
  exPatch: Partial<EventFields>;
  exAttendees?: InviteeList;
  stampLnKey: boolean;
  /** The event is an occurrence of a series: what names it in the link (B-A13). */
  occurrence?: Pick<LinkRecord, 'seriesMasterId' | 'occurrenceDate'>;
  flags: LineFlagPatch[];
  lnValues: EventFields;
  exValues: EventFields;
  conflicts: FieldConflict[];
  lastAction: 'updated' | 'linked' | 'recorded';
}

export type CalendarAction =
  | (Reasoned & { type: 'noop' | 'wait'; lnKey?: string; exchangeId?: string })
  | (Reasoned & CreateEventAction)
  | (Reasoned & SyncEventAction)
  | (Reasoned & { type: 'create-activity'; exchange: ExchangeEventSnapshot; activity: NewLnActivity })
  | (Reasoned & { type: 'cancel-event' | 'remove-event'; lnKey: string; exchangeId: string; link?: LinkRecord })
  | (Reasoned & { type: 'delete-activity' | 'cancel-activity'; lnKey: string; activity: LnActivitySnapshot; link: LinkRecord })
  | (Reasoned & { type: 'decline'; lnKey: string; activity: LnActivitySnapshot; line?: LineFlagPatch; link: LinkRecord })
  | (Reasoned & { type: 'drop-link'; link: LinkRecord });
