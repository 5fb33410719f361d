// Converts between UTC instants and wall-clock times (`YYYY-MM-DDTHH:mm:ss`) in an IANA time zone, with Intl.
// A wall-clock time that a DST change repeats means its first instant; one it skips is read with the earlier offset.

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock time at `instant` in `zone`, `YYYY-MM-DDTHH:mm:ss`. */
export function wallClockOf(instant: Date, zone: string): string {
  const parts = new Map(formatterOf(zone).formatToParts(instant).map((p) => [p.type, p.value]));
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.get(type) ?? '00';
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}:${part('second')}`;
}

/** The instant at which clocks in `zone` show `wallClock` (`YYYY-MM-DDTHH:mm[:ss]`). */
export function instantOfWallClock(wallClock: string, zone: string): Date {
  const normalized = wallClock.length === 16 ? `${wallClock}:00` : wallClock;
  const asUtc = Date.parse(`${normalized}Z`);
  if (Number.isNaN(asUtc)) throw new Error(`not a wall-clock time: ${wallClock}`);
  // The offsets in force well before and well after: a DST change lies between them, if any.
  const before = asUtc - offsetMs(asUtc - DAY_MS, zone);
  const after = asUtc - offsetMs(asUtc + DAY_MS, zone);
  const valid = [before, after].filter((t) => wallClockOf(new Date(t), zone) === normalized).sort((a, b) => a - b);
  // Repeated hour: the first one. Skipped hour: read with the offset before the change (lands after the gap).
  return new Date(valid[0] ?? before);
}

/** Offset of `zone` from UTC at `epochMs`, in milliseconds (positive east of Greenwich). */
function offsetMs(epochMs: number, zone: string): number {
  const wall = Date.parse(`${wallClockOf(new Date(epochMs), zone)}Z`);
  return wall - Math.floor(epochMs / 1000) * 1000;
}

function formatterOf(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    const options: Intl.DateTimeFormatOptions = { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' };
    formatter = new Intl.DateTimeFormat('en-US', options);
    formatters.set(zone, formatter);
  }
  return formatter;
}
