// Pairs the occurrences a series change made vanish with the ones it made appear, so their activities stay (B-A13).
// Pure. An occurrence is named by its series master and the local date of its original start in the series' zone.
import type { ExchangeEventSnapshot } from './ports/exchange-event-port';
import type { LinkRecord } from './ports/link-store-port';

const DAY_MS = 86_400_000;
/** A changed pattern moves an occurrence by less than a week (Monday → Tuesday, 23:30 → 00:30). */
const MAX_SHIFT_DAYS = 6;

/** Occurrences and exceptions of a series carry these; single instances do not. */
export function isOccurrence(snap: Pick<ExchangeEventSnapshot, 'seriesMasterId'>): boolean {
  return snap.seriesMasterId !== undefined && snap.seriesMasterId !== '';
}

/** The link fields that name an occurrence, for `LinkRecord` (empty for single instances). */
export function occurrenceFields(snap: Pick<ExchangeEventSnapshot, 'seriesMasterId' | 'occurrenceDate'>): Pick<LinkRecord, 'seriesMasterId' | 'occurrenceDate'> {
  if (!snap.seriesMasterId || !snap.occurrenceDate) return {};
  return { seriesMasterId: snap.seriesMasterId, occurrenceDate: snap.occurrenceDate };
}

/**
 * For each vanished linked occurrence, the new occurrence of the same series that replaces it: first the one with the
 * same date (a new time of day, across daylight saving or not); then, for a series none of whose linked occurrences
 * survived (a new pattern regenerates them all), in date order, the nearest one less than a week away. What stays
 * unmatched is a deletion or a new occurrence. `keptSeries`: series with a linked occurrence that did not vanish.
 */
export function matchOccurrences(vanished: readonly LinkRecord[], appeared: readonly ExchangeEventSnapshot[], keptSeries: ReadonlySet<string> = new Set()): Map<string, ExchangeEventSnapshot> {
  const matched = new Map<string, ExchangeEventSnapshot>();
  const taken = new Set<string>();
  const candidates = appeared.filter((s) => s.seriesMasterId && s.occurrenceDate);
  const links = [...vanished].filter((l) => l.seriesMasterId && l.occurrenceDate).sort(byDate);
  for (const link of links) {
    const same = candidates.find((s) => !taken.has(s.id) && s.seriesMasterId === link.seriesMasterId && s.occurrenceDate === link.occurrenceDate);
    if (same) take(link, same);
  }
  for (const link of links) {
    if (matched.has(link.lnKey) || keptSeries.has(link.seriesMasterId ?? '')) continue; // one occurrence deleted, not a new pattern
    const near = candidates
      .filter((s) => !taken.has(s.id) && s.seriesMasterId === link.seriesMasterId && daysApart(s.occurrenceDate, link.occurrenceDate) <= MAX_SHIFT_DAYS)
      .sort((a, b) => (a.occurrenceDate ?? '').localeCompare(b.occurrenceDate ?? ''))[0];
    if (near) take(link, near);
  }
  return matched;

  function take(link: LinkRecord, snap: ExchangeEventSnapshot): void {
    matched.set(link.lnKey, snap);
    taken.add(snap.id);
  }
}

function byDate(a: LinkRecord, b: LinkRecord): number {
  return (a.occurrenceDate ?? '').localeCompare(b.occurrenceDate ?? '') || a.lnKey.localeCompare(b.lnKey);
}

function daysApart(a: string | undefined, b: string | undefined): number {
  return Math.abs(Date.parse(`${a ?? ''}T00:00:00Z`) - Date.parse(`${b ?? ''}T00:00:00Z`)) / DAY_MS;
}
