// Development: smallest SKUs, one replica each, serverless database that pauses when idle.
// Secrets come from the deploying shell's environment, never from this file.
using '../main.bicep'

param environmentName = 'dev'
param appImage = readEnvironmentVariable('APP_IMAGE')
param workerImage = readEnvironmentVariable('WORKER_IMAGE')
param deployApps = bool(readEnvironmentVariable('DEPLOY_APPS', 'true'))

param shopifyApiKey = readEnvironmentVariable('SHOPIFY_API_KEY')
param shopifyApiSecret = readEnvironmentVariable('SHOPIFY_API_SECRET')
param sendGridApiKey = readEnvironmentVariable('SENDGRID_API_KEY')
param sendGridWebhookVerificationKey = readEnvironmentVariable('SENDGRID_WEBHOOK_VERIFICATION_KEY', '')

param sqlAdminGroupName = readEnvironmentVariable('SQL_ADMIN_GROUP_NAME')
param sqlAdminGroupObjectId = readEnvironmentVariable('SQL_ADMIN_GROUP_OBJECT_ID')
param sqlDatabaseSku = {
  name: 'GP_S_Gen5'
  tier: 'GeneralPurpose'
  family: 'Gen5'
  capacity: 1
}
param sqlBackupRetentionDays = 7

param serviceBusSku = 'Standard'
param appMinReplicas = 1
param appMaxReplicas = 2
param workerMinReplicas = 1
param workerMaxReplicas = 2

param alertEmail = readEnvironmentVariable('ALERT_EMAIL')
param expectWebhooks = false
// Development stores are not billed; every shop installed in dev gets emails.
param billingRequired = false
param logRetentionInDays = 30
