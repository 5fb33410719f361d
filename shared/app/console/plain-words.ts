// Plain words for the console (B-U6): relative and absolute times, pull intervals as "every 15 minutes", and rule
// ids split off reasons so the main text reads as a sentence while the id stays available for a tooltip.
import type { SettingsSnapshot } from '../ports/control-store-port';

type Interval = SettingsSnapshot['contactPullInterval'];

const UNITS: Array<[number, string]> = [
  [86_400_000, 'day'],
  [3_600_000, 'hour'],
  [60_000, 'minute'],
  [1000, 'second'],
];

/** "3 minutes ago", "in 2 hours", "just now". */
export function relativeTime(iso: string, now: Date): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const diff = now.getTime() - ms;
  const abs = Math.abs(diff);
  if (abs < 10_000) return 'just now';
  const [size, unit] = UNITS.find(([s]) => abs >= s) ?? UNITS[UNITS.length - 1]!;
  const n = Math.floor(abs / size);
  const phrase = `${n} ${unit}${n === 1 ? '' : 's'}`;
  return diff >= 0 ? `${phrase} ago` : `in ${phrase}`;
}

/** "2 May 2024, 10:00 UTC": the absolute time, readable, in UTC (the service's zone in every run report). */
export function absoluteTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const day = date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const time = date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
  return `${day}, ${time} UTC`;
}

/** "every minute", "every 15 minutes", "every 2 hours", "every day". */
export function everyInterval(interval: Interval): string {
  const unit = interval.unit.toLowerCase().replace(/s$/, '');
  return interval.number === 1 ? `every ${unit}` : `every ${interval.number} ${unit}s`;
}

export interface ReasonText {
  /** The sentence without its rule id. */
  text: string;
  /** e.g. "B-I3", when the reason started with one. */
  rule?: string;
}

const RULE_PREFIX = /^\s*(B-[A-Z]+\d+)\s*:\s*/;

/** "B-I3: run would delete 14 of 40" ⇒ { text: "Run would delete 14 of 40", rule: "B-I3" }. */
export function splitRule(reason: string): ReasonText {
  const match = RULE_PREFIX.exec(reason);
  if (!match) return { text: reason };
  const rest = reason.slice(match[0].length);
  return { text: rest.charAt(0).toUpperCase() + rest.slice(1), rule: match[1]! };
}

/** A message with every "(B-XX)" or "B-XX:" rule mention taken out, for the main text. */
export function withoutRuleIds(message: string): string {
  return splitRule(message).text.replace(/\s*\(B-[A-Z]+\d+\)/g, '');
}

const ERROR_CHARS = 300;

/**
 * An error message fit for the page: no stack trace, no HTML page copied from a response body, no rule ids, at
 * most a few lines. The adapters already name the system ("LN answered 500 …", "Graph …"); a bare message gets
 * the system it came from in front when the caller knows it.
 */
export function plainError(message: string, system?: string): string {
  let text = message.split('\n').filter((line) => !/^\s+at\s/.test(line)).join(' ').replace(/\s+/g, ' ').trim();
  const html = /<(!doctype|html|body|head)\b/i.exec(text);
  if (html) text = `${text.slice(0, html.index).trim()} (answered with an HTML error page)`.trim();
  text = withoutRuleIds(text);
  if (system !== undefined && !new RegExp(`\\b${system}\\b`, 'i').test(text)) text = `${system}: ${text}`;
  return text.length > ERROR_CHARS ? `${text.slice(0, ERROR_CHARS - 1)}…` : text;
}
