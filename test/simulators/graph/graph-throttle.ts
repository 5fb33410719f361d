// Per-mailbox concurrency limit of the simulator, as Exchange Online's MailboxConcurrency (4 by default).
// A request over the limit is answered 429 ApplicationThrottled with Retry-After instead of running.

export class MailboxConcurrency {
  private readonly inFlight = new Map<string, number>();
  /** Highest number of requests ever seen running at once, per mailbox (for tests). */
  readonly peak = new Map<string, number>();

  constructor(private readonly limit: number) {}

  tryEnter(mailboxId: string): boolean {
    const current = this.inFlight.get(mailboxId) ?? 0;
    if (current >= this.limit) return false;
    this.inFlight.set(mailboxId, current + 1);
    this.peak.set(mailboxId, Math.max(this.peak.get(mailboxId) ?? 0, current + 1));
    return true;
  }

  leave(mailboxId: string): void {
    this.inFlight.set(mailboxId, Math.max(0, (this.inFlight.get(mailboxId) ?? 1) - 1));
  }
}
