// Workbook "LN sync" over the app's metrics (B-O2, B-O3): items written, conflicts, held deletions, job outcomes and
// duration, queue delay, throttled requests and webhook notifications, from Application Insights' customMetrics.

@description('Azure region.')
param location string

@description('Tags for the resources.')
param tags object = {}

@description('Application Insights component the app reports to.')
param applicationInsightsName string

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

var charts = [
  {
    title: 'Items written per direction and kind'
    query: 'customMetrics | where name == "sync.items.written" | extend direction = tostring(customDimensions["direction"]), kind = tostring(customDimensions["kind"]) | summarize items = sum(valueSum) by bin(timestamp, 15m), series = strcat(direction, " ", kind)'
  }
  {
    title: 'Conflicts and held deletions'
    query: 'customMetrics | where name in ("sync.conflicts", "sync.deletions.held") | summarize total = sum(valueSum) by bin(timestamp, 15m), name'
  }
  {
    title: 'Jobs by outcome'
    query: 'customMetrics | where name == "sync.jobs" | summarize jobs = sum(valueSum) by bin(timestamp, 15m), outcome = tostring(customDimensions["outcome"])'
  }
  {
    title: 'Job duration and queue delay (ms, average)'
    query: 'customMetrics | where name in ("sync.job.duration", "sync.queue.delay") | summarize ms = sum(valueSum) / sum(valueCount) by bin(timestamp, 15m), name'
  }
  {
    title: 'Throttled requests per service'
    query: 'customMetrics | where name == "sync.requests.throttled" | summarize requests = sum(valueSum) by bin(timestamp, 15m), service = tostring(customDimensions["service"])'
  }
  {
    title: 'Webhook notifications accepted and rejected'
    query: 'customMetrics | where name == "sync.webhook.notifications" | summarize notifications = sum(valueSum) by bin(timestamp, 15m), series = strcat(tostring(customDimensions["source"]), " ", tostring(customDimensions["result"]))'
  }
  {
    title: 'Runs needing attention, per user'
    query: 'customMetrics | where name == "sync.runs" and tostring(customDimensions["result"]) == "attention" | summarize runs = sum(valueSum) by user = tostring(customDimensions["user"]), scope = tostring(customDimensions["scope"])'
  }
]

var chartItems = [
  for chart in charts: {
    type: 3
    content: {
      version: 'KqlItem/1.0'
      title: chart.title
      query: chart.query
      size: 0
      timeContext: {
        durationMs: 86400000
      }
      queryType: 0
      resourceType: 'microsoft.insights/components'
      visualization: 'timechart'
    }
  }
]

var workbookContent = {
  version: 'Notebook/1.0'
  items: chartItems
  isLocked: false
  fallbackResourceIds: [
    applicationInsights.id
  ]
}

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(resourceGroup().id, applicationInsights.id, 'ln-sync-workbook')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: 'LN sync'
    category: 'workbook'
    sourceId: applicationInsights.id
    serializedData: string(workbookContent)
  }
}

output id string = workbook.id
