// The bus between App and Worker. Queue names and settings mirror the app and are checked by
// ShopifyRecovery.Tests/Infra against Queues.All and MessagingOptions:
//   lockDuration      = Messaging:LockDuration default (1 minute); the app renews locks at a third of it.
//   maxDeliveryCount  > Messaging:MaxAttempts default (8): the app dead-letters itself with the real reason,
//                       the broker's count is only the backstop for deliveries that crash the consumer.
//   duplicate window  = Messaging:Embedded:CompletedRetention default (2 days), so both transports forget a
//                       MessageId after the same time (Shopify retries webhooks for 4 hours).
param location string
param namespaceName string
@allowed([
  'Standard'
  'Premium'
])
param sku string
param vaultName string
param runtimePrincipalId string
param scalerPrincipalId string
param tags object

var queueNames = [
  'shopify-events'
  'journey-steps'
]
var dataSender = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39')
var dataReceiver = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0')
var dataOwner = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '090c5cfd-751d-490a-894a-3ce6f1109419')

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: namespaceName
  location: location
  tags: tags
  sku: {
    name: sku
    tier: sku
    capacity: sku == 'Premium' ? 1 : null
  }
  properties: {
    minimumTlsVersion: '1.2'
    // The AMQP transport (AMQPNetLite, no Azure SDK in the feed) authenticates with SAS; see infra/README.md.
    disableLocalAuth: false
  }
}

resource queues 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = [
  for queueName in queueNames: {
    parent: namespace
    name: queueName
    properties: {
      lockDuration: 'PT1M'
      maxDeliveryCount: 10
      requiresDuplicateDetection: true
      duplicateDetectionHistoryTimeWindow: 'P2D'
      deadLetteringOnMessageExpiration: true
      // Journey steps are scheduled up to days ahead; expiry is a backstop that dead-letters, never drops.
      defaultMessageTimeToLive: 'P14D'
      requiresSession: false
      enablePartitioning: false
      enableBatchedOperations: true
      maxSizeInMegabytes: 5120
    }
  }
]

// Send and Listen only: the app never manages entities, so it never holds the namespace's Manage key.
resource appRule 'Microsoft.ServiceBus/namespaces/authorizationRules@2024-01-01' = {
  parent: namespace
  name: 'app-send-listen'
  properties: {
    rights: [
      'Send'
      'Listen'
    ]
  }
}

module connectionString 'secret.bicep' = {
  name: 'secret-servicebus'
  params: {
    vaultName: vaultName
    secretName: 'servicebus-connection-string'
    value: appRule.listKeys().primaryConnectionString
    readerPrincipalIds: [
      runtimePrincipalId
    ]
    tags: tags
  }
}

resource runtimeSends 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (queueName, i) in queueNames: {
    name: guid(queues[i].id, runtimePrincipalId, dataSender)
    scope: queues[i]
    properties: {
      roleDefinitionId: dataSender
      principalId: runtimePrincipalId
      principalType: 'ServicePrincipal'
    }
  }
]

resource runtimeReceives 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (queueName, i) in queueNames: {
    name: guid(queues[i].id, runtimePrincipalId, dataReceiver)
    scope: queues[i]
    properties: {
      roleDefinitionId: dataReceiver
      principalId: runtimePrincipalId
      principalType: 'ServicePrincipal'
    }
  }
]

// KEDA reads queue runtime properties, which Service Bus only serves to Manage rights; scoped to the two queues.
resource scalerReads 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (queueName, i) in queueNames: {
    name: guid(queues[i].id, scalerPrincipalId, dataOwner)
    scope: queues[i]
    properties: {
      roleDefinitionId: dataOwner
      principalId: scalerPrincipalId
      principalType: 'ServicePrincipal'
    }
  }
]

output id string = namespace.id
output name string = namespace.name
output queueNames array = queueNames
output connectionStringSecretUri string = connectionString.outputs.uri
