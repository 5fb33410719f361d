// B-O3, B-O4: infra/ compiles with the Bicep CLI (restored from NuGet) with no error and no linter warning, and the
// compiled ARM template holds what must: identities instead of keys, the session queue, the roles, alerts, workbook.
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { bicepPath } from './bicep-cli';

const MAIN = join(__dirname, '..', '..', '..', 'infra', 'main.bicep');
const bicep = bicepPath();
const skip = bicep === undefined ? 'the Bicep CLI needs dotnet (NuGet) on linux-x64, or BICEP_PATH' : false;

interface ArmResource {
  type: string;
  name: string;
  identity?: { type?: string };
  properties?: Record<string, unknown> & { template?: { resources?: ArmResource[] | Record<string, ArmResource> } };
  resources?: ArmResource[];
}

let build = { status: 0 as number | null, stdout: '', stderr: '' };
let lint = { status: 0 as number | null, stdout: '', stderr: '' };
let resources: ArmResource[] = [];
let templateText = '';

/** Every resource, those of nested module deployments included. */
function flatten(list: ArmResource[] | Record<string, ArmResource> | undefined): ArmResource[] {
  const items = Array.isArray(list) ? list : Object.values(list ?? {});
  return items.flatMap((r) => [r, ...flatten(r.properties?.template?.resources), ...flatten(r.resources)]);
}

const ofType = (type: string): ArmResource[] => resources.filter((r) => r.type.toLowerCase() === type.toLowerCase());
const props = (r: ArmResource | undefined): Record<string, unknown> => r?.properties ?? {};

before(() => {
  if (!bicep) return;
  const b = spawnSync(bicep, ['build', MAIN, '--stdout'], { encoding: 'utf8' });
  build = { status: b.status, stdout: b.stdout, stderr: b.stderr };
  const l = spawnSync(bicep, ['lint', MAIN], { encoding: 'utf8' });
  lint = { status: l.status, stdout: l.stdout, stderr: l.stderr };
  if (b.status === 0) {
    templateText = b.stdout;
    resources = flatten((JSON.parse(b.stdout) as { resources: ArmResource[] }).resources);
  }
});

it('B-O4: infra/main.bicep builds and lints with no error and no warning', { skip }, () => {
  assert.equal(build.status, 0, build.stderr);
  assert.equal(build.stderr.trim(), '', 'bicep build printed diagnostics');
  assert.equal(lint.status, 0, lint.stdout + lint.stderr);
  assert.equal((lint.stdout + lint.stderr).trim(), '', 'bicep lint printed diagnostics');
});

it('B-O4: no keys or connection strings reach the app settings', { skip }, () => {
  const settings = ofType('Microsoft.Web/sites/config').find((r) => r.name.includes('appsettings'));
  assert.ok(settings, 'the app settings resource exists');
  const text = JSON.stringify(props(settings));
  assert.doesNotMatch(text, /AccountKey|SharedAccessKey|listKeys|InstrumentationKey=/i);
  assert.doesNotMatch(templateText, /listKeys\(|listConnectionStrings\(/, 'no template reads a key');
  // The Application Insights connection string names the component, not a secret: ingestion needs Entra (DisableLocalAuth).
  // Settings compile to an object or, when merged with union(), to createObject('NAME', value, …): read names either way.
  const connectionStrings = [...text.matchAll(/\\?["']([A-Za-z_]*CONNECTION_?STRING[A-Za-z_]*)\\?["']/gi)].map((m) => m[1]);
  assert.deepEqual(connectionStrings, ['APPLICATIONINSIGHTS_CONNECTION_STRING']);
  assert.match(text, /AzureWebJobsStorage__credential\\?["'][:,]\s*\\?["']managedidentity/);
  assert.match(text, /ServiceBusConnection__credential\\?["'][:,]\s*\\?["']managedidentity/);
  assert.match(templateText, /APPLICATIONINSIGHTS_AUTHENTICATION_STRING[^\n]*Authorization=AAD/, 'telemetry authenticates with the identity');
  assert.match(text, /@Microsoft\.KeyVault\(SecretUri=/, 'LN secrets are Key Vault references');
  for (const name of ['LN_IONAPI_JSON', 'LN_WEBHOOK_SECRET', 'ADMIN_TOKEN']) {
    assert.match(text, new RegExp(`${name}\\\\?["'][:,][^,}]*@Microsoft\\.KeyVault\\(SecretUri=`), `${name} is a Key Vault reference`);
  }
});

it('B-O4: managed identity everywhere: no shared keys, no SAS, no local auth, RBAC vault', { skip }, () => {
  const site = ofType('Microsoft.Web/sites')[0];
  assert.equal(site?.identity?.type, 'UserAssigned');
  const flex = props(site)['functionAppConfig'] as { deployment: { storage: { authentication: { type: string } } }; runtime: { version: string } } | undefined;
  assert.equal(flex?.deployment.storage.authentication.type, 'UserAssignedIdentity');
  assert.equal(props(ofType('Microsoft.Storage/storageAccounts')[0])['allowSharedKeyAccess'], false);
  assert.equal(props(ofType('Microsoft.ServiceBus/namespaces')[0])['disableLocalAuth'], true);
  assert.equal(props(ofType('Microsoft.KeyVault/vaults')[0])['enableRbacAuthorization'], true);
  assert.ok(/DisableLocalAuth/.test(JSON.stringify(props(ofType('Microsoft.Insights/components')[0]))));
  for (const policy of ofType('Microsoft.Web/sites/basicPublishingCredentialsPolicies')) assert.equal(props(policy)['allow'], false);
});

it('B-O4: the job queue requires sessions and duplicate detection', { skip }, () => {
  const queue = ofType('Microsoft.ServiceBus/namespaces/queues')[0];
  assert.equal(props(queue)['requiresSession'], true);
  assert.equal(props(queue)['requiresDuplicateDetection'], true);
});

it('B-O4: Flex runs Node 22 with the HTTP group always ready', { skip }, () => {
  assert.match(templateText, /"nodeVersion":\s*\{[^}]*"defaultValue":\s*"22"/);
  assert.match(templateText, /createObject\('name', 'http', 'instanceCount'|"name":\s*"http",\s*"instanceCount"/);
});

it('B-O4: the identity holds roles on Table Storage, Service Bus, Key Vault and Monitoring', { skip }, () => {
  const roleIds = JSON.stringify(ofType('Microsoft.Authorization/roleAssignments').map((r) => props(r)['roleDefinitionId'])) + templateText;
  const required = {
    'Storage Table Data Contributor': '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3',
    'Azure Service Bus Data Owner': '090c5cfd-751d-490a-894a-3ce6f1109419',
    'Key Vault Secrets User': '4633458b-17de-408a-b874-0445c86b69e6',
    'Monitoring Metrics Publisher': '3913510d-42f4-4e42-8a64-420c390055eb',
  };
  assert.ok(ofType('Microsoft.Authorization/roleAssignments').length >= 4);
  for (const [role, id] of Object.entries(required)) assert.ok(roleIds.includes(id), `${role} is assigned`);
});

it('B-O3: alert rules, an action group with the email parameter, and a workbook ship with the infrastructure', { skip }, () => {
  assert.equal(ofType('Microsoft.Insights/actionGroups').length, 1);
  assert.match(JSON.stringify(props(ofType('Microsoft.Insights/actionGroups')[0])), /alertEmail/);
  const queries = JSON.stringify(ofType('Microsoft.Insights/scheduledQueryRules')) + templateText;
  for (const key of ['dead-letters', 'users-needing-attention', 'failing-subscriptions', 'job-failure-rate', 'no-successful-pull']) {
    assert.ok(queries.includes(`'${key}'`) || queries.includes(`"${key}"`), `alert ${key}`);
  }
  assert.ok(ofType('Microsoft.Insights/scheduledQueryRules').length >= 1);
  const metricAlert = ofType('Microsoft.Insights/metricAlerts')[0];
  assert.match(JSON.stringify(props(metricAlert)), /DeadletteredMessages/);
  assert.equal(ofType('Microsoft.Insights/workbooks').length, 1);
  for (const metric of ['sync.items.written', 'sync.conflicts', 'sync.deletions.held', 'sync.job.duration', 'sync.queue.delay', 'sync.requests.throttled', 'sync.webhook.notifications']) {
    assert.ok(templateText.includes(metric), `workbook shows ${metric}`);
  }
});
