// Service Bus namespace (Standard, Entra-only) with the session-enabled `sync-jobs` queue:
// one session per sync user serializes that user's jobs; duplicate detection drops repeated job ids.

@description('Name of the Service Bus namespace (6-50 characters).')
@minLength(6)
@maxLength(50)
param name string

@description('Azure region.')
param location string

@description('Tags for the resources.')
param tags object = {}

@description('Name of the job queue.')
param queueName string = 'sync-jobs'

resource serviceBusNamespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard' // sessions and duplicate detection need Standard or Premium
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true // no SAS keys: senders and the trigger use the managed identity
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }

  // requiresSession and requiresDuplicateDetection cannot be changed on an existing queue:
  // changing them means deleting the queue (and its messages) first.
  resource queue 'queues' = {
    name: queueName
    properties: {
      requiresSession: true // session id = sync user: one worker at a time per mailbox
      maxDeliveryCount: 10 // then the message is dead-lettered for inspection
      lockDuration: 'PT5M' // the maximum; the trigger renews the session lock (maxAutoLockRenewalDuration in host.json)
      defaultMessageTimeToLive: 'P1D' // a job older than a day is stale: the next tick queues a fresh one
      deadLetteringOnMessageExpiration: true // expired jobs stay visible in the dead-letter queue
      requiresDuplicateDetection: true // job message ids are deterministic: repeated ticks and webhooks collapse
      duplicateDetectionHistoryTimeWindow: 'PT10M'
      enableBatchedOperations: true
      enablePartitioning: false
      maxSizeInMegabytes: 1024
    }
  }
}

// serviceBusEndpoint looks like https://{name}.servicebus.windows.net:443/ — keep only the host name.
var endpointHost = split(split(replace(serviceBusNamespace.properties.serviceBusEndpoint, 'https://', ''), '/')[0], ':')[0]

output name string = serviceBusNamespace.name
output id string = serviceBusNamespace.id
output queueName string = serviceBusNamespace::queue.name
output fullyQualifiedNamespace string = endpointHost
