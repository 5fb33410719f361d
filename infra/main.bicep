// Infrastructure of the LN ↔ Exchange synchronizer, laid out the way azd templates are:
// subscription scope, one resource group per azd environment, names derived from a resource token.

targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; used for the resource group and to derive unique resource names.')
param environmentName string

@minLength(1)
@description('Azure region for all resources; it must offer the Flex Consumption plan (az functionapp list-flexconsumption-locations).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Name of the resource group; empty for rg-{environmentName}.')
param resourceGroupName string = ''

@description('Object id of the person or pipeline running azd (azd sets AZURE_PRINCIPAL_ID); gets Key Vault Secrets Officer to set the LN secrets. Empty to skip.')
param principalId string = ''

@description('Kind of principal principalId is.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param principalType string = 'User'

@minLength(1)
@description('LN company number, sent as the X-Infor-LnCompany header (e.g. 100).')
param lnCompany string

@minLength(1)
@description('Name of the contact folder kept in each sync user\'s mailbox.')
param syncFolderName string = 'LN Contacts'

@description('Contact direction: two-way (default) or ln-to-exchange (Exchange edits are overwritten, nothing is created in LN).')
@allowed([
  'two-way'
  'ln-to-exchange'
])
param contactDirection string = 'two-way'

@description('Who wins when the same field changed on both sides.')
@allowed([
  'latest-wins'
  'ln-wins'
  'exchange-wins'
])
param conflictPolicy string = 'latest-wins'

@description('Microsoft Graph base URL (national clouds use another host).')
param graphBaseUrl string = 'https://graph.microsoft.com/v1.0'

@description('Prefix of the sync-state table names; letters and digits only.')
param syncStateTablePrefix string = 'sync'

@description('When true, Application Insights accepts only Entra-authenticated telemetry.')
param applicationInsightsLocalAuthDisabled bool = true

@description('Email address that receives the alerts (B-O3); empty for an action group without receivers.')
param alertEmail string = ''

@description('LN pull interval in minutes; "no successful pull" fires after two intervals without one.')
@minValue(1)
@maxValue(720)
param pullIntervalMinutes int = 15

@description('Instances kept warm for the HTTP functions (Graph wants answers within 3 s); 0 lets them scale to zero.')
@minValue(0)
@maxValue(10)
param alwaysReadyHttpInstances int = 1

@description('Upper bound of Flex Consumption instances.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var serviceName = 'sync' // must match the service name in azure.yaml
var functionAppName = '${abbrs.webSitesFunctions}${serviceName}-${resourceToken}'

resource rg 'Microsoft.Resources/resourceGroups@2022-09-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}${serviceName}-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
    disableLocalAuth: applicationInsightsLocalAuthDisabled
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: 'app-package-${resourceToken}'
  }
}

module serviceBus 'modules/service-bus.bicep' = {
  name: 'service-bus'
  scope: rg
  params: {
    name: '${abbrs.serviceBusNamespaces}${resourceToken}'
    location: location
    tags: tags
    queueName: 'sync-jobs'
  }
}

module keyVault 'modules/key-vault.bicep' = {
  name: 'key-vault'
  scope: rg
  params: {
    name: '${abbrs.keyVaultVaults}${resourceToken}'
    location: location
    tags: tags
  }
}

module roles 'modules/role-assignments.bicep' = {
  name: 'role-assignments'
  scope: rg
  params: {
    identityPrincipalId: identity.outputs.principalId
    storageAccountName: storage.outputs.name
    serviceBusNamespaceName: serviceBus.outputs.name
    keyVaultName: keyVault.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
  }
}

module functionApp 'modules/function-app.bicep' = {
  name: 'function-app'
  scope: rg
  params: {
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    serviceName: serviceName
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerName: storage.outputs.deploymentContainerName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    applicationInsightsLocalAuthDisabled: applicationInsightsLocalAuthDisabled
    serviceBusFullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
    serviceBusQueueName: serviceBus.outputs.queueName
    keyVaultUri: keyVault.outputs.vaultUri
    lnCompany: lnCompany
    syncFolderName: syncFolderName
    contactDirection: contactDirection
    conflictPolicy: conflictPolicy
    graphBaseUrl: graphBaseUrl
    syncStateTablePrefix: syncStateTablePrefix
    maximumInstanceCount: maximumInstanceCount
    alwaysReadyHttpInstances: alwaysReadyHttpInstances
  }
  // The host starts with identity-based connections: its roles must exist before it does.
  dependsOn: [
    roles
  ]
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  scope: rg
  params: {
    location: location
    tags: tags
    actionGroupName: '${abbrs.insightsActionGroups}${resourceToken}'
    alertNamePrefix: '${abbrs.insightsScheduledQueryRules}${resourceToken}'
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    serviceBusNamespaceName: serviceBus.outputs.name
    serviceBusQueueName: serviceBus.outputs.queueName
    alertEmail: alertEmail
    pullIntervalMinutes: pullIntervalMinutes
  }
}

module workbook 'modules/workbook.bicep' = {
  name: 'workbook'
  scope: rg
  params: {
    location: location
    tags: tags
    applicationInsightsName: monitoring.outputs.applicationInsightsName
  }
}

// azd writes these into .azure/{environment}/.env (read them with `azd env get-value NAME`).
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_FUNCTION_APP_URL string = functionApp.outputs.url
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_SERVICE_BUS_NAMESPACE string = serviceBus.outputs.name
output AZURE_SERVICE_BUS_FULLY_QUALIFIED_NAMESPACE string = serviceBus.outputs.fullyQualifiedNamespace
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.vaultUri
output AZURE_KEY_VAULT_LN_IONAPI_SECRET_NAME string = functionApp.outputs.lnIonApiSecretName
output AZURE_KEY_VAULT_LN_WEBHOOK_SECRET_NAME string = functionApp.outputs.lnWebhookSecretName
output AZURE_KEY_VAULT_ADMIN_TOKEN_SECRET_NAME string = functionApp.outputs.adminTokenSecretName
// Named MANAGED_IDENTITY_* rather than AZURE_CLIENT_ID so the developer's own azd/az/SDK sign-in is not redirected.
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_MANAGED_IDENTITY_PRINCIPAL_ID string = identity.outputs.principalId
