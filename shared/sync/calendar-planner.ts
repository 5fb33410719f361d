// Decision table for calendar items: (link × the user's role × LN observation × Exchange observation) → one action.
// Pure: every branch names the behaviour rule it implements and why, in one line.
import { EVENT_FIELDS, sameEmail, type AttendeeResponse, type EventField, type EventFields } from '../domain/calendar-event';
import { contentHash } from '../domain/content-hash';
import type { CalendarAction, InviteeList, LineFlagPatch } from './calendar-action';
import type { CalendarPair } from './calendar-pair';
import { attendeeEmail, invitedLines, isSyncUser, lineOf, organizerEmail, type CalendarDirectory, type CalendarRole } from './calendar-roles';
import type { ConflictPolicyName } from './conflict-policy';
import { mergeFields } from './field-merge';
import { isOccurrence, occurrenceFields } from './occurrence-match';
import type { ExchangeEventSnapshot } from './ports/exchange-event-port';
import type { LnActivitySnapshot, LnAttendanceStatus, NewLnAttendee } from './ports/ln-activity-port';
import type { LinkRecord } from './ports/link-store-port';

export interface CalendarPlanContext {
  user: string;
  dir: CalendarDirectory;
  policy: ConflictPolicyName;
  /** LN contact codes by lower-cased email, for typing attendees of meetings from Exchange (B-A5). */
  contactKeys: Map<string, string>;
}

const ALL_FIELDS = new Set<EventField>(EVENT_FIELDS);

export function planCalendar(pair: CalendarPair, ctx: CalendarPlanContext): CalendarAction {
  const { link, ln, ex } = pair;
  if (ln.kind === 'ended' || ex.kind === 'ended') {
    return link ? { type: 'drop-link', link, reason: 'B-A1/B-A10: ended, left alone on both sides' } : { type: 'noop', reason: 'B-A1: ended' };
  }
  return link ? planLinked(pair, link, ctx) : planUnlinked(pair, ctx);
}

function planUnlinked(pair: CalendarPair, ctx: CalendarPlanContext): CalendarAction {
  const { ln, ex, role } = pair;
  if (ln.kind === 'active') {
    const exSnap = ex.kind === 'present' ? ex.snap : undefined;
    if (role === 'none') return { type: 'noop', lnKey: ln.snap.key, reason: 'B-A2: this user is neither organizer nor invited' };
    if (exSnap) return syncEvent(undefined, ln.snap, exSnap, role, ctx, 'linked', linkReason(role));
    if (role === 'invitee') return { type: 'wait', lnKey: ln.snap.key, reason: 'B-A2: the invitation has not reached this calendar yet' };
    return createEvent(ln.snap, role, ctx);
  }
  if (ex.kind !== 'present') return { type: 'noop', reason: 'nothing to synchronize' };
  if (ln.kind === 'withdrawn' || ln.kind === 'deleted') return removeOurCopy(ex.snap.lnKey ?? '', ex.snap, undefined, 'B-A8: copy of an activity that no longer synchronizes (found after a loss of state)');
  if (ex.snap.lnKey) return { type: 'noop', exchangeId: ex.snap.id, reason: 'stamped copy of an LN activity not in scope' };
  if (ex.snap.isOrganizer) return createActivity(ex.snap, ctx, 'B-A5: new event in this calendar, created in LN');
  if (pair.creator) return createActivity(ex.snap, ctx, 'B-A5/B-A6: meeting from outside; this user is the one sync user who records it in LN');
  return { type: 'wait', exchangeId: ex.snap.id, reason: 'B-A6: the organizer’s (or first attendee’s) run records this meeting in LN' };
}

function planLinked(pair: CalendarPair, link: LinkRecord, ctx: CalendarPlanContext): CalendarAction {
  const { ln, ex, role } = pair;
  if (ln.kind === 'deleted' || ln.kind === 'withdrawn' || ln.kind === 'absent') {
    if (ex.kind === 'present') return removeOurCopy(link.lnKey, ex.snap, link, ln.kind === 'withdrawn' ? `B-A8: ${ln.why} in LN` : 'B-A8: deleted in LN');
    return { type: 'drop-link', link, reason: 'B-A8: gone on both sides' };
  }
  if (ln.kind !== 'active') return { type: 'noop', lnKey: link.lnKey, reason: 'B-A7: unchanged on both sides' };
  const activity = ln.snap;
  if (ex.kind === 'cancelled' && !isSyncUser(organizerEmail(activity, ctx.dir), ctx.dir)) return planExchangeDeletion(link, activity, 'invitee', ctx); // no organizer run will
  if (ex.kind === 'meeting-gone' || ex.kind === 'cancelled') return { type: 'drop-link', link, reason: 'B-A9: the organizer cancelled the meeting; the organizer’s run updates LN' };
  if (ex.kind === 'deleted' || ex.kind === 'absent') return planExchangeDeletion(link, activity, role, ctx);
  if (ex.kind !== 'present') return { type: 'noop', lnKey: link.lnKey, reason: 'B-A7: unchanged on both sides' };
  if (role === 'none') return removeOurCopy(link.lnKey, ex.snap, link, 'B-A2: this user is no longer invited');
  return syncEvent(link, activity, ex.snap, role, ctx, 'updated', 'B-A7: edited since the last sync');
}

function planExchangeDeletion(link: LinkRecord, activity: LnActivitySnapshot, role: CalendarRole, ctx: CalendarPlanContext): CalendarAction {
  if (role === 'organizer') {
    if (!activity.createdByLn) return { type: 'delete-activity', lnKey: activity.key, activity, link, reason: 'B-A9: deleted by the organizer, activity came from Exchange' };
    return { type: 'cancel-activity', lnKey: activity.key, activity, link, reason: 'B-A9: deleted by the organizer, LN activity cancelled' };
  }
  if (role === 'none') return { type: 'drop-link', link, reason: 'B-A2: not involved any more' };
  const line = lineOf(ctx.user, activity, ctx.dir);
  const patch = line && (line.synchronized || line.status !== 'Declined') ? { line: line.line, etag: line.etag, patch: { synchronized: false, status: 'Declined' as const } } : undefined;
  return { type: 'decline', lnKey: activity.key, activity, link, ...(patch ? { line: patch } : {}), reason: 'B-A9: deleted by an attendee: declined, the activity stays' };
}

function syncEvent(
  link: LinkRecord | undefined,
  activity: LnActivitySnapshot,
  ex: ExchangeEventSnapshot,
  role: Exclude<CalendarRole, 'none'>,
  ctx: CalendarPlanContext,
  lastAction: 'updated' | 'linked',
  reason: string,
): CalendarAction {
  const lnChanged = link === undefined || contentHash(activity.fields) !== link.lnHash;
  const exChanged = link === undefined || contentHash(ex.fields) !== link.exHash;
  const merged = role === 'invitee' || (!lnChanged && !exChanged)
    ? { toExchange: {}, toLn: {}, conflicts: [] } // B-A7: an attendee's copy follows the organizer's; nothing to merge here
    : link === undefined && isOccurrence(ex)
      ? { toExchange: {}, toLn: differing(ex.fields, activity.fields), conflicts: [] } // B-A13: no LN change is known, so the series is left as it is
      : role === 'direct'
      ? { toExchange: differing(activity.fields, ex.fields), toLn: {}, conflicts: [] } // B-A3/B-A7: a direct copy mirrors LN's meeting
      : mergeFields({
        fields: EVENT_FIELDS,
        lnBase: link?.lnValues,
        exBase: link?.exValues,
        lnNow: activity.fields,
        exNow: ex.fields,
        lnModifiedAt: activity.modifiedAt,
        exModifiedAt: ex.modifiedAt,
        policy: ctx.policy,
        toLnFields: ALL_FIELDS, // the organizer's copy: B-A7 both ways
      });
  const exAttendees = role === 'organizer' ? attendeeChange(activity, ex, ctx) : undefined;
  const flags = flagPatches(activity, ex, role, ctx);
  const action: CalendarAction = {
    type: 'sync-event', lnKey: activity.key, exchangeId: ex.id, activity,
    lnPatch: merged.toLn, exPatch: withWholeTime(merged.toExchange, { ...ex.fields, ...merged.toExchange }),
    // B-A13: a write to an occurrence makes it an exception, so occurrences are never stamped (found by iCalUId instead)
    stampLnKey: ex.lnKey !== activity.key && ex.isOrganizer && !isOccurrence(ex), flags,
    lnValues: { ...activity.fields, ...merged.toLn }, exValues: { ...ex.fields, ...merged.toExchange },
    conflicts: merged.conflicts, lastAction, reason,
  };
  if (link) action.link = link;
  if (isOccurrence(ex)) action.occurrence = occurrenceFields(ex);
  if (exAttendees) action.exAttendees = exAttendees;
  if (role === 'organizer' && activity.externalReference !== ex.iCalUId) action.externalReference = ex.iCalUId; // B-I1: invitees find it by iCalUId
  const writes = Object.keys(action.lnPatch).length + Object.keys(action.exPatch).length + flags.length + (exAttendees ? 1 : 0) + (action.stampLnKey ? 1 : 0) + (action.externalReference ? 1 : 0);
  if (lastAction === 'updated' && writes === 0) action.lastAction = 'recorded';
  return action;
}

function createEvent(activity: LnActivitySnapshot, role: 'organizer' | 'direct', ctx: CalendarPlanContext): CalendarAction {
  const attendees = role === 'organizer' ? inviteeList(activity, ctx) : [];
  const flags = role === 'organizer' ? organizerFlags(activity, ctx) : ownLineSynchronized(activity, ctx);
  const reason = role === 'organizer'
    ? 'B-A2: organizer is a sync user: event created in the organizer’s calendar, Exchange sends the invitations'
    : 'B-A3: organizer is not a sync user: event placed directly in this attendee’s calendar, without invitations';
  return { type: 'create-event', role, lnKey: activity.key, activity, fields: activity.fields, attendees, flags, reason };
}

function createActivity(ex: ExchangeEventSnapshot, ctx: CalendarPlanContext, reason: string): CalendarAction {
  const organizer = ex.isOrganizer ? ctx.user : ex.organizerEmail;
  const organizerEmployee = ctx.dir.employeesByEmail.get(organizer.toLowerCase());
  const lines: NewLnAttendee[] = [newLine(organizer, organizer, 'MeetingOrganizer', 'Accepted', ctx)];
  for (const a of ex.attendees) {
    if (sameEmail(a.email, organizer)) continue;
    lines.push(newLine(a.email, a.name, a.role === 'optional' ? 'Optional' : a.role === 'resource' ? 'Resource' : 'Required', lnStatus(a.response), ctx));
  }
  return {
    type: 'create-activity', exchange: ex, reason,
    activity: { fields: ex.fields, organizer: organizerEmployee?.employee ?? '', externalReference: ex.iCalUId, attendees: lines },
  };
}

/** B-A5: Employee when an employee has the address, Contact when an LN contact has it, else Other. */
function newLine(email: string, name: string, attendance: NewLnAttendee['attendance'], status: LnAttendanceStatus, ctx: CalendarPlanContext): NewLnAttendee {
  const employee = ctx.dir.employeesByEmail.get(email.toLowerCase());
  const contact = ctx.contactKeys.get(email.toLowerCase());
  const base = { fullName: employee?.name ?? name, email, attendance, status, invite: true, sentToSynchronizer: false, synchronized: true };
  if (employee) return { ...base, type: 'Employee', employee: employee.employee };
  if (contact) return { ...base, type: 'Contact', contact };
  return { ...base, type: 'Other' };
}

function removeOurCopy(lnKey: string, ex: ExchangeEventSnapshot, link: LinkRecord | undefined, reason: string): CalendarAction {
  const withLink = link ? { link } : {};
  if (!ex.isOrganizer) return link ? { type: 'drop-link', link, reason: `${reason}; Exchange withdraws the attendee’s copy` } : { type: 'noop', reason };
  if (ex.attendees.length > 0) return { type: 'cancel-event', lnKey, exchangeId: ex.id, ...withLink, reason: `${reason}: meeting cancelled, Exchange sends the cancellations` };
  return { type: 'remove-event', lnKey, exchangeId: ex.id, ...withLink, reason: `${reason}: event removed` };
}

function inviteeList(activity: LnActivitySnapshot, ctx: CalendarPlanContext): InviteeList {
  return invitedLines(activity, ctx.dir).map((a) => ({
    email: attendeeEmail(a, ctx.dir),
    name: a.fullName,
    role: a.attendance === 'Optional' ? 'optional' : a.attendance === 'Resource' ? 'resource' : 'required',
  }));
}

/** LN invite lines missing from the organizer's copy are added; attendees added in Outlook stay (B-A7). */
function attendeeChange(activity: LnActivitySnapshot, ex: ExchangeEventSnapshot, ctx: CalendarPlanContext): InviteeList | undefined {
  if (!activity.createdByLn) return undefined; // a meeting from Exchange keeps the attendees its organizer chose
  const present = new Set(ex.attendees.map((a) => a.email.toLowerCase()));
  const missing = inviteeList(activity, ctx).filter((a) => !present.has(a.email.toLowerCase()));
  if (missing.length === 0) return undefined;
  return [...ex.attendees.map(({ email, name, role }) => ({ email, name, role })), ...missing];
}

/** B-A2 flags and B-A7 responses: every patch is computed from the current state, so repeating it is harmless. */
function flagPatches(activity: LnActivitySnapshot, ex: ExchangeEventSnapshot, role: Exclude<CalendarRole, 'none'>, ctx: CalendarPlanContext): LineFlagPatch[] {
  const patches = new Map<number, LineFlagPatch>();
  const add = (p: LineFlagPatch): void => {
    const prev = patches.get(p.line);
    patches.set(p.line, prev ? { ...prev, patch: { ...prev.patch, ...p.patch } } : p);
  };
  if (role === 'organizer' && activity.createdByLn) organizerFlags(activity, ctx).forEach(add);
  else ownLineSynchronized(activity, ctx).forEach(add);
  const responses = role === 'organizer'
    ? ex.attendees.map((a) => ({ email: a.email, response: a.response }))
    : [{ email: ctx.user, response: ex.response }];
  for (const r of responses) responsePatch(activity, r.email, r.response, ctx).forEach(add);
  return [...patches.values()];
}

function organizerFlags(activity: LnActivitySnapshot, ctx: CalendarPlanContext): LineFlagPatch[] {
  const organizer = organizerEmail(activity, ctx.dir);
  const out: LineFlagPatch[] = [];
  for (const a of activity.attendees) {
    const isOrganizerLine = a.attendance === 'MeetingOrganizer' || sameEmail(attendeeEmail(a, ctx.dir), organizer);
    if (isOrganizerLine && !a.synchronized) out.push({ line: a.line, etag: a.etag, patch: { synchronized: true } });
    else if (!isOrganizerLine && a.invite && !a.sentToSynchronizer) out.push({ line: a.line, etag: a.etag, patch: { sentToSynchronizer: true, synchronized: false } });
  }
  return out;
}

function ownLineSynchronized(activity: LnActivitySnapshot, ctx: CalendarPlanContext): LineFlagPatch[] {
  const line = lineOf(ctx.user, activity, ctx.dir);
  return line && !line.synchronized ? [{ line: line.line, etag: line.etag, patch: { synchronized: true } }] : [];
}

function responsePatch(activity: LnActivitySnapshot, email: string, response: AttendeeResponse, ctx: CalendarPlanContext): LineFlagPatch[] {
  if (response === 'none') return [];
  const line = activity.attendees.find((a) => a.attendance !== 'MeetingOrganizer' && sameEmail(attendeeEmail(a, ctx.dir), email));
  const status = lnStatus(response);
  return line && line.status !== status ? [{ line: line.line, etag: line.etag, patch: { status } }] : [];
}

function lnStatus(response: AttendeeResponse): LnAttendanceStatus {
  return response === 'accepted' ? 'Accepted' : response === 'tentative' ? 'Tentative' : response === 'declined' ? 'Declined' : 'None';
}

function differing(source: EventFields, target: EventFields): Partial<EventFields> {
  const out: Partial<EventFields> = {};
  for (const f of EVENT_FIELDS) if (source[f] !== target[f]) out[f] = source[f];
  return out;
}

/** Start, end and all-day travel together: Exchange validates them as one. */
function withWholeTime(patch: Partial<EventFields>, target: EventFields): Partial<EventFields> {
  if (!('start' in patch || 'end' in patch || 'allDay' in patch)) return patch;
  return { ...patch, start: target.start, end: target.end, allDay: target.allDay };
}

function linkReason(role: Exclude<CalendarRole, 'none'>): string {
  if (role === 'invitee') return 'B-A2/B-A6: the delivered meeting is linked to its LN activity';
  return 'B-I1/B-I2: this calendar already holds the event (our stamp or iCalUId), linked instead of duplicated';
}
