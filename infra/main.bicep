// ShopifyRecovery on Azure: App and Worker on Container Apps, Azure SQL, Service Bus, Key Vault,
// Application Insights + Log Analytics, managed identities. See infra/README.md for the choices and
// docs/operations.md for deploying and running it.
targetScope = 'resourceGroup'

@description('Short environment name, part of every resource name.')
@allowed([
  'dev'
  'prod'
])
param environmentName string

@description('Lowercase letters and digits; the start of every resource name.')
@minLength(3)
@maxLength(10)
param namePrefix string = 'shoprec'

param location string = resourceGroup().location

@description('Images built with `dotnet publish -t:PublishContainer` and pushed to the registry this template creates.')
param appImage string
param workerImage string

@description('OpenTelemetry Collector (contrib build: it has the azuremonitor exporter), pinned.')
param collectorImage string = 'otel/opentelemetry-collector-contrib:0.120.0'

@description('False on the very first deployment: creates registry, vault, bus and database so images and secrets can be put in place first.')
param deployApps bool = true

@description('Shopify client id (public: it is in the admin page too).')
param shopifyApiKey string

@secure()
@description('Shopify client secret; signs webhooks, OAuth and session tokens.')
param shopifyApiSecret string

@secure()
param sendGridApiKey string

@description('SendGrid signed event webhook public key (not a secret).')
param sendGridWebhookVerificationKey string = ''

@description('Public base URL of the App (custom domain). Empty: the Container Apps default host name.')
param appUrl string = ''

@description('Microsoft Entra group that administers the SQL server (and creates the database users for the identities).')
param sqlAdminGroupName string
param sqlAdminGroupObjectId string

@description('SKU object of the database, e.g. { name: \'GP_S_Gen5\', tier: \'GeneralPurpose\', family: \'Gen5\', capacity: 1 }.')
param sqlDatabaseSku object
param sqlBackupRetentionDays int = 7
param zoneRedundant bool = false

@description('Standard caps a message at 256 KB, so webhooks above Shopify__WebhookMaxBodyBytes (240 KiB then) are refused with 413.')
@allowed([
  'Standard'
  'Premium'
])
param serviceBusSku string = 'Standard'

param appMinReplicas int = 1
param appMaxReplicas int = 5
param workerMinReplicas int = 1
param workerMaxReplicas int = 5
@description('Queue length one Worker replica is expected to keep up with before KEDA adds another.')
param workerQueueMessagesPerReplica int = 200

@description('Kill switch for every recovery email (Recovery:SendsEnabled).')
param sendsEnabled bool = true
@description('Only shops with an active app subscription (Shopify App Pricing) get emails (Billing:Required).')
param billingRequired bool = true
param permitsPerMinute int = 120
param webhookPermitsPerMinute int = 1200

param alertEmail string
param queueBacklogThreshold int = 5000
@description('Alert when no webhook arrived for two hours; off until shops are installed.')
param expectWebhooks bool = false
param logRetentionInDays int = 30

var suffix = uniqueString(resourceGroup().id)
var baseName = '${namePrefix}-${environmentName}'
var tags = {
  application: 'ShopifyRecovery'
  environment: environmentName
}
// Standard Service Bus cannot carry a 1 MiB webhook; refuse what it cannot hold instead of failing to publish.
var webhookMaxBodyBytes = serviceBusSku == 'Premium' ? 1048576 : 245760

module identities 'modules/identity.bicep' = {
  name: 'identities'
  params: {
    location: location
    namePrefix: baseName
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    namePrefix: baseName
    retentionInDays: logRetentionInDays
    tags: tags
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    vaultName: take('kv${namePrefix}${environmentName}${suffix}', 24)
    purgeProtection: environmentName == 'prod'
    runtimePrincipalId: identities.outputs.runtimePrincipalId
    tags: tags
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: 'appi-${baseName}'
  dependsOn: [
    monitoring
  ]
}

module shopifySecret 'modules/secret.bicep' = {
  name: 'secret-shopify'
  params: {
    vaultName: keyVault.outputs.name
    secretName: 'shopify-api-secret'
    value: shopifyApiSecret
    readerPrincipalIds: [
      identities.outputs.runtimePrincipalId
    ]
    tags: tags
  }
}

module sendGridSecret 'modules/secret.bicep' = {
  name: 'secret-sendgrid'
  params: {
    vaultName: keyVault.outputs.name
    secretName: 'sendgrid-api-key'
    value: sendGridApiKey
    readerPrincipalIds: [
      identities.outputs.runtimePrincipalId
    ]
    tags: tags
  }
}

module appInsightsSecret 'modules/secret.bicep' = {
  name: 'secret-appinsights'
  params: {
    vaultName: keyVault.outputs.name
    secretName: 'appinsights-connection-string'
    value: appInsights.properties.ConnectionString
    readerPrincipalIds: [
      identities.outputs.runtimePrincipalId
    ]
    tags: tags
  }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'servicebus'
  params: {
    location: location
    namespaceName: 'sb-${baseName}-${suffix}'
    sku: serviceBusSku
    vaultName: keyVault.outputs.name
    runtimePrincipalId: identities.outputs.runtimePrincipalId
    scalerPrincipalId: identities.outputs.scalerPrincipalId
    tags: tags
  }
}

module sql 'modules/sql.bicep' = {
  name: 'sql'
  params: {
    location: location
    serverName: 'sql-${baseName}-${suffix}'
    databaseName: 'shopify-recovery'
    adminGroupName: sqlAdminGroupName
    adminGroupObjectId: sqlAdminGroupObjectId
    databaseSku: sqlDatabaseSku
    backupRetentionDays: sqlBackupRetentionDays
    zoneRedundant: zoneRedundant
    vaultName: keyVault.outputs.name
    runtimePrincipalId: identities.outputs.runtimePrincipalId
    runtimeClientId: identities.outputs.runtimeClientId
    migratorPrincipalId: identities.outputs.migratorPrincipalId
    migratorClientId: identities.outputs.migratorClientId
    tags: tags
  }
}

module registry 'modules/registry.bicep' = {
  name: 'registry'
  params: {
    location: location
    registryName: take('cr${namePrefix}${environmentName}${suffix}', 50)
    pullerPrincipalIds: [
      identities.outputs.runtimePrincipalId
      identities.outputs.migratorPrincipalId
    ]
    tags: tags
  }
}

module apps 'modules/containerapps.bicep' = if (deployApps) {
  name: 'containerapps'
  params: {
    location: location
    namePrefix: baseName
    tags: tags
    workspaceId: monitoring.outputs.workspaceId
    registryLoginServer: registry.outputs.loginServer
    appImage: appImage
    workerImage: workerImage
    collectorImage: collectorImage
    runtimeIdentityId: identities.outputs.runtimeId
    runtimeClientId: identities.outputs.runtimeClientId
    migratorIdentityId: identities.outputs.migratorId
    migratorClientId: identities.outputs.migratorClientId
    scalerIdentityId: identities.outputs.scalerId
    secretUris: {
      shopifyApiSecret: shopifySecret.outputs.uri
      sendGridApiKey: sendGridSecret.outputs.uri
      sqlConnectionString: sql.outputs.runtimeConnectionStringSecretUri
      sqlMigratorConnectionString: sql.outputs.migratorConnectionStringSecretUri
      serviceBusConnectionString: serviceBus.outputs.connectionStringSecretUri
      appInsightsConnectionString: appInsightsSecret.outputs.uri
    }
    shopifyApiKey: shopifyApiKey
    appUrl: appUrl
    sendGridWebhookVerificationKey: sendGridWebhookVerificationKey
    webhookMaxBodyBytes: webhookMaxBodyBytes
    dataProtectionKeyUri: keyVault.outputs.dataProtectionKeyUri
    sendsEnabled: sendsEnabled
    billingRequired: billingRequired
    permitsPerMinute: permitsPerMinute
    webhookPermitsPerMinute: webhookPermitsPerMinute
    serviceBusNamespaceName: serviceBus.outputs.name
    queueNames: serviceBus.outputs.queueNames
    appMinReplicas: appMinReplicas
    appMaxReplicas: appMaxReplicas
    workerMinReplicas: workerMinReplicas
    workerMaxReplicas: workerMaxReplicas
    workerQueueMessagesPerReplica: workerQueueMessagesPerReplica
  }
}

module alerts 'modules/alerts.bicep' = if (deployApps) {
  name: 'alerts'
  params: {
    location: location
    namePrefix: baseName
    tags: tags
    alertEmail: alertEmail
    serviceBusNamespaceId: serviceBus.outputs.id
    sqlDatabaseId: sql.outputs.databaseId
    appId: apps!.outputs.appId
    workerId: apps!.outputs.workerId
    appInsightsId: monitoring.outputs.appInsightsId
    queueBacklogThreshold: queueBacklogThreshold
    expectWebhooks: expectWebhooks
  }
}

output registryLoginServer string = registry.outputs.loginServer
output keyVaultName string = keyVault.outputs.name
output serviceBusNamespace string = serviceBus.outputs.name
output sqlServerName string = sql.outputs.serverName
output sqlDatabaseName string = sql.outputs.databaseName
output runtimeIdentityName string = identities.outputs.runtimeName
output migratorIdentityName string = identities.outputs.migratorName
output appUrl string = deployApps ? apps!.outputs.appUrl : ''
output migrateJobName string = deployApps ? apps!.outputs.migrateJobName : ''
output opsJobName string = deployApps ? apps!.outputs.opsJobName : ''
