// Tests InProcessJobQueue: FIFO and no overlap per session while other sessions proceed (B-P3), the session limit,
// duplicate detection window, scheduled delivery, outcomes and failures (B-I5), redelivery, idle() and stop().
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { InProcessJobQueue, type InProcessJobQueueOptions } from '../../shared/queue/in-process-job-queue';
import type { JobOutcome } from '../../shared/queue/job-queue-port';
import { messageIdOf, type JobEnvelope } from '../../shared/queue/sync-job.schema';
import { deferred, pullEnvelope, sleep } from './job-fixtures';

const done: JobOutcome = { kind: 'done' };
const quiet = { log: () => undefined };

function queueWith(options: InProcessJobQueueOptions): InProcessJobQueue {
  const queue = new InProcessJobQueue(options);
  queue.start();
  return queue;
}

void describe('InProcessJobQueue sessions', () => {
  void it('runs one user at a time in FIFO order while another user finishes first (B-P3)', async () => {
    const running = new Map<string, number>();
    const maxRunning = new Map<string, number>();
    let peak = 0;
    const handled: JobEnvelope[] = [];
    const queue = queueWith({
      handler: async (envelope) => {
        const user = envelope.job.user;
        running.set(user, (running.get(user) ?? 0) + 1);
        maxRunning.set(user, Math.max(maxRunning.get(user) ?? 0, running.get(user) ?? 0));
        peak = Math.max(peak, [...running.values()].reduce((a, b) => a + b, 0));
        await sleep(user === 'flood@contoso.com' ? 2 : 1);
        running.set(user, (running.get(user) ?? 0) - 1);
        handled.push(envelope);
        return done;
      },
    });
    const flood = Array.from({ length: 50 }, (_, i) => pullEnvelope('flood@contoso.com', i));
    const other = Array.from({ length: 5 }, (_, i) => pullEnvelope('other@contoso.com', i));
    await queue.send(flood);
    await queue.send(other);
    await queue.idle();

    const floodOrder = handled.filter((e) => e.job.user === 'flood@contoso.com');
    assert.deepEqual(floodOrder, flood, 'one session is handled in FIFO order');
    assert.deepEqual(handled.filter((e) => e.job.user === 'other@contoso.com'), other);
    assert.equal(maxRunning.get('flood@contoso.com'), 1, 'never two handlers for the same user');
    assert.equal(maxRunning.get('other@contoso.com'), 1);
    assert.equal(peak, 2, 'the two users ran at the same time');
    const position = (envelope: JobEnvelope | undefined): number => handled.findIndex((e) => envelope && messageIdOf(e) === messageIdOf(envelope));
    const lastOther = position(other[4]);
    assert.ok(lastOther >= 0 && lastOther < position(flood[49]), 'the second user does not wait for the flood');
    assert.ok(position(flood[40]) > lastOther, 'the second user finished long before the flood');
    assert.deepEqual(queue.stats(), { queued: 0, scheduled: 0, running: 0, processed: 55, deadLettered: 0, duplicatesDropped: 0 });
    await queue.stop();
  });

  void it('holds a job sent while its user is running until that handler returns', async () => {
    const release = deferred();
    const firstStarted = deferred();
    const started: number[] = [];
    const queue = queueWith({
      handler: async (envelope) => {
        const index = envelope.job.kind === 'pull' ? Number(envelope.job.dueAt.slice(14, 16)) : -1;
        started.push(index);
        if (index === 0) {
          firstStarted.resolve();
          await release.promise;
        }
        return done;
      },
    });
    await queue.send([pullEnvelope('ann@contoso.com', 0)]);
    await firstStarted.promise;
    await queue.send([pullEnvelope('ann@contoso.com', 1)]);
    await queue.send([pullEnvelope('bob@contoso.com', 2)]);
    await sleep(10);
    assert.deepEqual(started, [0, 2], 'the other user ran, the same user waited');
    release.resolve();
    await queue.idle();
    assert.deepEqual(started, [0, 2, 1]);
    await queue.stop();
  });

  void it('treats session ids case-insensitively, like sessionIdOf', async () => {
    let running = 0;
    let max = 0;
    const queue = queueWith({
      handler: async () => {
        max = Math.max(max, ++running);
        await sleep(2);
        running--;
        return done;
      },
    });
    await queue.send([pullEnvelope('Ann@Contoso.com', 0), pullEnvelope('ann@contoso.com', 1), pullEnvelope('ANN@CONTOSO.COM', 2)]);
    await queue.idle();
    assert.equal(max, 1);
    await queue.stop();
  });

  void it('runs at most maxConcurrentSessions sessions at once', async () => {
    const gate = deferred();
    let running = 0;
    let max = 0;
    const queue = queueWith({
      maxConcurrentSessions: 2,
      handler: async () => {
        max = Math.max(max, ++running);
        await gate.promise;
        running--;
        return done;
      },
    });
    await queue.send(['a', 'b', 'c', 'd', 'e'].map((u, i) => pullEnvelope(`${u}@contoso.com`, i)));
    await sleep(10);
    assert.equal(queue.stats().running, 2);
    assert.equal(queue.stats().queued, 3);
    gate.resolve();
    await queue.idle();
    assert.equal(max, 2);
    assert.equal(queue.stats().processed, 5);
    await queue.stop();
  });
});

void describe('InProcessJobQueue duplicate detection', () => {
  void it('drops a message id seen within the window, accepts it again after the window', async () => {
    let clock = 1_000_000;
    const seen: string[] = [];
    const queue = queueWith({
      now: () => clock,
      duplicateWindowMs: 10 * 60_000,
      handler: async (envelope) => {
        seen.push(messageIdOf(envelope));
        return done;
      },
    });
    const envelope = pullEnvelope('ann@contoso.com', 0);
    await queue.send([envelope, envelope]);
    await queue.send([envelope]);
    clock += 10 * 60_000 - 1;
    await queue.schedule(envelope, new Date(clock));
    await queue.send([pullEnvelope('ann@contoso.com', 0, 2)]);
    await queue.idle();
    const retryId = messageIdOf(pullEnvelope('ann@contoso.com', 0, 2));
    assert.notEqual(retryId, messageIdOf(envelope));
    assert.deepEqual(seen, [messageIdOf(envelope), retryId], 'a retry has its own id');
    assert.equal(queue.stats().duplicatesDropped, 3);

    clock += 1;
    await queue.send([envelope]);
    await queue.idle();
    assert.equal(seen.length, 3, 'after the window the id is new again');
    await queue.stop();
  });

  void it('defaults to a 10 minute window', async () => {
    let clock = 0;
    let calls = 0;
    const queue = queueWith({ now: () => clock, handler: async () => (calls++, done) });
    const envelope = pullEnvelope('ann@contoso.com', 0);
    await queue.send([envelope]);
    clock = 9 * 60_000;
    await queue.send([envelope]);
    clock = 10 * 60_000;
    await queue.send([envelope]);
    await queue.idle();
    assert.equal(calls, 2);
    await queue.stop();
  });
});

void describe('InProcessJobQueue scheduling', () => {
  void it('delivers a scheduled message no earlier than notBefore', async () => {
    const delivered = deferred<number>();
    const queue = queueWith({ handler: async () => (delivered.resolve(Date.now()), done) });
    const notBefore = new Date(Date.now() + 60);
    await queue.schedule(pullEnvelope('ann@contoso.com', 0, 2), notBefore);
    await queue.idle();
    assert.deepEqual(queue.stats(), { queued: 0, scheduled: 1, running: 0, processed: 0, deadLettered: 0, duplicatesDropped: 0 }, 'idle() does not wait for future messages');
    await sleep(20);
    assert.equal(queue.stats().processed, 0);
    const at = await delivered.promise;
    assert.ok(at >= notBefore.getTime(), `delivered ${notBefore.getTime() - at} ms early`);
    await queue.idle();
    assert.equal(queue.stats().scheduled, 0);
    assert.equal(queue.stats().processed, 1);
    await queue.stop();
  });

  void it('delivers a message scheduled in the past at once', async () => {
    let calls = 0;
    const queue = queueWith({ handler: async () => (calls++, done) });
    await queue.schedule(pullEnvelope('ann@contoso.com', 0), new Date(Date.now() - 1_000));
    await queue.idle();
    assert.equal(calls, 1);
    await queue.stop();
  });
});

void describe('InProcessJobQueue outcomes', () => {
  void it('dead-letters a throwing handler with the error message, logs it, and goes on with the session', async () => {
    const deadLetters: { envelope: JobEnvelope; reason: string }[] = [];
    const logs: string[] = [];
    const handled: number[] = [];
    const first = pullEnvelope('ann@contoso.com', 0);
    const queue = queueWith({
      log: (m) => logs.push(m),
      onDeadLetter: (envelope, reason) => void deadLetters.push({ envelope, reason }),
      handler: async (envelope) => {
        if (messageIdOf(envelope) === messageIdOf(first)) throw new Error('LN said 400: bad field');
        handled.push(1);
        return done;
      },
    });
    await queue.send([first, pullEnvelope('ann@contoso.com', 1)]);
    await queue.idle();
    assert.deepEqual(deadLetters, [{ envelope: first, reason: 'LN said 400: bad field' }]);
    assert.equal(handled.length, 1, 'the next job of the same user still ran');
    assert.equal(logs.length, 1);
    assert.match(logs[0] ?? '', /LN said 400: bad field/);
    assert.equal(queue.stats().deadLettered, 1);
    assert.equal(queue.stats().processed, 1);
    await queue.stop();
  });

  void it('dead-letters on a dead-letter outcome, completes a retry outcome without redelivering', async () => {
    const reasons: string[] = [];
    let calls = 0;
    const outcomes: JobOutcome[] = [{ kind: 'dead-letter', reason: 'validation: no email' }, { kind: 'retry', delayMs: 10, reason: '503' }];
    const queue = queueWith({
      onDeadLetter: async (_e, reason) => void reasons.push(reason),
      handler: async () => outcomes[calls++] ?? done,
    });
    await queue.send([pullEnvelope('ann@contoso.com', 0), pullEnvelope('ann@contoso.com', 1)]);
    await queue.idle();
    await sleep(30);
    assert.equal(calls, 2, 'the queue itself never re-delivers a retry');
    assert.deepEqual(reasons, ['validation: no email']);
    assert.equal(queue.stats().deadLettered, 1);
    assert.equal(queue.stats().processed, 1);
    await queue.stop();
  });

  void it('survives a throwing dead-letter callback', async () => {
    const logs: string[] = [];
    const queue = queueWith({
      log: (m) => logs.push(m),
      onDeadLetter: () => {
        throw new Error('status store down');
      },
      handler: async () => ({ kind: 'dead-letter', reason: 'x' }),
    });
    await queue.send([pullEnvelope('ann@contoso.com', 0), pullEnvelope('bob@contoso.com', 1)]);
    await queue.idle();
    assert.equal(queue.stats().deadLettered, 2);
    assert.equal(logs.filter((l) => l.includes('status store down')).length, 2);
    await queue.stop();
  });

  void it('with maxDeliveryCount, redelivers a throwing job first in its session before dead-lettering', async () => {
    const order: string[] = [];
    const deadLetters: string[] = [];
    let failures = 0;
    const queue = queueWith({
      ...quiet,
      maxDeliveryCount: 3,
      onDeadLetter: (_e, reason) => void deadLetters.push(reason),
      handler: async (envelope) => {
        const tag = envelope.job.kind === 'pull' ? envelope.job.dueAt.slice(11, 16) : '?';
        order.push(tag);
        if (tag === '08:00' && failures++ < 2) throw new Error('flaky');
        if (tag === '08:02') throw new Error('always');
        return done;
      },
    });
    await queue.send([0, 1, 2, 3].map((i) => pullEnvelope('ann@contoso.com', i)));
    await queue.idle();
    assert.deepEqual(order, ['08:00', '08:00', '08:00', '08:01', '08:02', '08:02', '08:02', '08:03']);
    assert.deepEqual(deadLetters, ['always']);
    assert.equal(queue.stats().processed, 3);
    await queue.stop();
  });
});

void describe('InProcessJobQueue lifecycle', () => {
  void it('queues until start(), and idle() refuses to wait on a queue that is not started', async () => {
    let calls = 0;
    const queue = new InProcessJobQueue({ handler: async () => (calls++, done) });
    await queue.idle();
    await queue.send([pullEnvelope('ann@contoso.com', 0)]);
    await sleep(5);
    assert.equal(calls, 0);
    assert.equal(queue.stats().queued, 1);
    await assert.rejects(queue.idle(), /not started/);
    queue.start();
    await queue.idle();
    assert.equal(calls, 1);
    await queue.stop();
  });

  void it('stop() waits for running handlers and drops scheduled timers', async () => {
    const started = deferred();
    const release = deferred();
    let finished = false;
    let calls = 0;
    const queue = queueWith({
      handler: async () => {
        calls++;
        started.resolve();
        await release.promise;
        finished = true;
        return done;
      },
    });
    await queue.send([pullEnvelope('ann@contoso.com', 0)]);
    await queue.schedule(pullEnvelope('bob@contoso.com', 1), new Date(Date.now() + 30));
    await started.promise;
    let stopped = false;
    const stopping = queue.stop().then(() => (stopped = true));
    await sleep(10);
    assert.equal(stopped, false, 'stop() is still waiting for the running handler');
    release.resolve();
    await stopping;
    assert.equal(finished, true);
    await sleep(50);
    assert.equal(calls, 1, 'the scheduled message was not delivered after stop()');
    assert.equal(queue.stats().scheduled, 1);
    assert.equal(queue.stats().running, 0);
  });

  void it('stop() rejects idle() waiters that can no longer be satisfied', async () => {
    const started = deferred();
    const release = deferred();
    const queue = queueWith({
      handler: async () => {
        started.resolve();
        await release.promise;
        return done;
      },
    });
    await queue.send([pullEnvelope('ann@contoso.com', 0), pullEnvelope('ann@contoso.com', 1)]);
    await started.promise;
    const waiting = queue.idle();
    const stopping = queue.stop();
    release.resolve();
    await stopping;
    await assert.rejects(waiting, /stopped before it became idle/);
    assert.equal(queue.stats().queued, 1);
  });
});
