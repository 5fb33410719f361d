// Time zones for the simulator's calendar: Windows and IANA names, and wall-clock ↔ instant conversion via Intl.
// Graph writes local date-times as `YYYY-MM-DDTHH:mm:ss.0000000` paired with a zone name, never with an offset.
import { GraphSimError } from './graph-sim-response';

/** The Windows zone names Exchange uses most, mapped to the IANA zone with the same rules. */
const WINDOWS_ZONES: Record<string, string> = {
  'utc': 'UTC',
  'coordinated universal time': 'UTC',
  'gmt standard time': 'Europe/London',
  'greenwich standard time': 'Atlantic/Reykjavik',
  'w. europe standard time': 'Europe/Berlin',
  'romance standard time': 'Europe/Paris',
  'central europe standard time': 'Europe/Budapest',
  'central european standard time': 'Europe/Warsaw',
  'e. europe standard time': 'Europe/Chisinau',
  'fle standard time': 'Europe/Kiev',
  'gtb standard time': 'Europe/Bucharest',
  'turkey standard time': 'Europe/Istanbul',
  'russian standard time': 'Europe/Moscow',
  'israel standard time': 'Asia/Jerusalem',
  'south africa standard time': 'Africa/Johannesburg',
  'arabian standard time': 'Asia/Dubai',
  'india standard time': 'Asia/Kolkata',
  'se asia standard time': 'Asia/Bangkok',
  'singapore standard time': 'Asia/Singapore',
  'china standard time': 'Asia/Shanghai',
  'tokyo standard time': 'Asia/Tokyo',
  'korea standard time': 'Asia/Seoul',
  'aus eastern standard time': 'Australia/Sydney',
  'new zealand standard time': 'Pacific/Auckland',
  'eastern standard time': 'America/New_York',
  'central standard time': 'America/Chicago',
  'mountain standard time': 'America/Denver',
  'us mountain standard time': 'America/Phoenix',
  'pacific standard time': 'America/Los_Angeles',
  'alaskan standard time': 'America/Anchorage',
  'hawaiian standard time': 'Pacific/Honolulu',
  'atlantic standard time': 'America/Halifax',
  'e. south america standard time': 'America/Sao_Paulo',
};

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The IANA zone for a Windows or IANA name, or undefined when neither Exchange nor Intl knows it. */
export function resolveTimeZone(name: string): string | undefined {
  const windows = WINDOWS_ZONES[name.trim().toLowerCase()];
  if (windows) return windows;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name.trim() }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** Like resolveTimeZone, but answers 400 as Exchange does for a zone it does not support. */
export function requireTimeZone(name: string): string {
  const zone = resolveTimeZone(name);
  if (!zone) throw new GraphSimError(400, 'TimeZoneNotSupportedException', `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${name}'.`);
  return zone;
}

const LOCAL = /^(\d{4})-(\d\d)-(\d\d)(?:T(\d\d):(\d\d)(?::(\d\d)(?:\.\d{1,7})?)?)?$/;

/** `2024-10-21T09:00:00.0000000` → `2024-10-21T09:00:00`; undefined when it is not a local date-time. */
export function normalizeLocal(dateTime: string): string | undefined {
  const m = LOCAL.exec(dateTime.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00'] = m;
  const check = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
  if (Number.isNaN(check.getTime()) || check.getUTCDate() !== Number(d) || Number(h) > 23) return undefined;
  return `${y}-${mo}-${d}T${h}:${mi}:${s}`;
}

/** The instant (ms) at which the wall clock in `zone` shows `local` (the later reading in a gap, the earlier in an overlap). */
export function zonedToInstant(local: string, zone: string): number {
  const wall = wallMs(local);
  let guess = wall - offsetMs(zone, wall);
  guess = wall - offsetMs(zone, guess);
  return guess;
}

/** The wall clock in `zone` at `instant`, as Graph writes it: `YYYY-MM-DDTHH:mm:ss.0000000`. */
export function instantToZoned(instant: number, zone: string): string {
  return `${new Date(instant + offsetMs(zone, instant)).toISOString().slice(0, 19)}.0000000`;
}

/** `YYYY-MM-DDTHH:mm:ssZ`, the form of originalStart. */
export function utcStamp(instant: number): string {
  return `${new Date(instant).toISOString().slice(0, 19)}Z`;
}

/** Parses a calendarView window bound: an offset or Z is honoured, a bare local value is UTC. */
export function parseWindowBound(raw: string): number | undefined {
  const trimmed = raw.trim();
  if (/[zZ]$|[+-]\d\d:\d\d$/.test(trimmed)) {
    const ms = Date.parse(trimmed);
    return Number.isNaN(ms) ? undefined : ms;
  }
  const local = normalizeLocal(trimmed);
  return local === undefined ? undefined : wallMs(local);
}

function wallMs(local: string): number {
  const [date = '', time = '00:00:00'] = local.split('T');
  const [y = 0, mo = 1, d = 1] = date.split('-').map(Number);
  const [h = 0, mi = 0, s = 0] = time.split(':').map(Number);
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/** How far the zone's wall clock is ahead of UTC at the instant. */
function offsetMs(zone: string, instant: number): number {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(zone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(Number(parts['year']), Number(parts['month']) - 1, Number(parts['day']), Number(parts['hour']), Number(parts['minute']), Number(parts['second']));
  return asUtc - Math.floor(instant / 1000) * 1000;
}
