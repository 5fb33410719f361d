// Alerts of the synchronizer (B-O3): dead letters, users needing attention, failing subscriptions, job failure rate
// and no successful pull for two intervals, over the app's OpenTelemetry metrics in Application Insights.

@description('Azure region.')
param location string

@description('Tags for the resources.')
param tags object = {}

@description('Name of the action group.')
param actionGroupName string

@description('Prefix of the alert rule names.')
param alertNamePrefix string

@description('Application Insights component the app reports to.')
param applicationInsightsName string

@description('Service Bus namespace holding the job queue.')
param serviceBusNamespaceName string

@description('Name of the job queue.')
param serviceBusQueueName string

@description('Email address that receives the alerts; empty for none.')
param alertEmail string = ''

@description('LN pull interval in minutes.')
@minValue(1)
@maxValue(720)
param pullIntervalMinutes int = 15

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource serviceBus 'Microsoft.ServiceBus/namespaces@2024-01-01' existing = {
  name: serviceBusNamespaceName
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: actionGroupName
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'lnsync'
    enabled: true
    emailReceivers: empty(alertEmail)
      ? []
      : [
          {
            name: 'operator'
            emailAddress: alertEmail
            useCommonAlertSchema: true
          }
        ]
  }
}

// Custom metrics land in customMetrics (name = instrument name, attributes in customDimensions).
var twoIntervals = pullIntervalMinutes * 2
var rules = [
  {
    key: 'dead-letters'
    description: 'A sync job was dead-lettered: it will not be retried. See the status page for its reason.'
    severity: 2
    window: 'PT15M'
    query: 'customMetrics | where name == "sync.jobs" and tostring(customDimensions["outcome"]) == "dead-letter" | summarize count = sum(valueSum)'
    operator: 'GreaterThan'
    threshold: 0
  }
  {
    key: 'users-needing-attention'
    description: 'A run stopped on a safety valve (mass deletion held) or a mailbox problem: an administrator must act.'
    severity: 2
    window: 'PT30M'
    query: 'customMetrics | where name == "sync.runs" and tostring(customDimensions["result"]) == "attention" | summarize count = sum(valueSum)'
    operator: 'GreaterThan'
    threshold: 0
  }
  {
    key: 'failing-subscriptions'
    description: 'Graph subscriptions could not be created or renewed: push stops until they are.'
    severity: 2
    window: 'PT1H'
    query: 'customMetrics | where name == "sync.subscription.failures" | summarize count = sum(valueSum)'
    operator: 'GreaterThan'
    threshold: 0
  }
  {
    key: 'job-failure-rate'
    description: 'More than a fifth of the sync jobs in the last hour ended in a retry or a dead letter.'
    severity: 3
    window: 'PT1H'
    query: 'customMetrics | where name == "sync.jobs" | summarize failed = sumif(valueSum, tostring(customDimensions["outcome"]) != "done"), all = sum(valueSum) | where all > 0 | project count = 100.0 * failed / all'
    operator: 'GreaterThan'
    threshold: 20
  }
  {
    key: 'no-successful-pull'
    description: 'No pull finished without error for two pull intervals: the synchronizer is stopped, stuck or failing.'
    severity: 1
    window: 'PT${twoIntervals}M'
    query: 'customMetrics | where name == "sync.runs" and tostring(customDimensions["result"]) == "ok" | summarize count = sum(valueSum)'
    operator: 'LessThan'
    threshold: 1
  }
]

resource queryRules 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [
  for rule in rules: {
    name: '${alertNamePrefix}-${rule.key}'
    location: location
    tags: tags
    properties: {
      displayName: 'LN sync: ${rule.key}'
      description: rule.description
      severity: rule.severity
      enabled: true
      scopes: [
        applicationInsights.id
      ]
      evaluationFrequency: 'PT15M'
      windowSize: rule.window
      criteria: {
        allOf: [
          {
            query: rule.query
            timeAggregation: 'Total'
            metricMeasureColumn: 'count'
            operator: rule.operator
            threshold: rule.threshold
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      autoMitigate: true
      actions: {
        actionGroups: [
          actionGroup.id
        ]
      }
    }
  }
]

// Messages Service Bus itself dead-letters (malformed, expired, delivery count exceeded) never reach the app's metrics.
resource serviceBusDeadLetters 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: '${alertNamePrefix}-queue-dead-letters'
  location: 'global'
  tags: tags
  properties: {
    description: 'Messages are waiting in the dead-letter queue of ${serviceBusQueueName}.'
    severity: 2
    enabled: true
    scopes: [
      serviceBus.id
    ]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'dead-lettered'
          metricName: 'DeadletteredMessages'
          metricNamespace: 'Microsoft.ServiceBus/namespaces'
          dimensions: [
            {
              name: 'EntityName'
              operator: 'Include'
              values: [
                serviceBusQueueName
              ]
            }
          ]
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Maximum'
        }
      ]
    }
    autoMitigate: true
    actions: [
      {
        actionGroupId: actionGroup.id
      }
    ]
  }
}

output actionGroupId string = actionGroup.id
