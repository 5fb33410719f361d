// A failed answer whose body is not the service's JSON error, in a few plain words (B-L7): an HTML error page or
// a proxy's text is summarized, never copied into status and logs.

const KEPT_TEXT_CHARS = 120;

export function summarizeErrorBody(service: string, status: number, contentType: string | null, text: string): string {
  const body = text.trim();
  if (body === '') return `${service} answered ${status} with an empty body`;
  if (/html/i.test(contentType ?? '') || /^<(!doctype|html|head|body)\b/i.test(body)) return `${service} answered ${status} with an HTML error page`;
  if (/xml/i.test(contentType ?? '') || body.startsWith('<')) return `${service} answered ${status} with an XML error body`;
  const firstLine = (body.split(/\r?\n/)[0] ?? '').replace(/[^\x20-\x7E\u00A0-\uFFFF]/g, ' ');
  const shortened = firstLine.length > KEPT_TEXT_CHARS ? `${firstLine.slice(0, KEPT_TEXT_CHARS)}…` : firstLine;
  return `${service} answered ${status} with a text error: ${shortened}`;
}
