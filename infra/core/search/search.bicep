metadata description = 'An Azure AI Search service with API keys disabled (Entra ID only).'

@description('Name of the service.')
param name string

@description('Location of the service.')
param location string

@description('Tags applied to the service.')
param tags object = {}

@description('Pricing tier; basic is the smallest tier with semantic ranker and a 99.9% SLA with replicas.')
@allowed(['free', 'basic', 'standard'])
param sku string = 'basic'

resource search 'Microsoft.Search/searchServices@2025-05-01' = {
  name: name
  location: location
  tags: tags
  sku: { name: sku }
  properties: {
    replicaCount: 1
    partitionCount: 1
    hostingMode: 'Default'
    // Entra ID only: the app's identity holds Search Index Data Contributor.
    disableLocalAuth: true
    publicNetworkAccess: 'enabled'
    semanticSearch: sku == 'free' ? 'disabled' : 'free'
  }
}

@description('Endpoint of the service.')
output endpoint string = 'https://${search.name}.search.windows.net'

@description('Resource id of the service.')
output resourceId string = search.id
