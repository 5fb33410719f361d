// The synchronizer's Function App on the Flex Consumption plan (FC1, Linux, Node 22), running as the
// user-assigned identity, with identity-based connections only and the LN secrets as Key Vault references.
//
// Why Flex Consumption: identity-based host storage with shared keys disabled, identity-authenticated
// deployment from a blob container, Service Bus session scaling, and no Azure Files content share.
// If Flex is not offered in the chosen region (`az functionapp list-flexconsumption-locations`), use
// Elastic Premium (EP1): sku { name: 'EP1', tier: 'ElasticPremium' }, drop `functionAppConfig`, set
// siteConfig.linuxFxVersion 'NODE|22' plus FUNCTIONS_EXTENSION_VERSION '~4' and FUNCTIONS_WORKER_RUNTIME 'node'
// (settings Flex rejects). Because EP's Azure Files content share needs shared keys, run it from a package URL
// instead (WEBSITE_RUN_FROM_PACKAGE = blob URL, WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID = identity id).
// Avoid Y1: Linux Consumption is being retired and caps functionTimeout at the 10 minutes host.json already uses.

@description('Name of the Function App (globally unique host name).')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Azure region.')
param location string

@description('Tags for the resources (azd-env-name).')
param tags object = {}

@description('azd service name from azure.yaml; azd finds the app by this tag.')
param serviceName string = 'sync'

@description('Resource id of the user-assigned managed identity.')
param identityId string

@description('Client id of the user-assigned managed identity.')
param identityClientId string

@description('Storage account for the host, the deployment package and the sync-state tables.')
param storageAccountName string

@description('Blob container holding the deployment packages.')
param deploymentContainerName string

@description('Application Insights component.')
param applicationInsightsName string

@description('True when the Application Insights component only accepts Entra-authenticated telemetry.')
param applicationInsightsLocalAuthDisabled bool = true

@description('Fully qualified Service Bus namespace, e.g. sb-xyz.servicebus.windows.net.')
param serviceBusFullyQualifiedNamespace string

@description('Name of the job queue.')
param serviceBusQueueName string

@description('Vault URI of the Key Vault holding the LN secrets (ends with "/").')
param keyVaultUri string

@description('LN company number sent as X-Infor-LnCompany.')
param lnCompany string

@description('Name of the contact folder kept in each sync user\'s mailbox.')
param syncFolderName string

@description('Contact direction: two-way, or ln-to-exchange.')
param contactDirection string

@description('Conflict policy for fields edited on both sides.')
param conflictPolicy string

@description('Microsoft Graph base URL.')
param graphBaseUrl string

@description('Prefix of the sync-state table names (letters and digits).')
param syncStateTablePrefix string

@description('Node.js major version.')
@allowed([
  '20'
  '22'
])
param nodeVersion string = '22'

@description('Upper bound of instances Flex Consumption may scale out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Always-ready instances of the HTTP group: the webhooks answer Graph within its 3 s (notifications) and 10 s (validation) without a cold start.')
@minValue(0)
@maxValue(10)
param alwaysReadyHttpInstances int = 1

@description('Memory of each instance.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

// Secret names in Key Vault; the values are set by an operator, never by this template.
var lnIonApiSecretName = 'ln-ionapi-json'
var lnWebhookSecretName = 'ln-webhook-secret'
var adminTokenSecretName = 'admin-token'

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true // Linux
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId // resolve @Microsoft.KeyVault(...) settings with the user-assigned identity
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        // Flex groups every HTTP function under "http"; the timers and the queue trigger scale on their own.
        alwaysReady: alwaysReadyHttpInstances > 0 ? [
          {
            name: 'http'
            instanceCount: alwaysReadyHttpInstances
          }
        ] : []
      }
      runtime: {
        name: 'node'
        version: nodeVersion
      }
    }
  }
}

// The host authenticates its telemetry with the identity (Monitoring Metrics Publisher on the component).
var telemetryAuthSettings = applicationInsightsLocalAuthDisabled ? {
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
} : {}

// Only the settings below exist on the app: this resource replaces the whole set on every provision.
resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: union({
    // Functions host storage, identity-based (the account has shared keys disabled).
    AzureWebJobsStorage__accountName: storage.name
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId

    // Service Bus trigger connection ("ServiceBusConnection" in the trigger registration), identity-based.
    ServiceBusConnection__fullyQualifiedNamespace: serviceBusFullyQualifiedNamespace
    ServiceBusConnection__credential: 'managedidentity'
    ServiceBusConnection__clientId: identityClientId

    // Read by the app's own clients (DefaultAzureCredential picks the user-assigned identity from AZURE_CLIENT_ID).
    AZURE_CLIENT_ID: identityClientId
    SERVICE_BUS_FULLY_QUALIFIED_NAMESPACE: serviceBusFullyQualifiedNamespace
    SYNC_QUEUE_NAME: serviceBusQueueName
    SYNC_STATE_TABLE_ENDPOINT: storage.properties.primaryEndpoints.table
    SYNC_TABLE_PREFIX: syncStateTablePrefix
    APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
    PUBLIC_BASE_URL: 'https://${site.properties.defaultHostName}'

    // Microsoft Graph and LN.
    GRAPH_BASE_URL: graphBaseUrl
    LN_COMPANY: lnCompany
    LN_IONAPI_JSON: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${lnIonApiSecretName}/)'
    LN_WEBHOOK_SECRET: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${lnWebhookSecretName}/)'
    ADMIN_TOKEN: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${adminTokenSecretName}/)' // the console's sign-in code

    // Synchronization behaviour.
    SYNC_FOLDER_NAME: syncFolderName
    CONTACT_SYNC_DIRECTION: contactDirection
    CONFLICT_POLICY: conflictPolicy
  }, telemetryAuthSettings)
}

// Deployments go through Entra-authenticated publishing (azd, Core Tools); basic-auth publishing stays off.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

output name string = site.name
output url string = 'https://${site.properties.defaultHostName}'
output lnIonApiSecretName string = lnIonApiSecretName
output lnWebhookSecretName string = lnWebhookSecretName
output adminTokenSecretName string = adminTokenSecretName
