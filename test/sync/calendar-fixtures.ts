// Builders for calendar engine unit tests: activities, attendee lines, events, links and a directory.
// Defaults describe one meeting organized by Adele with Megan invited; tests change only what matters.
import { emptyEvent, type EventFields } from '../../shared/domain/calendar-event';
import { contentHash } from '../../shared/domain/content-hash';
import { buildDirectory, type CalendarDirectory } from '../../shared/sync/calendar-roles';
import type { CalendarPlanContext } from '../../shared/sync/calendar-planner';
import type { ExchangeEventSnapshot } from '../../shared/sync/ports/exchange-event-port';
import type { LnActivitySnapshot, LnAttendeeSnapshot } from '../../shared/sync/ports/ln-activity-port';
import type { LinkRecord } from '../../shared/sync/ports/link-store-port';

export const ADELE = 'adele@contoso.example';
export const MEGAN = 'megan@contoso.example';
export const OUTSIDER = 'boss@fabrikam.example';

export function directory(syncUsers = [ADELE, MEGAN]): CalendarDirectory {
  return buildDirectory([
    { employee: 'E1', name: 'Adele', user: 'adele', email: ADELE },
    { employee: 'E2', name: 'Megan', user: 'megan', email: MEGAN },
    { employee: 'E3', name: 'Boss', user: 'boss', email: OUTSIDER },
  ], syncUsers);
}

export function ctx(user = ADELE, syncUsers = [ADELE, MEGAN]): CalendarPlanContext {
  return { user, dir: directory(syncUsers), policy: 'latest-wins', contactKeys: new Map() };
}

export function eventFields(partial: Partial<EventFields> = {}): EventFields {
  return { ...emptyEvent(), subject: 'Review', start: '2026-12-01T09:00:00Z', end: '2026-12-01T10:00:00Z', ...partial };
}

export function line(n: number, employee: string, extra: Partial<LnAttendeeSnapshot> = {}): LnAttendeeSnapshot {
  return {
    line: n, type: 'Employee', employee, contact: '', fullName: employee, email: '', attendance: 'Required', status: 'None',
    invite: true, sentToSynchronizer: false, synchronized: false, etag: `L${n}`, ...extra,
  };
}

export function activity(extra: Partial<LnActivitySnapshot> = {}): LnActivitySnapshot {
  return {
    key: 'A1', etag: 'a1', type: 'Appointment', status: 'Planned', organizer: 'E1', createdByLn: true, synchronize: true,
    externalReference: '', modifiedAt: '2026-11-21T10:00:00Z', fields: eventFields(),
    attendees: [line(1, 'E1', { attendance: 'MeetingOrganizer' }), line(2, 'E2')], ...extra,
  };
}

export function event(extra: Partial<ExchangeEventSnapshot> = {}): ExchangeEventSnapshot {
  return {
    id: 'X1', changeKey: 'c', modifiedAt: '2026-11-21T10:00:00Z', iCalUId: 'ICAL-1', kind: 'singleInstance', isOrganizer: true,
    organizerEmail: ADELE, isCancelled: false, response: 'none', fields: eventFields(), attendees: [], ...extra,
  };
}

export function eventLink(fields: EventFields = eventFields(), extra: Partial<LinkRecord> = {}): LinkRecord {
  return {
    user: ADELE, kind: 'event', lnKey: 'A1', exchangeId: 'X1', state: 'linked', lnHash: contentHash(fields), exHash: contentHash(fields),
    lnValues: fields, exValues: fields, lastAction: 'linked', reason: 'test', updatedAt: '2026-11-20T10:00:00Z', etag: 'e', ...extra,
  };
}
