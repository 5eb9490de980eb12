metadata description = 'The AiNative operations workbook (dashboards as code): token spend, latency by SLO class, cache, breakers, approvals, evals.'

@description('Display name of the workbook.')
param displayName string

@description('Location of the workbook.')
param location string

@description('Tags applied to the workbook; hidden-title shows the display name in the portal.')
param tags object = {}

@description('Resource id of the Application Insights component the queries run against.')
param applicationInsightsId string

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(resourceGroup().id, 'ainative-workbook')
  location: location
  tags: union(tags, { 'hidden-title': displayName })
  kind: 'shared'
  properties: {
    displayName: displayName
    category: 'workbook'
    sourceId: applicationInsightsId
    serializedData: loadTextContent('../../dashboards/ainative-workbook.json')
  }
}

@description('Resource id of the workbook.')
output resourceId string = workbook.id
