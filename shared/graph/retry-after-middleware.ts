// Graph SDK middleware that retries 429/503/504 answers after Graph's Retry-After (bounded attempts and delay).
// The last answer is handed back unchanged when retries run out, so the caller reports Graph's own error.
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { requireNext } from './require-next';
import { retryAfterSeconds } from './retry-after-seconds';
import { RETRYABLE_STATUSES, retryDelayMs } from './retry-delay';

export class RetryAfterMiddleware implements Middleware {
  private next?: Middleware;

  constructor(
    private readonly maxRetries: number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    const next = requireNext(this.next);
    for (let attempt = 0; ; attempt++) {
      await next.execute(context);
      const response = context.response;
      if (!response || !RETRYABLE_STATUSES.has(response.status) || attempt >= this.maxRetries) return;
      const delay = retryDelayMs(attempt, retryAfterSeconds(response.headers.get('Retry-After')));
      await response.arrayBuffer().catch(() => undefined); // free the connection before waiting
      await this.sleep(delay);
    }
  }
}
