metadata description = 'A Key Vault with RBAC authorization, soft delete and purge protection, holding the app secrets that app settings reference.'

@description('Name of the vault.')
param name string

@description('Location of the vault.')
param location string

@description('Tags applied to the vault.')
param tags object = {}

@description('Secrets to store: name and value.')
@secure()
param secrets object = {}

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource vaultSecrets 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = [
  for secret in items(secrets): {
    parent: vault
    name: secret.key
    properties: { value: secret.value }
  }
]

@description('Name of the vault.')
output name string = vault.name

@description('Resource id of the vault.')
output resourceId string = vault.id

@description('Vault URI, for Key Vault references in app settings.')
output uri string = vault.properties.vaultUri
