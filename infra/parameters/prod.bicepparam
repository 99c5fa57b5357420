// Production: at least two App replicas (webhooks keep landing during a rollout or a replica loss), a Worker that
// scales out on queue length, provisioned zone-redundant database, Premium Service Bus so 1 MiB webhooks fit.
// Secrets come from the deploying pipeline's environment, never from this file.
using '../main.bicep'

param environmentName = 'prod'
param appImage = readEnvironmentVariable('APP_IMAGE')
param workerImage = readEnvironmentVariable('WORKER_IMAGE')
param deployApps = bool(readEnvironmentVariable('DEPLOY_APPS', 'true'))

param shopifyApiKey = readEnvironmentVariable('SHOPIFY_API_KEY')
param shopifyApiSecret = readEnvironmentVariable('SHOPIFY_API_SECRET')
param sendGridApiKey = readEnvironmentVariable('SENDGRID_API_KEY')
param sendGridWebhookVerificationKey = readEnvironmentVariable('SENDGRID_WEBHOOK_VERIFICATION_KEY')
param appUrl = readEnvironmentVariable('APP_URL')

param sqlAdminGroupName = readEnvironmentVariable('SQL_ADMIN_GROUP_NAME')
param sqlAdminGroupObjectId = readEnvironmentVariable('SQL_ADMIN_GROUP_OBJECT_ID')
param sqlDatabaseSku = {
  name: 'GP_Gen5'
  tier: 'GeneralPurpose'
  family: 'Gen5'
  capacity: 2
}
param sqlBackupRetentionDays = 35
param zoneRedundant = true

param serviceBusSku = 'Premium'
param appMinReplicas = 2
param appMaxReplicas = 10
param workerMinReplicas = 2
param workerMaxReplicas = 10
param workerQueueMessagesPerReplica = 200

param sendsEnabled = bool(readEnvironmentVariable('SENDS_ENABLED', 'true'))
param billingRequired = true
param alertEmail = readEnvironmentVariable('ALERT_EMAIL')
param queueBacklogThreshold = 5000
param expectWebhooks = true
param logRetentionInDays = 90
