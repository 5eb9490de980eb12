metadata description = 'Log Analytics workspace and a workspace-based Application Insights component with local (key) auth disabled.'

@description('Name of the Log Analytics workspace.')
param logAnalyticsName string

@description('Name of the Application Insights component.')
param applicationInsightsName string

@description('Location of both resources.')
param location string

@description('Tags applied to both resources.')
param tags object = {}

@description('Days to keep logs; 30 is the free retention of Log Analytics.')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

resource workspace 'Microsoft.OperationalInsights/workspaces@2026-03-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: retentionInDays
    features: { enableLogAccessUsingOnlyResourcePermissions: true }
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    // Ingestion only with Entra ID (the app's identity has Monitoring Metrics Publisher): no instrumentation-key spoofing.
    DisableLocalAuth: true
  }
}

@description('Connection string of Application Insights (not a secret: ingestion needs Entra ID).')
output connectionString string = appInsights.properties.ConnectionString

@description('Resource id of Application Insights.')
output applicationInsightsId string = appInsights.id

@description('Name of Application Insights.')
output applicationInsightsName string = appInsights.name

@description('Resource id of the Log Analytics workspace.')
output logAnalyticsId string = workspace.id
