// Tests ServiceBusJobQueue against a recording fake of the SDK's ServiceBusSender: greedy size-limited batching,
// message properties (session, message id, content type, subject, body), oversize errors, scheduled retries.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ServiceBusMessage, ServiceBusMessageBatch, ServiceBusSender } from '@azure/service-bus';
import { ServiceBusJobQueue } from '../../shared/queue/service-bus-job-queue';
import { messageIdOf, type JobEnvelope } from '../../shared/queue/sync-job.schema';
import { pullEnvelope } from './job-fixtures';

type AnyMessage = Parameters<ServiceBusMessageBatch['tryAddMessage']>[0];

const sizeOf = (message: AnyMessage): number => Buffer.byteLength(JSON.stringify(message));

class FakeBatch implements ServiceBusMessageBatch {
  readonly messages: ServiceBusMessage[] = [];
  sizeInBytes = 0;
  constructor(readonly maxSizeInBytes: number) {}
  get count(): number {
    return this.messages.length;
  }
  tryAddMessage(message: AnyMessage): boolean {
    if (this.sizeInBytes + sizeOf(message) > this.maxSizeInBytes) return false;
    this.messages.push(message);
    this.sizeInBytes += sizeOf(message);
    return true;
  }
}

class FakeSender implements ServiceBusSender {
  entityPath = 'sync-jobs';
  identifier = 'fake';
  isClosed = false;
  batchesCreated = 0;
  readonly sent: FakeBatch[] = [];
  readonly scheduled: { messages: unknown; at: Date }[] = [];
  constructor(private readonly maxBatchBytes: number) {}

  async createMessageBatch(): Promise<ServiceBusMessageBatch> {
    this.batchesCreated++;
    return new FakeBatch(this.maxBatchBytes);
  }
  async sendMessages(messages: Parameters<ServiceBusSender['sendMessages']>[0]): Promise<void> {
    assert.ok(messages instanceof FakeBatch, 'only batches are sent');
    this.sent.push(messages);
  }
  scheduleMessages(messages: Parameters<ServiceBusSender['scheduleMessages']>[0], at: Date): ReturnType<ServiceBusSender['scheduleMessages']> {
    this.scheduled.push({ messages, at });
    return Promise.resolve([]);
  }
  async cancelScheduledMessages(): Promise<void> {}
  async close(): Promise<void> {
    this.isClosed = true;
  }
}

const users = ['Ann.Smith@contoso.com', 'bob@contoso.com', 'carla@contoso.com', 'dan@contoso.com', 'eve@contoso.com'];
const manyEnvelopes = (n: number): JobEnvelope[] => Array.from({ length: n }, (_, i) => pullEnvelope(users[i % users.length] ?? 'x@y.z', i));

void describe('ServiceBusJobQueue.send', () => {
  void it('packs 250 envelopes greedily into as few size-limited batches as possible', async () => {
    const sender = new FakeSender(8_000);
    const envelopes = manyEnvelopes(250);
    await new ServiceBusJobQueue(sender).send(envelopes);

    assert.ok(sender.sent.length > 3, `expected several batches, got ${sender.sent.length}`);
    assert.equal(sender.batchesCreated, sender.sent.length, 'no empty or unsent batch');
    const messages = sender.sent.flatMap((b) => b.messages);
    assert.equal(messages.length, 250);
    assert.deepEqual(messages.map((m) => m.messageId), envelopes.map(messageIdOf), 'every envelope once, in order');
    sender.sent.forEach((batch, i) => {
      assert.ok(batch.sizeInBytes <= 8_000);
      const next = sender.sent[i + 1]?.messages[0];
      if (next) assert.ok(batch.sizeInBytes + sizeOf(next) > 8_000, `batch ${i} was closed although the next message fitted`);
    });
  });

  void it('gives every message the JSON envelope, session = user, deterministic message id and kind as subject', async () => {
    const sender = new FakeSender(8_000);
    const envelopes = manyEnvelopes(12);
    await new ServiceBusJobQueue(sender).send(envelopes);
    const messages = sender.sent.flatMap((b) => b.messages);
    messages.forEach((message, i) => {
      const envelope = envelopes[i];
      assert.ok(envelope);
      assert.deepEqual(message.body, envelope);
      assert.equal(message.contentType, 'application/json');
      assert.equal(message.sessionId, envelope.job.user.toLowerCase());
      assert.equal(message.messageId, messageIdOf(envelope));
      assert.equal(message.subject, 'pull');
    });
    assert.equal(messages[0]?.sessionId, 'ann.smith@contoso.com');
  });

  void it('sends nothing for no envelopes', async () => {
    const sender = new FakeSender(8_000);
    await new ServiceBusJobQueue(sender).send([]);
    assert.equal(sender.batchesCreated, 0);
    assert.equal(sender.sent.length, 0);
  });

  void it('rejects a message too large for an empty batch, naming it', async () => {
    const sender = new FakeSender(100);
    const envelope = pullEnvelope('ann@contoso.com', 0);
    await assert.rejects(new ServiceBusJobQueue(sender).send([envelope]), (err: Error) => {
      assert.match(err.message, /too large for a Service Bus batch \(limit 100 bytes\)/);
      assert.ok(err.message.includes(messageIdOf(envelope)));
      return true;
    });
    assert.equal(sender.sent.length, 0);
  });
});

void describe('ServiceBusJobQueue.schedule', () => {
  void it('schedules one message for the given time', async () => {
    const sender = new FakeSender(8_000);
    const envelope = pullEnvelope('ann@contoso.com', 3, 2);
    const notBefore = new Date('2025-01-06T08:05:00Z');
    await new ServiceBusJobQueue(sender).schedule(envelope, notBefore);
    assert.equal(sender.scheduled.length, 1);
    const [call] = sender.scheduled;
    assert.equal(call?.at, notBefore);
    const message = call?.messages as ServiceBusMessage;
    assert.deepEqual(message.body, envelope);
    assert.equal(message.sessionId, 'ann@contoso.com');
    assert.equal(message.messageId, messageIdOf(envelope));
    assert.notEqual(message.messageId, messageIdOf(pullEnvelope('ann@contoso.com', 3)), 'a retry has its own id');
    assert.ok(message.messageId.length <= 128, 'within Service Bus’s 128 characters');
    assert.equal(message.contentType, 'application/json');
    assert.equal(sender.sent.length, 0);
  });
});
