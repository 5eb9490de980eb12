metadata description = 'A Durable Task Scheduler and its task hub: the managed backend for Durable Functions (optional; Azure Storage otherwise).'

@description('Name of the scheduler.')
param name string

@description('Name of the task hub.')
param taskHubName string

@description('Location of the scheduler.')
param location string

@description('Tags applied to the scheduler.')
param tags object = {}

@description('Principal that runs orchestrations (the app identity): gets Durable Task Data Contributor.')
param principalId string

resource scheduler 'Microsoft.DurableTask/schedulers@2025-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    ipAllowlist: ['0.0.0.0/0']
    sku: { name: 'Consumption' }
  }
}

resource taskHub 'Microsoft.DurableTask/schedulers/taskHubs@2025-11-01' = {
  parent: scheduler
  name: taskHubName
  properties: {}
}

// Durable Task Data Contributor.
var dataContributorRoleId = '0ad04412-c4d5-4796-b79c-f76d14c8d402'

resource dataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(scheduler.id, principalId, dataContributorRoleId)
  scope: scheduler
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', dataContributorRoleId)
  }
}

@description('Endpoint of the scheduler.')
output endpoint string = scheduler.properties.endpoint

@description('Name of the task hub.')
output taskHubName string = taskHub.name
