// The `Preference-Applied` response header Graph sends back for honoured Prefer values.
// The id type, the page size, the Outlook time zone and body content type are reported; others are ignored like the service does.
import type { Preferences } from './odata-query';

export function preferenceApplied(prefs: Preferences): Record<string, string> {
  const applied: string[] = [];
  if (prefs.immutableIds) applied.push('IdType="ImmutableId"');
  if (prefs.maxPageSize !== undefined) applied.push(`odata.maxpagesize=${prefs.maxPageSize}`);
  if (prefs.timeZone !== undefined) applied.push(`outlook.timezone="${prefs.timeZone}"`);
  if (prefs.bodyContentType !== undefined) applied.push(`outlook.body-content-type="${prefs.bodyContentType}"`);
  return applied.length > 0 ? { 'Preference-Applied': applied.join(', ') } : {};
}
