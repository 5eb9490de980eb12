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

@description('Record prompt and completion content on GenAI spans, redacted by the PII redactor (Telemetry__CaptureContent). Off by default.')
param captureGenAiContent bool = false

@description('Approval-link signing key, stored in Key Vault. Generated per deployment when not given: pass the existing one to keep outstanding links valid.')
@secure()
param approvalSigningKey string = newGuid()

@description('PII hash (pseudonym) key, stored in Key Vault. Generated per deployment when not given: pass the existing one, or pseudonyms change.')
@secure()
param piiHashKey string = '${newGuid()}${newGuid()}'

@description('PII encryption key, stored in Key Vault. Generated per deployment when not given: pass the existing one, or stored encrypted values can no longer be decrypted.')
@secure()
param piiEncryptionKey string = '${newGuid()}${newGuid()}'

@description('Mailbox that receives approval requests (Approvals__Approvers__0).')
param approverEmail string = 'approvers@example.com'

@description('SMTP server for approval e-mails (Mail__Smtp__Host); empty keeps the pickup folder.')
param smtpHost string = ''

@description('SMTP user name (Mail__Smtp__UserName); empty: no authentication.')
param smtpUserName string = ''

@description('SMTP password, stored in Key Vault as smtp-password (Mail__Smtp__Password).')
@secure()
param smtpPassword string = ''

@description('Slack bot token (xoxb-…), stored in Key Vault as slack-bot-token (Slack__BotToken); empty: no Slack app.')
@secure()
param slackBotToken string = ''

@description('Slack app signing secret, stored in Key Vault as slack-signing-secret (Slack__SigningSecret).')
@secure()
param slackSigningSecret string = ''

@description('Slack incoming-webhook URL, stored in Key Vault as slack-webhook-url (Slack__WebhookUrl); used when no bot token is set.')
@secure()
param slackWebhookUrl string = ''

@description('Slack channel id for approval messages (Slack__Channel); empty: direct messages to approvers.')
param slackChannel string = ''

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
    secrets: union(
      {
        'approvals-signing-key': approvalSigningKey
        'pii-hash-key': piiHashKey
        'pii-encryption-key': piiEncryptionKey
      },
      empty(smtpPassword) ? {} : { 'smtp-password': smtpPassword },
      empty(slackBotToken) ? {} : { 'slack-bot-token': slackBotToken },
      empty(slackSigningSecret) ? {} : { 'slack-signing-secret': slackSigningSecret },
      empty(slackWebhookUrl) ? {} : { 'slack-webhook-url': slackWebhookUrl }
    )
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
    Guardrails__Pii__HashKey: '@Microsoft.KeyVault(VaultName=${vault.outputs.name};SecretName=pii-hash-key)'
    Guardrails__Pii__EncryptionKey: '@Microsoft.KeyVault(VaultName=${vault.outputs.name};SecretName=pii-encryption-key)'
    Approvals__DefaultTimeout: '1.00:00:00'
    Approvals__Approvers__0: approverEmail
    Mail__PickupDirectory: '/tmp/ainative/mail'
    Mail__From: mailFrom
    Approvals__DefaultGroup: ''
    Approvals__Quorum: '1'
    Approvals__RemindBefore: '02:00:00'
    Approvals__EscalateAfter: '12:00:00'
    Mail__Smtp__Host: smtpHost
    Mail__Smtp__Port: '587'
    Mail__Smtp__Security: 'StartTls'
    Mail__Smtp__UserName: smtpUserName
    Mail__Smtp__Password: empty(smtpPassword) ? '' : '@Microsoft.KeyVault(VaultName=${vault.outputs.name};SecretName=smtp-password)'
    Mail__Smtp__Timeout: '00:00:30'
    Slack__BotToken: empty(slackBotToken) ? '' : '@Microsoft.KeyVault(VaultName=${vault.outputs.name};SecretName=slack-bot-token)'
    Slack__SigningSecret: empty(slackSigningSecret) ? '' : '@Microsoft.KeyVault(VaultName=${vault.outputs.name};SecretName=slack-signing-secret)'
    Slack__WebhookUrl: empty(slackWebhookUrl) ? '' : '@Microsoft.KeyVault(VaultName=${vault.outputs.name};SecretName=slack-webhook-url)'
    Slack__ApiBaseUrl: 'https://slack.com/api/'
    Slack__Channel: slackChannel
    Slack__ReplayWindow: '00:05:00'
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
    Gateway__BudgetSyncInterval: '00:00:05'
    Gateway__SharedBudgets: 'true'
    Gateway__CacheGenerationRefresh: '00:00:10'
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
    Agents__MemoryTokenBudget: '4000'
    Agents__ReservedOutputTokens: '1024'
    Agents__SessionTurnsPerGeneration: '10'
    Agents__SessionIdleTimeout: '1.00:00:00'
    Agents__MaxStepsPerTurn: '6'
    Tools__DrillDelayAfterExecute: '00:00:00'
    Tools__DrillTool: ''
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
    Telemetry__CaptureContent: captureGenAiContent ? 'true' : 'false'
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
