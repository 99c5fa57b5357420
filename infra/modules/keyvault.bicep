// The vault for every secret the apps use, with RBAC (no access policies), soft delete and, in production,
// purge protection. It also holds the key that wraps the ASP.NET Core Data Protection key ring.
param location string
param vaultName string
param purgeProtection bool
param runtimePrincipalId string
param tags object

var cryptoServiceEncryptionUser = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'e147488a-f6f5-4113-8e2d-b22465e65bf6')

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: vaultName
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    // Purge protection cannot be switched off once on, so it is left unset (not false) outside production.
    enablePurgeProtection: purgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
  }
}

resource dataProtectionKey 'Microsoft.KeyVault/vaults/keys@2024-11-01' = {
  parent: vault
  name: 'dataprotection-kek'
  tags: tags
  properties: {
    kty: 'RSA'
    keySize: 3072
    keyOps: [
      'wrapKey'
      'unwrapKey'
    ]
    rotationPolicy: {
      attributes: {
        expiryTime: 'P2Y'
      }
      lifetimeActions: [
        {
          trigger: {
            timeBeforeExpiry: 'P30D'
          }
          action: {
            type: 'rotate'
          }
        }
        {
          trigger: {
            timeBeforeExpiry: 'P15D'
          }
          action: {
            type: 'notify'
          }
        }
      ]
    }
  }
}

resource runtimeUsesKey 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(dataProtectionKey.id, runtimePrincipalId, cryptoServiceEncryptionUser)
  scope: dataProtectionKey
  properties: {
    roleDefinitionId: cryptoServiceEncryptionUser
    principalId: runtimePrincipalId
    principalType: 'ServicePrincipal'
  }
}

output name string = vault.name
output dataProtectionKeyUri string = dataProtectionKey.properties.keyUri
