// Three identities so each holds only what its job needs:
//   runtime  - App and Worker: read their secrets, use the queues, pull images, use the Data Protection key.
//   migrator - the `migrate` job: the only identity allowed to change the database schema.
//   scaler   - KEDA in the Worker's scale rules: reads queue lengths (Service Bus needs Manage rights for that).
param location string
param namePrefix string
param tags object

resource runtime 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'id-${namePrefix}-runtime'
  location: location
  tags: tags
}

resource migrator 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'id-${namePrefix}-migrator'
  location: location
  tags: tags
}

resource scaler 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'id-${namePrefix}-scaler'
  location: location
  tags: tags
}

output runtimeId string = runtime.id
output runtimeName string = runtime.name
output runtimePrincipalId string = runtime.properties.principalId
output runtimeClientId string = runtime.properties.clientId
output migratorId string = migrator.id
output migratorName string = migrator.name
output migratorPrincipalId string = migrator.properties.principalId
output migratorClientId string = migrator.properties.clientId
output scalerId string = scaler.id
output scalerPrincipalId string = scaler.properties.principalId
