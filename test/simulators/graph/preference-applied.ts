// The `Preference-Applied` response header Graph sends back for honoured Prefer values.
// Only the id type and the page size are reported; other preferences are ignored like the service does.
import type { Preferences } from './odata-query';

export function preferenceApplied(prefs: Preferences): Record<string, string> {
  const applied: string[] = [];
  if (prefs.immutableIds) applied.push('IdType="ImmutableId"');
  if (prefs.maxPageSize !== undefined) applied.push(`odata.maxpagesize=${prefs.maxPageSize}`);
  return applied.length > 0 ? { 'Preference-Applied': applied.join(', ') } : {};
}
