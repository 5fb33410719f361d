// Exchange Online's per-mailbox limits as the simulator applies them to every request and every $batch part:
// MailboxConcurrency (4 at once per app and mailbox) and 10,000 requests per 10 minutes per app and mailbox.
// Modelled on https://learn.microsoft.com/graph/throttling-limits#outlook-service-limits ("4 concurrent requests",
// "10,000 API requests in a 10 minute period", per app ID and mailbox) and json-batching#throttling ("each request
// in a batch is evaluated against the applicable limits"; a throttled part is answered 429 inside the batch).

/** Counts requests running against each mailbox; refuses one over the limit. */
export class MailboxConcurrency {
  private readonly inFlight = new Map<string, number>();
  /** Highest number of requests or batch parts ever seen running at once, per mailbox (for tests). */
  readonly peak = new Map<string, number>();
  /** Requests and parts refused by this limit, per mailbox. */
  readonly refused = new Map<string, number>();

  constructor(private readonly limit: number) {}

  tryEnter(mailboxId: string): boolean {
    const current = this.inFlight.get(mailboxId) ?? 0;
    if (current >= this.limit) {
      this.refused.set(mailboxId, (this.refused.get(mailboxId) ?? 0) + 1);
      return false;
    }
    this.inFlight.set(mailboxId, current + 1);
    this.peak.set(mailboxId, Math.max(this.peak.get(mailboxId) ?? 0, current + 1));
    return true;
  }

  leave(mailboxId: string): void {
    this.inFlight.set(mailboxId, Math.max(0, (this.inFlight.get(mailboxId) ?? 1) - 1));
  }

  resetPeaks(): void {
    this.peak.clear();
    this.refused.clear();
  }
}

/** Sliding window of admitted requests per mailbox; a request over the budget learns when a slot frees up. */
export class MailboxRequestWindow {
  private readonly admitted = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** undefined when admitted; otherwise the seconds to wait (Retry-After). */
  tryAdmit(mailboxId: string): number | undefined {
    const now = this.now();
    const times = this.admitted.get(mailboxId) ?? [];
    let first = 0;
    while (first < times.length && times[first]! <= now - this.windowMs) first++;
    if (first > 0) times.splice(0, first);
    if (times.length >= this.limit) return Math.max(1, Math.ceil((times[0]! + this.windowMs - now) / 1000));
    times.push(now);
    this.admitted.set(mailboxId, times);
    return undefined;
  }
}
