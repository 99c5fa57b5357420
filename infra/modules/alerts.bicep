// Alerts that page a human, from platform metrics (Service Bus, SQL, Container Apps) and from the app's own
// OpenTelemetry metrics in Application Insights. docs/operations.md says what to do for each.
param location string
param namePrefix string
param tags object
param alertEmail string
param serviceBusNamespaceId string
param sqlDatabaseId string
param appId string
param workerId string
param appInsightsId string
param queueBacklogThreshold int
param expectWebhooks bool

resource actionGroup 'Microsoft.Insights/actionGroups@2024-10-01-preview' = {
  name: 'ag-${namePrefix}-oncall'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: take('sr${namePrefix}', 12)
    enabled: true
    emailReceivers: [
      {
        name: 'oncall'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

var metricAlerts = [
  {
    name: 'dead-letters'
    description: 'A message was dead-lettered: inspect it with the ops job (dead-letters list) and replay once fixed.'
    severity: 2
    scope: serviceBusNamespaceId
    metric: 'DeadletteredMessages'
    aggregation: 'Maximum'
    operator: 'GreaterThan'
    threshold: 0
    dimensions: [
      {
        name: 'EntityName'
        operator: 'Include'
        values: [
          '*'
        ]
      }
    ]
  }
  {
    name: 'queue-backlog'
    description: 'Messages are piling up: the Worker is down, failing or at its replica limit.'
    severity: 2
    scope: serviceBusNamespaceId
    metric: 'ActiveMessages'
    aggregation: 'Average'
    operator: 'GreaterThan'
    threshold: queueBacklogThreshold
    dimensions: [
      {
        name: 'EntityName'
        operator: 'Include'
        values: [
          '*'
        ]
      }
    ]
  }
  {
    name: 'bus-server-errors'
    description: 'Service Bus is failing requests: see the bus-down playbook.'
    severity: 1
    scope: serviceBusNamespaceId
    metric: 'ServerErrors'
    aggregation: 'Total'
    operator: 'GreaterThan'
    threshold: 10
    dimensions: []
  }
  {
    name: 'bus-throttled'
    description: 'Service Bus is throttling: consider Premium or fewer Worker replicas.'
    severity: 3
    scope: serviceBusNamespaceId
    metric: 'ThrottledRequests'
    aggregation: 'Total'
    operator: 'GreaterThan'
    threshold: 0
    dimensions: []
  }
  {
    name: 'sql-cpu'
    description: 'The database is near its CPU limit: scale the SKU up.'
    severity: 2
    scope: sqlDatabaseId
    metric: 'cpu_percent'
    aggregation: 'Average'
    operator: 'GreaterThan'
    threshold: 80
    dimensions: []
  }
  {
    name: 'sql-storage'
    description: 'The database is near its size limit: check retention jobs, then grow the database.'
    severity: 2
    scope: sqlDatabaseId
    metric: 'storage_percent'
    aggregation: 'Maximum'
    operator: 'GreaterThan'
    threshold: 85
    dimensions: []
  }
  {
    name: 'app-restarts'
    description: 'App replicas keep restarting: failed start-up (options validation names the key) or failing liveness.'
    severity: 2
    scope: appId
    metric: 'RestartCount'
    aggregation: 'Total'
    operator: 'GreaterThan'
    threshold: 3
    dimensions: []
  }
  {
    name: 'worker-restarts'
    description: 'Worker replicas keep restarting: failed start-up (options validation names the key) or crashes.'
    severity: 2
    scope: workerId
    metric: 'RestartCount'
    aggregation: 'Total'
    operator: 'GreaterThan'
    threshold: 3
    dimensions: []
  }
  {
    name: 'app-5xx'
    description: 'The App answers 5xx: Shopify will retry webhooks, but check the database and the bus.'
    severity: 2
    scope: appId
    metric: 'Requests'
    aggregation: 'Total'
    operator: 'GreaterThan'
    threshold: 20
    dimensions: [
      {
        name: 'statusCodeCategory'
        operator: 'Include'
        values: [
          '5xx'
        ]
      }
    ]
  }
]

resource metricAlertRules 'Microsoft.Insights/metricAlerts@2018-03-01' = [
  for rule in metricAlerts: {
    name: 'alert-${namePrefix}-${rule.name}'
    location: 'global'
    tags: tags
    properties: {
      description: rule.description
      severity: rule.severity
      enabled: true
      scopes: [
        rule.scope
      ]
      evaluationFrequency: 'PT5M'
      windowSize: 'PT15M'
      criteria: {
        'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
        allOf: [
          {
            criterionType: 'StaticThresholdCriterion'
            name: rule.name
            metricName: rule.metric
            timeAggregation: rule.aggregation
            operator: rule.operator
            threshold: rule.threshold
            dimensions: rule.dimensions
          }
        ]
      }
      actions: [
        {
          actionGroupId: actionGroup.id
        }
      ]
    }
  }
]

// The app's own metrics (RecoveryMetrics) arrive in Application Insights as customMetrics.
var logAlerts = [
  {
    name: 'sendgrid-errors'
    description: 'SendGrid calls are failing: see the SendGrid-outage playbook.'
    severity: 2
    enabled: true
    windowSize: 'PT15M'
    query: 'customMetrics | where name == "shopify_recovery.sendgrid.errors" | summarize failures = sum(valueSum)'
    column: 'failures'
    operator: 'GreaterThan'
    threshold: 10
  }
  {
    name: 'webhook-signatures'
    description: 'Many webhooks fail their signature: a rotated client secret not yet in Key Vault, or forged traffic.'
    severity: 2
    enabled: true
    windowSize: 'PT15M'
    query: 'customMetrics | where name == "shopify_recovery.webhooks.rejected" | where tostring(customDimensions.reason) == "invalid_signature" | summarize rejected = sum(valueSum)'
    column: 'rejected'
    operator: 'GreaterThan'
    threshold: 25
  }
  {
    name: 'shopify-throttle'
    description: 'Shopify throttles the Admin API often: reconciliation or discount creation is too eager.'
    severity: 3
    enabled: true
    windowSize: 'PT30M'
    query: 'customMetrics | where name == "shopify_recovery.shopify.throttle_wait" | summarize waits = sum(valueCount)'
    column: 'waits'
    operator: 'GreaterThan'
    threshold: 100
  }
  {
    name: 'no-webhooks'
    description: 'No Shopify webhook arrived for two hours: see the Shopify-outage playbook (reconciliation fills the gap).'
    severity: 2
    enabled: expectWebhooks
    windowSize: 'PT2H'
    // The union keeps one row when nothing arrived at all, which is exactly the case to alert on.
    query: 'customMetrics | where name == "shopify_recovery.webhooks.received" | project received = valueSum | union (print received = 0.0) | summarize received = sum(received)'
    column: 'received'
    operator: 'LessThan'
    threshold: 1
  }
]

resource logAlertRules 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [
  for rule in logAlerts: {
    name: 'alert-${namePrefix}-${rule.name}'
    location: location
    tags: tags
    properties: {
      description: rule.description
      severity: rule.severity
      enabled: rule.enabled
      scopes: [
        appInsightsId
      ]
      evaluationFrequency: 'PT5M'
      windowSize: rule.windowSize
      criteria: {
        allOf: [
          {
            query: rule.query
            timeAggregation: 'Total'
            metricMeasureColumn: rule.column
            operator: rule.operator
            threshold: rule.threshold
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      actions: {
        actionGroups: [
          actionGroup.id
        ]
      }
    }
  }
]
