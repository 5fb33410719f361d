// A job queue inside the process (local runs, tests) with the rules of the Azure `sync-jobs` queue: one handler at a
// time per session (sync user, B-P3) in FIFO order, repeated message ids dropped within the window, scheduled delivery.
import type { JobOutcome, JobQueue } from './job-queue-port';
import { messageIdOf, sessionIdOf, type JobEnvelope } from './sync-job.schema';

export interface InProcessJobQueueOptions {
  handler: (envelope: JobEnvelope) => Promise<JobOutcome>;
  /** Sessions (users) handled at the same time; default 8. */
  maxConcurrentSessions?: number;
  /** A message id seen this recently is dropped; default 10 minutes, as in infra. */
  duplicateWindowMs?: number;
  /** Deliveries of a message whose handler throws before it is dead-lettered; default 1 (Azure's queue has 10). */
  maxDeliveryCount?: number;
  now?: () => number;
  onDeadLetter?: (envelope: JobEnvelope, reason: string) => void | Promise<void>;
  /** Where handler failures are reported; default console.error. */
  log?: (message: string) => void;
}

export interface InProcessQueueStats {
  /** Delivered-when-possible messages, not yet running. */
  queued: number;
  /** Messages waiting for their scheduled time. */
  scheduled: number;
  running: number;
  /** Completed with `done` or `retry` (the retry itself is a new scheduled message). */
  processed: number;
  deadLettered: number;
  duplicatesDropped: number;
}

interface Delivery {
  envelope: JobEnvelope;
  /** Deliveries so far. */
  count: number;
}

interface ScheduledMessage {
  envelope: JobEnvelope;
  dueAt: number;
  timer?: NodeJS.Timeout;
}

const TEN_MINUTES = 10 * 60_000;

export class InProcessJobQueue implements JobQueue {
  private readonly pending = new Map<string, Delivery[]>();
  /** Sessions with pending messages and no running handler, in the order they get a slot. */
  private readonly ready: string[] = [];
  private readonly active = new Set<string>();
  private readonly runs = new Set<Promise<void>>();
  private readonly scheduled = new Set<ScheduledMessage>();
  /** Message id → when it was accepted; in acceptance order. */
  private readonly seen = new Map<string, number>();
  private readonly waiters: { resolve: () => void; reject: (err: Error) => void }[] = [];
  private readonly counts = { processed: 0, deadLettered: 0, duplicatesDropped: 0 };
  private started = false;
  private readonly now: () => number;
  private readonly log: (message: string) => void;

  constructor(private readonly options: InProcessJobQueueOptions) {
    this.now = options.now ?? Date.now;
    this.log = options.log ?? ((message) => console.error(message));
    if (!(this.maxSessions >= 1)) throw new Error('maxConcurrentSessions must be at least 1');
  }

  async send(envelopes: JobEnvelope[]): Promise<void> {
    for (const envelope of envelopes) {
      if (this.accept(envelope)) this.enqueue({ envelope: structuredClone(envelope), count: 0 });
    }
    this.pump();
  }

  async schedule(envelope: JobEnvelope, notBefore: Date): Promise<void> {
    if (!this.accept(envelope)) return;
    const message: ScheduledMessage = { envelope: structuredClone(envelope), dueAt: notBefore.getTime() };
    this.scheduled.add(message);
    if (this.started) this.arm(message);
  }

  /** Starts delivering; scheduled messages get their timers. */
  start(): void {
    if (this.started) return;
    this.started = true;
    for (const message of this.scheduled) this.arm(message);
    this.pump();
  }

  /** Stops delivering: drops the timers (scheduled messages stay) and waits for running handlers. */
  async stop(): Promise<void> {
    this.started = false;
    for (const message of this.scheduled) clearTimeout(message.timer);
    await Promise.all([...this.runs]);
    for (const waiter of this.waiters.splice(0)) waiter.reject(new Error('the job queue was stopped before it became idle'));
  }

  /** Resolves when nothing is queued, running, or scheduled and due. Rejects when the queue is not started and has work. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    if (!this.started) return Promise.reject(new Error('the job queue is not started: its jobs are never delivered'));
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  stats(): InProcessQueueStats {
    let queued = 0;
    for (const deliveries of this.pending.values()) queued += deliveries.length;
    return { queued, scheduled: this.scheduled.size, running: this.active.size, ...this.counts };
  }

  private get maxSessions(): number {
    return this.options.maxConcurrentSessions ?? 8;
  }

  /** Duplicate detection: false when the message id was accepted within the window. */
  private accept(envelope: JobEnvelope): boolean {
    const now = this.now();
    const window = this.options.duplicateWindowMs ?? TEN_MINUTES;
    for (const [id, at] of this.seen) {
      if (now - at < window) break;
      this.seen.delete(id);
    }
    const id = messageIdOf(envelope);
    if (this.seen.has(id)) {
      this.counts.duplicatesDropped++;
      return false;
    }
    this.seen.set(id, now);
    return true;
  }

  private enqueue(delivery: Delivery, first = false): void {
    const session = sessionIdOf(delivery.envelope.job);
    const deliveries = this.pending.get(session);
    if (deliveries) {
      if (first) deliveries.unshift(delivery);
      else deliveries.push(delivery);
      return;
    }
    this.pending.set(session, [delivery]);
    if (!this.active.has(session)) this.ready.push(session);
  }

  /** Fills free session slots; a session takes one message at a time, then goes to the back of the line. */
  private pump(): void {
    while (this.started && this.active.size < this.maxSessions) {
      const session = this.ready.shift();
      if (session === undefined) return;
      const deliveries = this.pending.get(session) ?? [];
      const delivery = deliveries.shift();
      if (deliveries.length === 0) this.pending.delete(session);
      if (!delivery) continue;
      this.active.add(session);
      const run: Promise<void> = this.deliver(delivery).finally(() => {
        this.runs.delete(run);
        this.release(session);
      });
      this.runs.add(run);
    }
  }

  private release(session: string): void {
    this.active.delete(session);
    if (this.pending.has(session)) this.ready.push(session);
    this.pump();
    this.settleWaiters();
  }

  /** Runs the handler and settles the message; never rejects. */
  private async deliver(delivery: Delivery): Promise<void> {
    const { envelope } = delivery;
    const count = delivery.count + 1;
    let outcome: JobOutcome;
    try {
      outcome = await this.options.handler(envelope);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.log(`job ${messageIdOf(envelope)} failed on delivery ${count}: ${reason}`);
      if (count < (this.options.maxDeliveryCount ?? 1)) return this.enqueue({ envelope, count }, true);
      outcome = { kind: 'dead-letter', reason };
    }
    if (outcome.kind === 'dead-letter') await this.deadLetter(envelope, outcome.reason);
    else this.counts.processed++;
  }

  private async deadLetter(envelope: JobEnvelope, reason: string): Promise<void> {
    this.counts.deadLettered++;
    try {
      await this.options.onDeadLetter?.(envelope, reason);
    } catch (err) {
      this.log(`dead-letter callback failed for job ${messageIdOf(envelope)}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private arm(message: ScheduledMessage): void {
    clearTimeout(message.timer);
    // +1 ms: timers may fire a millisecond early, and delivery must never precede `notBefore`.
    const delay = Math.min(Math.max(0, message.dueAt - this.now()) + 1, 2 ** 31 - 1);
    message.timer = setTimeout(() => {
      this.scheduled.delete(message);
      this.enqueue({ envelope: message.envelope, count: 0 });
      this.pump();
      this.settleWaiters();
    }, delay);
  }

  private isIdle(): boolean {
    if (this.active.size > 0 || this.pending.size > 0) return false;
    const now = this.now();
    return [...this.scheduled].every((message) => message.dueAt > now);
  }

  private settleWaiters(): void {
    if (!this.isIdle()) return;
    for (const waiter of this.waiters.splice(0)) waiter.resolve();
  }
}
