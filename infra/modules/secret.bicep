// One Key Vault secret and who may read it. Access is granted on the secret itself, not the vault,
// so an identity reads exactly the secrets it is given.
param vaultName string
param secretName string
@secure()
param value string
param readerPrincipalIds array
param tags object

var keyVaultSecretsUser = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: vaultName
}

resource secret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: secretName
  tags: tags
  properties: {
    value: value
    contentType: 'text/plain'
  }
}

resource readers 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for principalId in readerPrincipalIds: {
    name: guid(secret.id, principalId, keyVaultSecretsUser)
    scope: secret
    properties: {
      roleDefinitionId: keyVaultSecretsUser
      principalId: principalId
      principalType: 'ServicePrincipal'
    }
  }
]

// Versionless: Container Apps re-reads it (about every 30 minutes), so a rotated value needs no redeploy.
output uri string = secret.properties.secretUri
