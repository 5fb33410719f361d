// Graph SDK middleware that keeps at most N requests in flight per mailbox (Exchange allows 4), batch parts included:
// a $batch holds as many permits of a mailbox as it has parts addressing it (capped at N), so one client never exceeds N.
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { KeyedSemaphore } from './keyed-semaphore';
import { partsPerMailbox } from './mailboxes-of-request';
import { requireNext } from './require-next';

export class MailboxConcurrencyMiddleware implements Middleware {
  private next?: Middleware;
  private readonly semaphore: KeyedSemaphore;

  constructor(maxConcurrentPerMailbox: number) {
    this.semaphore = new KeyedSemaphore(maxConcurrentPerMailbox);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    const url = urlOf(context.request as unknown);
    const release = await this.semaphore.acquireWeighted(partsPerMailbox(url, context.options?.body));
    try {
      await requireNext(this.next).execute(context);
    } finally {
      release();
    }
  }
}

/** The SDK passes the URL as a string; a Request object is read defensively (RequestInfo is a DOM type). */
function urlOf(request: unknown): string {
  if (typeof request === 'string') return request;
  const url = (request as { url?: unknown } | null)?.url;
  return typeof url === 'string' ? url : '';
}
