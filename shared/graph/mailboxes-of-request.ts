// Finds which mailboxes a Graph request touches: the `/users/{x}/` segment of its URL,
// or, for a JSON $batch, of each sub-request's URL (and how many parts address each). Names are decoded and lower-cased.

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
  return [...partsPerMailbox(url, body).keys()].sort();
}

/**
 * How many requests the call may run at once against each mailbox: 1 for a plain request; for a $batch,
 * the number of its parts addressing the mailbox (Graph runs them side by side), or 1 when the parts form
 * one dependsOn chain (Graph then runs them one after another).
 */
export function partsPerMailbox(url: string, body: unknown): Map<string, number> {
  const path = url.split('?')[0] ?? url;
  const counts = new Map<string, number>();
  if (!/\/\$batch$/i.test(path)) {
    const mailbox = mailboxOfUrl(url);
    if (mailbox !== undefined) counts.set(mailbox, 1);
    return counts;
  }
  const parts = batchParts(body);
  const serial = parts.length > 1 && parts.slice(1).every((p) => p.chained);
  for (const part of parts) {
    const mailbox = mailboxOfUrl(part.url);
    if (mailbox !== undefined) counts.set(mailbox, serial ? 1 : (counts.get(mailbox) ?? 0) + 1);
  }
  return counts;
}

function batchParts(body: unknown): Array<{ url: string; chained: boolean }> {
  if (typeof body !== 'string') return [];
  try {
    const parsed: unknown = JSON.parse(body);
    const requests = (parsed as { requests?: unknown }).requests;
    if (!Array.isArray(requests)) return [];
    return requests.flatMap((r) => {
      const { url, dependsOn } = r as { url?: unknown; dependsOn?: unknown };
      return typeof url === 'string' ? [{ url, chained: Array.isArray(dependsOn) && dependsOn.length > 0 }] : [];
    });
  } catch {
    return [];
  }
}
