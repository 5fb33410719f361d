// Builds relative Graph paths for the SDK client: encoded query strings, and nextLink/deltaLink URLs
// turned back into paths (the SDK only strips https hosts itself, not a simulator's http one).

/** `?k=v&…` with every value percent-encoded; undefined values are left out. */
export function graphQuery(params: Record<string, string | undefined>): string {
  const parts = Object.entries(params)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

/** `https://host/v1.0/users/x/…?$skiptoken=…` → `/users/x/…?$skiptoken=…` (path after the version segment). */
export function graphPathOfLink(link: string): string {
  const url = new URL(link);
  const segments = url.pathname.split('/');
  const versionAt = segments.findIndex((s) => /^(v\d+(\.\d+)?|beta)$/i.test(s));
  if (versionAt < 0) throw new Error(`Graph link has no API version segment: ${url.origin}${url.pathname}`);
  return `/${segments.slice(versionAt + 1).join('/')}${url.search}`;
}

/** One path segment (a user principal name or an id), percent-encoded. */
export function seg(value: string): string {
  return encodeURIComponent(value);
}
