// How the functions get their runtime in Azure: configuration from the app settings (zod-validated),
// Service Bus through managed identity. Imported by every function file; the local host installs its own first.
import { createServiceBusSender } from '../queue/service-bus-sender-factory';
import { ServiceBusJobQueue } from '../queue/service-bus-job-queue';
import { loadConfig } from '../config/load-config';
import { buildServices } from './build-services';
import { buildRuntime } from './build-runtime';
import { useRuntimeByDefault } from './runtime-provider';

useRuntimeByDefault(async () => {
  const config = loadConfig();
  const target = { name: config.queue.name, ...(config.queue.connectionString ? { connectionString: config.queue.connectionString } : {}), ...(config.queue.fullyQualifiedNamespace ? { fullyQualifiedNamespace: config.queue.fullyQualifiedNamespace } : {}) };
  if (!target.connectionString && !target.fullyQualifiedNamespace) throw new Error('SERVICE_BUS_FULLY_QUALIFIED_NAMESPACE: is required in Azure');
  const { sender } = createServiceBusSender(target);
  return buildRuntime(buildServices(config), new ServiceBusJobQueue(sender));
});
