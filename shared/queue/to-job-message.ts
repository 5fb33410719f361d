// Turns a job envelope into the Service Bus message that carries it: JSON body, session = sync user,
// deterministic message id (duplicate detection), subject = job kind.
import type { ServiceBusMessage } from '@azure/service-bus';
import { messageIdOf, sessionIdOf, type JobEnvelope } from './sync-job.schema';

export function toJobMessage(envelope: JobEnvelope): ServiceBusMessage {
  return {
    body: envelope,
    contentType: 'application/json',
    sessionId: sessionIdOf(envelope.job),
    messageId: messageIdOf(envelope),
    subject: envelope.job.kind,
  };
}
