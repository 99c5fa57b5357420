// Azure SQL with Microsoft Entra authentication only: no SQL logins, no passwords anywhere. The apps connect as
// their managed identities; the database users for them are created once by an Entra admin (docs/operations.md).
param location string
param serverName string
param databaseName string
param adminGroupName string
param adminGroupObjectId string
param databaseSku object
param backupRetentionDays int
param zoneRedundant bool
param vaultName string
param runtimePrincipalId string
param runtimeClientId string
param migratorPrincipalId string
param migratorClientId string
param tags object

resource server 'Microsoft.Sql/servers@2023-08-01' = {
  name: serverName
  location: location
  tags: tags
  properties: {
    minimalTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
    administrators: {
      administratorType: 'ActiveDirectory'
      azureADOnlyAuthentication: true
      login: adminGroupName
      sid: adminGroupObjectId
      tenantId: tenant().tenantId
      principalType: 'Group'
    }
  }
}

// Container Apps on the consumption plan have no fixed outbound addresses; this rule admits Azure services only.
resource allowAzure 'Microsoft.Sql/servers/firewallRules@2023-08-01' = {
  parent: server
  name: 'AllowAllWindowsAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

resource database 'Microsoft.Sql/servers/databases@2023-08-01' = {
  parent: server
  name: databaseName
  location: location
  tags: tags
  sku: databaseSku
  properties: {
    collation: 'SQL_Latin1_General_CP1_CI_AS'
    zoneRedundant: zoneRedundant
    requestedBackupStorageRedundancy: zoneRedundant ? 'Zone' : 'Local'
  }
}

resource shortTermBackups 'Microsoft.Sql/servers/databases/backupShortTermRetentionPolicies@2023-08-01' = {
  parent: database
  name: 'default'
  properties: {
    retentionDays: backupRetentionDays
  }
}

var baseConnectionString = 'Server=tcp:${server.properties.fullyQualifiedDomainName},1433;Database=${database.name};Encrypt=True;TrustServerCertificate=False;Connection Timeout=30;Authentication=Active Directory Managed Identity'

// No password in either string; they live in Key Vault so the server can move without a redeploy of the apps.
module runtimeConnectionString 'secret.bicep' = {
  name: 'secret-sql-runtime'
  params: {
    vaultName: vaultName
    secretName: 'sql-connection-string'
    value: '${baseConnectionString};User Id=${runtimeClientId}'
    readerPrincipalIds: [
      runtimePrincipalId
    ]
    tags: tags
  }
}

module migratorConnectionString 'secret.bicep' = {
  name: 'secret-sql-migrator'
  params: {
    vaultName: vaultName
    secretName: 'sql-migrator-connection-string'
    value: '${baseConnectionString};User Id=${migratorClientId}'
    readerPrincipalIds: [
      migratorPrincipalId
    ]
    tags: tags
  }
}

output id string = server.id
output serverName string = server.name
output databaseId string = database.id
output databaseName string = database.name
output runtimeConnectionStringSecretUri string = runtimeConnectionString.outputs.uri
output migratorConnectionStringSecretUri string = migratorConnectionString.outputs.uri
