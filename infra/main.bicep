targetScope = 'subscription'

metadata description = 'AiNative.Functions on Azure: Function App (Flex Consumption, .NET 10 isolated), Storage, Application Insights, Azure OpenAI, Azure AI Search, Key Vault and a user-assigned identity. Every module is local (the public registry is not reachable from the build machines) and follows the Azure Verified Modules conventions.'

@description('azd environment name; names and tags derive from it.')
@minLength(1)
@maxLength(64)
param environmentName string

@description('Region of every resource.')
@minLength(1)
param location string

@description('Region of Azure OpenAI, where the catalog models are offered (defaults to location).')
param openAiLocation string = location

@description('Object id of the deploying user: gets the same data roles as the app so a local host can use the deployed services. Empty to skip.')
param principalId string = ''

@description('Durable Functions backend: AzureStorage (task hub in the storage account) or DurableTaskScheduler (managed).')
@allowed(['AzureStorage', 'DurableTaskScheduler'])
param durableBackend string = 'AzureStorage'

@description('Deploy Azure AI Search (the managed retrieval index).')
param deploySearch bool = true

@description('Azure OpenAI deployments; names are ids from catalog/models.yaml (chat: provider azure-openai; embeddings).')
param modelDeployments array = [
  {
    name: 'gpt-4o'
    model: 'gpt-4o'
    version: '2024-11-20'
    sku: 'GlobalStandard'
    capacity: 30
  }
  {
    name: 'text-embedding-3-small'
    model: 'text-embedding-3-small'
    version: '1'
    sku: 'Standard'
    capacity: 30
  }
]

@description('Chat deployment the app uses (Models__ChatModel).')
param chatModel string = 'gpt-4o'

@description('Embedding deployment the app uses (Models__EmbeddingModel).')
param embeddingModel string = 'text-embedding-3-small'

@description('Approval-link signing key, stored in Key Vault. Generated per deployment when not given: pass the existing one to keep outstanding links valid.')
@secure()
param approvalSigningKey string = newGuid()

@description('Mailbox that receives approval requests (Approvals__Approvers__0).')
param approverEmail string = 'approvers@example.com'

@description('Sender of approval e-mails (Mail__From).')
param mailFrom string = 'ainative@example.com'

var tags = { 'azd-env-name': environmentName }
var token = toLower(uniqueString(subscription().id, environmentName, location))
var taskHubName = 'ainative'
var deploymentContainerName = 'app-package-${take(token, 7)}'

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'core/identity/user-assigned-identity.bicep' = {
  scope: rg
  params: {
    name: 'id-${token}'
    location: location
    tags: tags
  }
}

module monitoring 'core/monitor/monitoring.bicep' = {
  scope: rg
  params: {
    logAnalyticsName: 'log-${token}'
    applicationInsightsName: 'appi-${token}'
    location: location
    tags: tags
  }
}

module workbook 'core/monitor/workbook.bicep' = {
  scope: rg
  params: {
    displayName: 'AiNative (${environmentName})'
    location: location
    tags: tags
    applicationInsightsId: monitoring.outputs.applicationInsightsId
  }
}

module storage 'core/storage/storage-account.bicep' = {
  scope: rg
  params: {
    name: 'st${token}'
    location: location
    tags: tags
    containers: [deploymentContainerName]
  }
}

module vault 'core/security/key-vault.bicep' = {
  scope: rg
  params: {
    name: 'kv-${take(token, 20)}'
    location: location
    tags: tags
    secrets: {
      'approvals-signing-key': approvalSigningKey
    }
  }
}

module openAi 'core/ai/openai.bicep' = {
  scope: rg
  params: {
    name: 'oai-${token}'
    location: openAiLocation
    tags: tags
    deployments: modelDeployments
  }
}

module search 'core/search/search.bicep' = if (deploySearch) {
  scope: rg
  params: {
    name: 'srch-${token}'
    location: location
    tags: tags
  }
}

module scheduler 'core/durable/scheduler.bicep' = if (durableBackend == 'DurableTaskScheduler') {
  scope: rg
  params: {
    name: 'dts-${token}'
    taskHubName: taskHubName
    location: location
    tags: tags
    principalId: identity.outputs.principalId
  }
}

module appRoles 'app/role-assignments.bicep' = {
  scope: rg
  params: {
    principalId: identity.outputs.principalId
    storageAccountName: storage.outputs.name
    openAiName: openAi.outputs.name
    searchName: deploySearch ? 'srch-${token}' : ''
    keyVaultName: vault.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
  }
  dependsOn: [search]
}

module userRoles 'app/role-assignments.bicep' = if (!empty(principalId)) {
  scope: rg
  params: {
    principalId: principalId
    principalType: 'User'
    storageAccountName: storage.outputs.name
    openAiName: openAi.outputs.name
    searchName: deploySearch ? 'srch-${token}' : ''
    keyVaultName: vault.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
  }
  dependsOn: [search]
}

var functionAppName = 'func-${token}'

// Every setting the app reads (local.settings.sample.json and the Options classes), with the deployed values.
// tests/AiNative.Platform.Tests/Telemetry/Infra checks that none is missing.
var platformSettings = union(
  {
    AINATIVE_TASK_HUB: taskHubName
    AiNative__DataDirectory: '/tmp/ainative'
    AiNative__CatalogDirectory: ''
    AiNative__PublicBaseUrl: 'https://${functionAppName}.azurewebsites.net'
    AiNative__SeedDemoData: 'false'
    Approvals__SigningKey: '@Microsoft.KeyVault(VaultName=${vault.outputs.name};SecretName=approvals-signing-key)'
    Approvals__DefaultTimeout: '1.00:00:00'
    Approvals__Approvers__0: approverEmail
    Mail__PickupDirectory: '/tmp/ainative/mail'
    Mail__From: mailFrom
    Models__Provider: 'azure-openai'
    Models__Endpoint: openAi.outputs.endpoint
    Models__ApiKey: ''
    Models__ChatModel: chatModel
    Models__EmbeddingProvider: 'azure-openai'
    Models__EmbeddingModel: embeddingModel
    Models__AzureApiVersion: '2024-10-21'
    Models__DefaultModel: ''
    Models__EnabledModels: ''
    Gateway__BudgetPeriod: '1.00:00:00'
    Gateway__CacheEnabled: 'true'
    Gateway__CacheTtl: '01:00:00'
    Gateway__CacheMemoryEntries: '2000'
    Gateway__CachePersistent: 'true'
    Gateway__Resilience__MaxRetries: '2'
    Gateway__Resilience__BaseDelay: '00:00:00.200'
    Gateway__Resilience__MaxRetryAfter: '00:00:10'
    Gateway__Resilience__MinimumTimeout: '00:00:30'
    Gateway__Resilience__TimeoutP95Multiplier: '4'
    Gateway__Resilience__TimeoutPerThousandInputTokens: '00:00:01'
    Gateway__Resilience__BreakerFailureRatio: '0.1'
    Gateway__Resilience__BreakerWindow: '00:05:00'
    Gateway__Resilience__BreakerMinimumCalls: '10'
    Gateway__Resilience__BreakerCooldown: '00:15:00'
    Billing__MaxRefundAmount: '5000'
    Ingestion__ChunkingStrategy: 'Recursive'
    Ingestion__ChunkSizeUnit: 'Characters'
    Ingestion__ChunkSize: '1000'
    Ingestion__ChunkOverlap: '100'
    Ingestion__BatchSize: '64'
    Ingestion__MaxDocumentBytes: '10485760'
    Ingestion__FetchTimeout: '00:00:30'
    Ingestion__AllowPrivateNetworkUrls: 'false'
    Knowledge__MinQualityScore: '0.2'
    // The deployed knowledge store is the AI Search index (keyless: the app identity holds Search Index Data Contributor and
    // Search Service Contributor, so it creates the index itself); without the service, the embedded SQLite file.
    Knowledge__Store: deploySearch ? 'AzureAISearch' : 'Embedded'
    Knowledge__SearchEndpoint: deploySearch ? search!.outputs.endpoint : ''
    Knowledge__SearchIndexName: 'knowledge'
    Knowledge__SearchApiKeySetting: ''
    Knowledge__SemanticRanker: 'false'
    Knowledge__MaxResults: '20'
    Knowledge__SweepInterval: '00:01:00'
    Knowledge__ReembedChunksPerSweep: '256'
    Telemetry__ConsoleExporter: 'false'
    OTEL_SERVICE_NAME: 'ainative-functions'
  },
  durableBackend == 'DurableTaskScheduler'
    ? {
        DURABLE_TASK_SCHEDULER_CONNECTION_STRING: 'Endpoint=${scheduler!.outputs.endpoint};Authentication=ManagedIdentity;ClientID=${identity.outputs.clientId}'
      }
    : {}
)

module functionApp 'app/function-app.bicep' = {
  scope: rg
  params: {
    name: functionAppName
    planName: 'plan-${token}'
    location: location
    tags: tags
    identityId: identity.outputs.resourceId
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    storageBlobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    appSettings: platformSettings
  }
  dependsOn: [appRoles]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_CLIENT_ID string = identity.outputs.clientId
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_FUNCTION_URL string = 'https://${functionApp.outputs.defaultHostName}'
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output AZURE_STORAGE_QUEUE_ENDPOINT string = storage.outputs.queueEndpoint
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint
output AZURE_KEY_VAULT_NAME string = vault.outputs.name
output AZURE_KEY_VAULT_URI string = vault.outputs.uri
output AZURE_OPENAI_ENDPOINT string = openAi.outputs.endpoint
output AZURE_OPENAI_CHAT_DEPLOYMENT string = chatModel
output AZURE_OPENAI_EMBEDDING_DEPLOYMENT string = embeddingModel
output AZURE_SEARCH_ENDPOINT string = deploySearch ? search!.outputs.endpoint : ''
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.connectionString
output AINATIVE_TASK_HUB string = taskHubName
output DURABLE_BACKEND string = durableBackend
output DURABLE_TASK_SCHEDULER_ENDPOINT string = durableBackend == 'DurableTaskScheduler' ? scheduler!.outputs.endpoint : ''
