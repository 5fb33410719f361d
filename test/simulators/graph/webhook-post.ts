// One POST from the simulated Graph service to a subscriber's endpoint (validation handshake, change or lifecycle notification).
// Plain node:http(s) without keep-alive, with a hard timeout; a network failure or timeout answers status 0.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface WebhookAnswer {
  /** 0 when the endpoint could not be reached or did not answer in time. */
  status: number;
  /** Lower-case, without parameters (`text/plain`), or '' when absent. */
  contentType: string;
  text: string;
}

const UNREACHABLE: WebhookAnswer = { status: 0, contentType: '', text: '' };

export function postToWebhook(url: string, body: string, contentType: string, timeoutMs: number): Promise<WebhookAnswer> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.resolve(UNREACHABLE);
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return Promise.resolve(UNREACHABLE);
  return new Promise((resolve) => {
    let settled = false;
    const finish = (answer: WebhookAnswer): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(answer);
    };
    const failed = (): void => finish(UNREACHABLE);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(target, {
      method: 'POST', agent: false,
      headers: { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), 'User-Agent': 'Microsoft-Graph-ChangeNotifications/1.0 (simulator)' },
    }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => finish({
        status: res.statusCode ?? 0,
        contentType: String(res.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '',
        text: Buffer.concat(chunks).toString('utf8'),
      }));
      res.on('error', failed);
    });
    // Declared after the request: its callbacks run on later ticks, never before this line.
    const timer = setTimeout(() => {
      req.destroy();
      failed();
    }, timeoutMs);
    req.on('error', failed);
    req.end(body);
  });
}
