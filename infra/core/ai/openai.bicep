metadata description = 'An Azure OpenAI account with key auth disabled and the model deployments the catalog names.'

@description('Name of the account (also its custom subdomain).')
param name string

@description('Location of the account; model availability differs by region.')
param location string

@description('Tags applied to the account.')
param tags object = {}

@description('Model deployments: name (the catalog id, used as Models__ChatModel / Models__EmbeddingModel), model, version, sku, capacity (thousands of tokens per minute).')
param deployments deploymentType[]

type deploymentType = {
  @description('Deployment name; the id of the model in catalog/models.yaml.')
  name: string
  @description('Model name.')
  model: string
  @description('Model version.')
  version: string
  @description('Deployment SKU, e.g. GlobalStandard or Standard.')
  sku: string
  @description('Capacity in thousands of tokens per minute.')
  capacity: int
}

resource account 'Microsoft.CognitiveServices/accounts@2026-07-01' = {
  name: name
  location: location
  tags: tags
  kind: 'OpenAI'
  sku: { name: 'S0' }
  properties: {
    customSubDomainName: name
    // Entra ID only: the app's identity holds Cognitive Services OpenAI User.
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
    networkAcls: { defaultAction: 'Allow' }
  }
}

// One at a time: the service rejects concurrent deployment changes on one account.
@batchSize(1)
resource modelDeployments 'Microsoft.CognitiveServices/accounts/deployments@2026-07-01' = [
  for deployment in deployments: {
    parent: account
    name: deployment.name
    sku: {
      name: deployment.sku
      capacity: deployment.capacity
    }
    properties: {
      model: {
        format: 'OpenAI'
        name: deployment.model
        version: deployment.version
      }
    }
  }
]

@description('Endpoint of the account (Models__Endpoint).')
output endpoint string = account.properties.endpoint

@description('Resource id of the account.')
output resourceId string = account.id

@description('Name of the account.')
output name string = account.name
