// Expands a series master into its occurrences, in the series' own time zone (daily and weekly patterns).
// The local start time stays fixed across daylight-saving changes; the UTC instant moves with the zone's offset.
import type { RecurrenceInput } from './event-input';
import { GraphSimError } from './graph-sim-response';
import type { StoredEvent } from './stored-event';
import { instantToZoned, requireTimeZone, zonedToInstant } from './time-zones';

export interface Occurrence {
  /** The local date of the occurrence in the series' zone (YYYY-MM-DD). */
  date: string;
  originalStart: number;
  start: number;
  end: number;
}

const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MAX_OCCURRENCES = 5000;

/** Occurrences starting before `untilMs` (all of them when the range ends by itself). */
export function expandSeries(master: StoredEvent, untilMs: number): Occurrence[] {
  const recurrence = master.recurrence;
  if (!recurrence) return [];
  const zone = master.isAllDay ? master.start.zone : requireTimeZone(recurrence.range.recurrenceTimeZone ?? master.start.timeZone);
  const masterStart = zonedToInstant(master.start.local, master.start.zone);
  const masterEnd = zonedToInstant(master.end.local, master.end.zone);
  const time = master.isAllDay ? '00:00:00' : instantToZoned(masterStart, zone).slice(11, 19);
  const allDayLength = daysBetween(master.start.local.slice(0, 10), master.end.local.slice(0, 10));
  const out: Occurrence[] = [];
  for (const date of occurrenceDates(recurrence)) {
    const start = zonedToInstant(`${date}T${time}`, zone);
    if (start >= untilMs || out.length >= MAX_OCCURRENCES) break;
    const end = master.isAllDay ? zonedToInstant(`${addDays(date, allDayLength)}T00:00:00`, zone) : start + (masterEnd - masterStart);
    out.push({ date, originalStart: start, start, end });
  }
  return out;
}

/** Rejects patterns the simulator does not expand (Graph itself accepts them). */
export function checkRecurrence(recurrence: RecurrenceInput): void {
  const { pattern, range } = recurrence;
  if (pattern.type !== 'daily' && pattern.type !== 'weekly') throw invalid(`The graph simulator expands daily and weekly patterns only, not '${pattern.type}'.`);
  if (pattern.type === 'weekly' && (pattern.daysOfWeek ?? []).length === 0) throw invalid('The recurrence pattern must specify at least one day of the week.');
  if (range.type === 'endDate' && (!range.endDate || range.endDate < range.startDate)) throw invalid('The recurrence range end date must be on or after its start date.');
  if (range.type === 'numbered' && !(range.numberOfOccurrences && range.numberOfOccurrences > 0)) throw invalid('The number of occurrences of a numbered recurrence range must be positive.');
  if (range.recurrenceTimeZone) requireTimeZone(range.recurrenceTimeZone);
}

function* occurrenceDates(recurrence: RecurrenceInput): Generator<string> {
  const { range } = recurrence;
  let count = 0;
  const limit = range.type === 'numbered' ? range.numberOfOccurrences ?? 0 : Number.POSITIVE_INFINITY;
  const endDate = range.type === 'endDate' ? range.endDate ?? range.startDate : undefined;
  for (const date of patternDates(recurrence)) {
    if (count >= limit || (endDate !== undefined && date > endDate)) return;
    count++;
    yield date;
  }
}

function* patternDates({ pattern, range }: RecurrenceInput): Generator<string> {
  if (pattern.type === 'daily') {
    for (let i = 0; i < MAX_OCCURRENCES * 10; i++) yield addDays(range.startDate, i * pattern.interval);
    return;
  }
  const first = DAYS.indexOf(pattern.firstDayOfWeek ?? 'sunday');
  const wanted = new Set((pattern.daysOfWeek ?? []).map((d) => DAYS.indexOf(d)));
  const weekStart = addDays(range.startDate, -((dayOfWeek(range.startDate) - first + 7) % 7));
  for (let week = 0; week < MAX_OCCURRENCES * 10; week++) {
    for (let i = 0; i < 7; i++) {
      const date = addDays(weekStart, week * 7 * pattern.interval + i);
      if (date >= range.startDate && wanted.has(dayOfWeek(date))) yield date;
    }
  }
}

export function addDays(date: string, days: number): string {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function dayOfWeek(date: string): number {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function invalid(message: string): GraphSimError {
  return new GraphSimError(400, 'ErrorInvalidRequest', message);
}
