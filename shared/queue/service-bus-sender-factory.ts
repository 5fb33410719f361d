// Opens a ServiceBusSender for the job queue: namespace + managed identity in Azure, connection string in dev.
// The returned handle closes the sender and its client together.
import { ServiceBusClient, type ServiceBusSender } from '@azure/service-bus';
import { DefaultAzureCredential, type TokenCredential } from '@azure/identity';

export interface ServiceBusQueueTarget {
  /** `{namespace}.servicebus.windows.net` — used with a token credential. */
  fullyQualifiedNamespace?: string;
  /** Connection string of a dev namespace; wins over the namespace when both are set. */
  connectionString?: string;
  /** Queue name, e.g. `sync-jobs`. */
  name: string;
  /** Overrides DefaultAzureCredential for the namespace form. */
  credential?: TokenCredential;
}

export interface ServiceBusSenderHandle {
  sender: ServiceBusSender;
  close(): Promise<void>;
}

export function createServiceBusSender(target: ServiceBusQueueTarget): ServiceBusSenderHandle {
  const client = buildClient(target);
  const sender = client.createSender(target.name);
  return {
    sender,
    close: async () => {
      try {
        await sender.close();
      } finally {
        await client.close();
      }
    },
  };
}

function buildClient({ connectionString, fullyQualifiedNamespace, credential }: ServiceBusQueueTarget): ServiceBusClient {
  if (connectionString) return new ServiceBusClient(connectionString);
  if (fullyQualifiedNamespace) return new ServiceBusClient(fullyQualifiedNamespace, credential ?? new DefaultAzureCredential());
  throw new Error('either a Service Bus connection string or a fully qualified namespace is required');
}
