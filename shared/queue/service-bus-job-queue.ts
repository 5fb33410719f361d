// The job queue on Azure Service Bus: packs envelopes into as few size-limited batches as possible,
// and sends retries as scheduled messages. Session, message id and subject come from `toJobMessage`.
import type { ServiceBusMessage, ServiceBusMessageBatch, ServiceBusSender } from '@azure/service-bus';
import type { JobQueue } from './job-queue-port';
import type { JobEnvelope } from './sync-job.schema';
import { toJobMessage } from './to-job-message';

export class ServiceBusJobQueue implements JobQueue {
  constructor(private readonly sender: ServiceBusSender) {}

  async send(envelopes: JobEnvelope[]): Promise<void> {
    let batch: ServiceBusMessageBatch | undefined;
    for (const message of envelopes.map(toJobMessage)) {
      if (batch?.tryAddMessage(message)) continue;
      if (batch) await this.sender.sendMessages(batch);
      batch = await this.startBatch(message);
    }
    if (batch) await this.sender.sendMessages(batch);
  }

  async schedule(envelope: JobEnvelope, notBefore: Date): Promise<void> {
    await this.sender.scheduleMessages(toJobMessage(envelope), notBefore);
  }

  /** A new batch holding `message`; a message too large for an empty batch can never be sent. */
  private async startBatch(message: ServiceBusMessage): Promise<ServiceBusMessageBatch> {
    const batch = await this.sender.createMessageBatch();
    if (!batch.tryAddMessage(message)) {
      throw new Error(`job message '${String(message.messageId)}' is too large for a Service Bus batch (limit ${batch.maxSizeInBytes} bytes)`);
    }
    return batch;
  }
}
