// Resolves the time-zone names Exchange puts on events (Windows names such as "W. Europe Standard Time",
// IANA names, "tzone://Microsoft/Utc") to IANA names Intl understands, after CLDR's windowsZones (territory 001).

import { WINDOWS_TO_IANA_MAP } from 'windows-iana';

/** Windows zone id → CLDR's golden IANA zone (territory 001), from the maintained `windows-iana` package. */
export const WINDOWS_TO_IANA: Readonly<Record<string, string>> = Object.fromEntries(
  WINDOWS_TO_IANA_MAP.filter((entry) => entry.territory === '001' && entry.iana[0] !== undefined).map((entry) => [entry.windowsName, entry.iana[0] as string]),
);

const BY_LOWER_CASE = new Map(Object.entries(WINDOWS_TO_IANA).map(([windows, iana]) => [windows.toLowerCase(), iana]));

/** Exchange's own spellings of UTC that are neither Windows ids nor IANA names. */
const UTC_ALIASES = new Set(['tzone://microsoft/utc', 'coordinated universal time', 'gmt', 'z']);

/** The IANA zone a Windows or IANA name stands for; undefined for custom or unknown zones. */
export function ianaTimeZoneOf(name: string | null | undefined): string | undefined {
  const trimmed = (name ?? '').trim();
  if (trimmed === '') return undefined;
  const lower = trimmed.toLowerCase();
  if (UTC_ALIASES.has(lower)) return 'Etc/UTC';
  return BY_LOWER_CASE.get(lower) ?? (isIanaZone(trimmed) ? trimmed : undefined);
}

function isIanaZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
