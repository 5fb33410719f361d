// Converts event bodies between HTML and plain text, as Graph does for `Prefer: outlook.body-content-type`.
// Good enough for what Outlook writes: block ends become line breaks, tags go, entities are decoded.

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

export function htmlToText(content: string, contentType: 'text' | 'html'): string {
  if (contentType === 'text') return content;
  return content
    .replace(/<(head|style|script)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\r\n')
    .replace(/<\/(p|div|li|tr|h[1-6])>/gi, '\r\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#\d+|#x[0-9a-f]+|\w+);/gi, (whole, name: string) => decodeEntity(whole, name))
    .replace(/[ \t]+\r\n/g, '\r\n')
    .replace(/(\r\n){3,}/g, '\r\n\r\n')
    .trim();
}

/** Exchange wraps a text body in a minimal HTML document when HTML is asked for. */
export function textToHtml(content: string): string {
  const escaped = content.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r?\n/g, '<br>\r\n');
  return `<html>\r\n<head>\r\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\r\n</head>\r\n<body>\r\n${escaped}\r\n</body>\r\n</html>\r\n`;
}

function decodeEntity(whole: string, name: string): string {
  const known = ENTITIES[name.toLowerCase()];
  if (known !== undefined) return known;
  if (/^#x/i.test(name)) return String.fromCodePoint(parseInt(name.slice(2), 16));
  if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
  return whole;
}
