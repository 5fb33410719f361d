// Adds `IdType="ImmutableId"` to a Prefer header value, keeping any other preferences.
// Immutable ids survive moves between folders, so links stay valid when a user files a contact.

export const IMMUTABLE_ID_PREFERENCE = 'IdType="ImmutableId"';

export function withImmutableIdPreference(prefer: string | undefined): string {
  const parts = (prefer ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '' && !/^IdType\s*=/i.test(p));
  return [IMMUTABLE_ID_PREFERENCE, ...parts].join(', ');
}
