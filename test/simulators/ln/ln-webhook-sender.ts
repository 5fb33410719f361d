// The LN simulator's push notifications: calls a webhook, as LN does, for changes to contacts and activities.
// Asynchronous, batched within ~50 ms, signed with the current Unix time (ln-api.md), retried on transient failure.
import { signLnWebhook } from '../../../shared/push/ln-webhook-verifier';
import type { LnNotification } from '../../../shared/push/ln-notification.schema';

export interface LnWebhookTarget {
  url: string;
  secret: string;
}

export interface LnWebhookDelivery {
  body: string;
  /** HTTP status, or 0 when the request failed without an answer. */
  status: number;
  /** Epoch milliseconds when the answer (or failure) came. */
  at: number;
}

export interface LnWebhookSenderOptions {
  batchWindowMs?: number;
  /** Delays before each retry; its length is the number of retries. */
  retryDelaysMs?: readonly number[];
  requestTimeoutMs?: number;
}

const MAX_BATCH = 100;

export class LnWebhookSender {
  readonly deliveries: LnWebhookDelivery[] = [];
  private target: LnWebhookTarget | undefined;
  private pending: LnNotification[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly aborter = new AbortController();
  private readonly batchWindowMs: number;
  private readonly retryDelaysMs: readonly number[];
  private readonly requestTimeoutMs: number;

  constructor(options: LnWebhookSenderOptions = {}) {
    this.batchWindowMs = options.batchWindowMs ?? 50;
    this.retryDelaysMs = options.retryDelaysMs ?? [100, 300];
    this.requestTimeoutMs = options.requestTimeoutMs ?? 5000;
  }

  /** Sets or clears the webhook; clearing drops notifications not yet sent. */
  setTarget(target: LnWebhookTarget | undefined): void {
    this.target = target === undefined ? undefined : { ...target };
    if (!target) {
      this.pending = [];
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  /** Queues a notification (no-op without a webhook); the batch goes out one window after its first change. */
  notify(n: LnNotification): void {
    if (!this.target || this.aborter.signal.aborted) return;
    const same = this.pending.findIndex((p) => p.entity === n.entity && p.id === n.id && p.changeType === n.changeType);
    if (same >= 0) this.pending.splice(same, 1);
    this.pending.push(n);
    this.timer ??= setTimeout(() => this.flush(), this.batchWindowMs);
  }

  /** Resolves once nothing is queued or being delivered. */
  async idle(): Promise<void> {
    while (this.timer !== undefined || this.inFlight.size > 0) {
      if (this.timer !== undefined) await new Promise((r) => setTimeout(r, this.batchWindowMs));
      else await Promise.all([...this.inFlight]);
    }
  }

  /** Drops what is queued and aborts deliveries in flight. */
  async close(): Promise<void> {
    this.setTarget(undefined);
    this.aborter.abort();
    await Promise.all([...this.inFlight]);
  }

  private flush(): void {
    this.timer = undefined;
    const target = this.target;
    const batch = this.pending;
    this.pending = [];
    if (!target) return;
    for (let i = 0; i < batch.length; i += MAX_BATCH) {
      const chunk = batch.slice(i, i + MAX_BATCH);
      const body = JSON.stringify(chunk.length === 1 ? chunk[0] : { value: chunk });
      const p = this.deliver(target, body).finally(() => this.inFlight.delete(p));
      this.inFlight.add(p);
    }
  }

  private async deliver(target: LnWebhookTarget, body: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const status = await this.post(target, body);
      this.deliveries.push({ body, status, at: Date.now() });
      const retryable = status === 0 || status === 408 || status === 429 || status >= 500;
      const delay = this.retryDelaysMs[attempt];
      if (!retryable || delay === undefined || this.aborter.signal.aborted) return;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, delay);
        this.aborter.signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
      });
      if (this.aborter.signal.aborted) return;
    }
  }

  private async post(target: LnWebhookTarget, body: string): Promise<number> {
    const timestamp = Math.floor(Date.now() / 1000);
    try {
      const res = await fetch(target.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-LN-Timestamp': String(timestamp), 'X-LN-Signature': signLnWebhook(target.secret, timestamp, body) },
        body,
        signal: AbortSignal.any([this.aborter.signal, AbortSignal.timeout(this.requestTimeoutMs)]),
      });
      await res.arrayBuffer().catch(() => undefined);
      return res.status;
    } catch {
      return 0;
    }
  }
}
