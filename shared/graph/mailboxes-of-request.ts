// Finds which mailboxes a Graph request touches: the `/users/{x}/` segment of its URL,
// or, for a JSON $batch, of each sub-request's URL. Names are decoded and lower-cased.

const USER_SEGMENT = /\/users\/([^/?#]+)/i;

export function mailboxOfUrl(url: string): string | undefined {
  const match = USER_SEGMENT.exec(`/${url}`);
  if (!match?.[1]) return undefined;
  const segment = match[1].replace(/^\('(.*)'\)$/, '$1');
  try {
    return decodeURIComponent(segment).toLowerCase();
  } catch {
    return segment.toLowerCase();
  }
}

export function mailboxesOfRequest(url: string, body: unknown): string[] {
  const path = url.split('?')[0] ?? url;
  if (!/\/\$batch$/i.test(path)) {
    const mailbox = mailboxOfUrl(url);
    return mailbox === undefined ? [] : [mailbox];
  }
  const found = new Set<string>();
  for (const subUrl of batchSubUrls(body)) {
    const mailbox = mailboxOfUrl(subUrl);
    if (mailbox !== undefined) found.add(mailbox);
  }
  return [...found].sort();
}

function batchSubUrls(body: unknown): string[] {
  if (typeof body !== 'string') return [];
  try {
    const parsed: unknown = JSON.parse(body);
    const requests = (parsed as { requests?: unknown }).requests;
    if (!Array.isArray(requests)) return [];
    return requests.map((r) => (r as { url?: unknown }).url).filter((u): u is string => typeof u === 'string');
  } catch {
    return [];
  }
}
