metadata description = 'A user-assigned managed identity: the one identity the app uses for every Azure resource.'

@description('Name of the identity.')
param name string

@description('Location of the identity.')
param location string

@description('Tags applied to the identity.')
param tags object = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

@description('Resource id of the identity.')
output resourceId string = identity.id

@description('Client id (AZURE_CLIENT_ID for DefaultAzureCredential).')
output clientId string = identity.properties.clientId

@description('Principal id, for role assignments.')
output principalId string = identity.properties.principalId

@description('Name of the identity.')
output name string = identity.name
