// App (HTTP, scales on concurrent requests) and Worker (no ingress, scales on queue length) as separate Container
// Apps in one environment, plus two manual jobs on the Worker image: `migrate` (schema, run before each rollout)
// and `ops` (dead-letter list/replay and other operator verbs, arguments given at start).
// Every secret is a Key Vault reference read with the runtime identity; no secret value passes through here.
param location string
param namePrefix string
param tags object
param workspaceId string
param registryLoginServer string
param appImage string
param workerImage string
param collectorImage string
param runtimeIdentityId string
param runtimeClientId string
param migratorIdentityId string
param migratorClientId string
param scalerIdentityId string
param secretUris {
  shopifyApiSecret: string
  sendGridApiKey: string
  sqlConnectionString: string
  sqlMigratorConnectionString: string
  serviceBusConnectionString: string
  appInsightsConnectionString: string
}
param shopifyApiKey string
param appUrl string
param sendGridWebhookVerificationKey string
param webhookMaxBodyBytes int
param dataProtectionKeyUri string
param sendsEnabled bool
param billingRequired bool
param permitsPerMinute int
param webhookPermitsPerMinute int
param serviceBusNamespaceName string
param queueNames array
param appMinReplicas int
param appMaxReplicas int
param workerMinReplicas int
param workerMaxReplicas int
param workerQueueMessagesPerReplica int

var appName = 'ca-${namePrefix}-app'
var workerName = 'ca-${namePrefix}-worker'
var publicUrl = empty(appUrl) ? 'https://${appName}.${environment.properties.defaultDomain}' : appUrl

// Container Apps secrets, each a Key Vault reference (versionless URI, refreshed by the platform).
var runtimeSecrets = [
  {
    name: 'shopify-api-secret'
    keyVaultUrl: secretUris.shopifyApiSecret
    identity: runtimeIdentityId
  }
  {
    name: 'sendgrid-api-key'
    keyVaultUrl: secretUris.sendGridApiKey
    identity: runtimeIdentityId
  }
  {
    name: 'sql-connection-string'
    keyVaultUrl: secretUris.sqlConnectionString
    identity: runtimeIdentityId
  }
  {
    name: 'servicebus-connection-string'
    keyVaultUrl: secretUris.serviceBusConnectionString
    identity: runtimeIdentityId
  }
  {
    name: 'appinsights-connection-string'
    keyVaultUrl: secretUris.appInsightsConnectionString
    identity: runtimeIdentityId
  }
]

var migratorSecrets = [
  {
    name: 'sql-migrator-connection-string'
    keyVaultUrl: secretUris.sqlMigratorConnectionString
    identity: migratorIdentityId
  }
]

// The app's configuration keys (ARCHITECTURE.md section 3) as environment variables; `__` stands for `:`.
var sharedEnv = [
  {
    name: 'DOTNET_ENVIRONMENT'
    value: 'Production'
  }
  {
    name: 'ASPNETCORE_ENVIRONMENT'
    value: 'Production'
  }
  {
    name: 'AZURE_CLIENT_ID'
    value: runtimeClientId
  }
  {
    name: 'Shopify__ApiKey'
    value: shopifyApiKey
  }
  {
    name: 'Shopify__ApiSecret'
    secretRef: 'shopify-api-secret'
  }
  {
    name: 'Shopify__AppUrl'
    value: publicUrl
  }
  {
    name: 'Shopify__WebhookMaxBodyBytes'
    value: string(webhookMaxBodyBytes)
  }
  {
    name: 'Database__Provider'
    value: 'SqlServer'
  }
  {
    name: 'Database__MigrateOnStart'
    value: 'false'
  }
  {
    name: 'ConnectionStrings__Database'
    secretRef: 'sql-connection-string'
  }
  {
    name: 'Messaging__Transport'
    value: 'ServiceBus'
  }
  {
    name: 'ConnectionStrings__ServiceBus'
    secretRef: 'servicebus-connection-string'
  }
  {
    name: 'Email__Provider'
    value: 'SendGrid'
  }
  {
    name: 'SendGrid__ApiKey'
    secretRef: 'sendgrid-api-key'
  }
  {
    name: 'SendGrid__WebhookVerificationKey'
    value: sendGridWebhookVerificationKey
  }
  {
    name: 'Recovery__TimeScale'
    value: '1'
  }
  {
    name: 'Recovery__SendsEnabled'
    value: string(sendsEnabled)
  }
  {
    name: 'Billing__Required'
    value: string(billingRequired)
  }
  {
    name: 'DataProtection__KeyVaultKeyId'
    value: dataProtectionKeyUri
  }
  {
    name: 'Telemetry__Exporter'
    value: 'Otlp'
  }
  {
    name: 'Telemetry__OtlpEndpoint'
    value: 'http://localhost:4317'
  }
]

var appEnv = [
  {
    name: 'Worker__InProcess'
    value: 'false'
  }
  {
    // Ingress terminates TLS: trust X-Forwarded-For/-Proto so HTTPS, HSTS and per-client rate limits see the real values.
    name: 'ASPNETCORE_FORWARDEDHEADERS_ENABLED'
    value: 'true'
  }
  {
    name: 'RateLimiting__PermitsPerMinute'
    value: string(permitsPerMinute)
  }
  {
    name: 'RateLimiting__WebhookPermitsPerMinute'
    value: string(webhookPermitsPerMinute)
  }
]

var migratorEnv = [
  {
    name: 'DOTNET_ENVIRONMENT'
    value: 'Production'
  }
  {
    name: 'AZURE_CLIENT_ID'
    value: migratorClientId
  }
  {
    name: 'Database__Provider'
    value: 'SqlServer'
  }
  {
    name: 'ConnectionStrings__Database'
    secretRef: 'sql-migrator-connection-string'
  }
]

// The OpenTelemetry Collector runs beside each app and forwards OTLP to Application Insights
// (the managed agent of Container Apps does not forward metrics there). No interpolation in this string.
var collectorConfig = '''
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:4317
processors:
  batch: {}
exporters:
  azuremonitor:
    connection_string: ${env:APPLICATIONINSIGHTS_CONNECTION_STRING}
service:
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [azuremonitor]
    metrics:
      receivers: [otlp]
      processors: [batch]
      exporters: [azuremonitor]
    logs:
      receivers: [otlp]
      processors: [batch]
      exporters: [azuremonitor]
'''

var collector = {
  name: 'otel-collector'
  image: collectorImage
  args: [
    '--config=env:OTEL_COLLECTOR_CONFIG'
  ]
  env: [
    {
      name: 'OTEL_COLLECTOR_CONFIG'
      value: collectorConfig
    }
    {
      name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
      secretRef: 'appinsights-connection-string'
    }
  ]
  resources: {
    cpu: json('0.25')
    memory: '0.5Gi'
  }
}

var registries = [
  {
    server: registryLoginServer
    identity: runtimeIdentityId
  }
]

resource environment 'Microsoft.App/managedEnvironments@2025-01-01' = {
  name: 'cae-${namePrefix}'
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'azure-monitor'
    }
    workloadProfiles: [
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
    ]
  }
}

resource environmentLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: environment
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
  }
}

resource app 'Microsoft.App/containerApps@2025-01-01' = {
  name: appName
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${runtimeIdentityId}': {}
    }
  }
  properties: {
    environmentId: environment.id
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: 8080
        transport: 'auto'
        allowInsecure: false
      }
      registries: registries
      secrets: runtimeSecrets
    }
    template: {
      terminationGracePeriodSeconds: 30
      containers: [
        {
          name: 'app'
          image: appImage
          env: concat(sharedEnv, appEnv)
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
          probes: [
            {
              type: 'Startup'
              httpGet: {
                path: '/health/live'
                port: 8080
              }
              periodSeconds: 5
              failureThreshold: 24
            }
            {
              type: 'Liveness'
              httpGet: {
                path: '/health/live'
                port: 8080
              }
              periodSeconds: 10
              failureThreshold: 3
            }
            {
              // Not ready while the database or the bus is unreachable: webhooks then go to healthy replicas.
              type: 'Readiness'
              httpGet: {
                path: '/health/ready'
                port: 8080
              }
              periodSeconds: 10
              failureThreshold: 3
            }
          ]
        }
        collector
      ]
      scale: {
        minReplicas: appMinReplicas
        maxReplicas: appMaxReplicas
        rules: [
          {
            name: 'http-concurrency'
            http: {
              metadata: {
                concurrentRequests: '50'
              }
            }
          }
        ]
      }
    }
  }
}

resource worker 'Microsoft.App/containerApps@2025-01-01' = {
  name: workerName
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${runtimeIdentityId}': {}
      '${scalerIdentityId}': {}
    }
  }
  properties: {
    environmentId: environment.id
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      registries: registries
      secrets: runtimeSecrets
    }
    template: {
      // Messaging:DrainTimeout (20 s) must fit inside this, so handlers finish before the replica is killed.
      terminationGracePeriodSeconds: 60
      containers: [
        {
          name: 'worker'
          image: workerImage
          env: sharedEnv
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
        }
        collector
      ]
      scale: {
        // At least one replica always: the outbox relay and the reconciliation timers live here.
        minReplicas: workerMinReplicas
        maxReplicas: workerMaxReplicas
        rules: [
          for queueName in queueNames: {
            name: 'queue-${queueName}'
            custom: {
              type: 'azure-servicebus'
              identity: scalerIdentityId
              metadata: {
                namespace: serviceBusNamespaceName
                queueName: queueName
                messageCount: string(workerQueueMessagesPerReplica)
              }
            }
          }
        ]
      }
    }
  }
}

resource migrateJob 'Microsoft.App/jobs@2025-01-01' = {
  name: 'caj-${namePrefix}-migrate'
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${migratorIdentityId}': {}
    }
  }
  properties: {
    environmentId: environment.id
    workloadProfileName: 'Consumption'
    configuration: {
      triggerType: 'Manual'
      replicaTimeout: 1800
      replicaRetryLimit: 0
      manualTriggerConfig: {
        parallelism: 1
        replicaCompletionCount: 1
      }
      registries: [
        {
          server: registryLoginServer
          identity: migratorIdentityId
        }
      ]
      secrets: migratorSecrets
    }
    template: {
      containers: [
        {
          name: 'migrate'
          image: workerImage
          args: [
            'migrate'
          ]
          env: migratorEnv
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
        }
      ]
    }
  }
}

resource opsJob 'Microsoft.App/jobs@2025-01-01' = {
  name: 'caj-${namePrefix}-ops'
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${runtimeIdentityId}': {}
    }
  }
  properties: {
    environmentId: environment.id
    workloadProfileName: 'Consumption'
    configuration: {
      triggerType: 'Manual'
      replicaTimeout: 600
      replicaRetryLimit: 0
      manualTriggerConfig: {
        parallelism: 1
        replicaCompletionCount: 1
      }
      registries: registries
      secrets: runtimeSecrets
    }
    template: {
      containers: [
        {
          name: 'ops'
          image: workerImage
          // Harmless default; operators start the job with their own arguments (docs/operations.md).
          args: [
            'dead-letters'
            'list'
            queueNames[0]
          ]
          env: sharedEnv
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
        }
      ]
    }
  }
}

output appName string = app.name
output appId string = app.id
output workerName string = worker.name
output workerId string = worker.id
output appUrl string = publicUrl
output appFqdn string = app.properties.configuration.ingress.fqdn
output migrateJobName string = migrateJob.name
output opsJobName string = opsJob.name
