// B-O4: the package Azure builds. Copies the tree as .funcignore cuts it, installs from package-lock.json, builds with
// tsconfig.json, prunes to production dependencies, then loads package.json "main" in a fresh Node process.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyAsPackaged } from './funcignore-copy';

const ROOT = join(__dirname, '..', '..', '..');
const PROBE = join(__dirname, 'registration-probe.js');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

interface Probe {
  main: string;
  registrations: Array<{ trigger: string; name: string; options: Record<string, unknown> }>;
  loadError?: string;
  outside: string[];
}

/** What Azure must see: every function, its trigger, route and auth level. */
const EXPECTED_HTTP: Array<[name: string, method: string, route: string, authLevel: string]> = [
  ['admin-confirm-deletes', 'POST', 'admin/users/{email}/confirm-deletes', 'function'],
  // the console checks ADMIN_TOKEN and its own session cookie: the host's keys would be asked on every request
  ['admin-console-action', 'POST', 'admin/console/{action}', 'anonymous'],
  ['admin-console-item', 'GET', 'admin/console/users/{email}/items', 'anonymous'],
  ['admin-console-preview', 'GET', 'admin/console/users/{email}/preview/{scope}', 'anonymous'],
  ['admin-console-user', 'GET', 'admin/console/users/{email}', 'anonymous'],
  ['admin-item', 'GET', 'admin/users/{email}/items/{kind}/{id}', 'function'],
  ['admin-preview', 'GET', 'admin/users/{email}/preview/{scope}', 'function'],
  ['admin-start', 'POST', 'admin/start', 'function'],
  ['admin-status', 'GET', 'admin/status', 'function'],
  ['admin-status-page', 'GET', 'admin/status.html', 'anonymous'],
  ['admin-stop', 'POST', 'admin/stop', 'function'],
  ['admin-sync', 'POST', 'admin/users/{email}/sync', 'function'],
  ['graph-webhook', 'POST', 'graph/notifications', 'anonymous'],
  ['ln-webhook', 'POST', 'ln/notifications', 'anonymous'],
];

/** Four minutes of npm ci and build: run by `npm run check:deploy` and .ci/run, skipped within `npm test`. */
const skip = process.env['DEPLOY_CHECK'] === '1' ? false : 'the package check runs with npm run check:deploy (DEPLOY_CHECK=1)';

let dir = '';
let copied: string[] = [];
let badBuild = { status: 0 as number | null, output: '' };
let probe: Probe;

function run(command: string, args: string[]): void {
  execFileSync(command, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: '' } });
}

before(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'package-check-'));
  copied = copyAsPackaged(ROOT, dir);
  run(NPM, ['ci', '--no-audit', '--no-fund', '--prefer-offline']);
  run(NPM, ['run', 'build']);
  // The same build with a function that imports test code must fail: the package has no test/ to import.
  const bad = join(dir, 'functions', 'zz-imports-test-code.ts');
  writeFileSync(bad, "import '../test/support/azurite';\nimport '../shared/local/demo';\n");
  const tsc = spawnSync(process.execPath, [join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json', '--noEmit'], { cwd: dir, encoding: 'utf8' });
  badBuild = { status: tsc.status, output: `${tsc.stdout}${tsc.stderr}` };
  rmSync(bad);
  run(NPM, ['prune', '--omit=dev', '--no-audit', '--no-fund']);
  const env = {
    PATH: process.env['PATH'] ?? '',
    REGISTRATION_PROBE: '1',
    // Telemetry starts as in Azure; its endpoints point at a closed local port and the probe exits before any export.
    APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/;LiveEndpoint=http://127.0.0.1:9/',
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD;ClientId=00000000-0000-0000-0000-000000000001',
    APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
    APPLICATIONINSIGHTS_STATSBEAT_DISABLED_ALL: 'true',
  };
  const out = `${dir}-registrations.json`;
  const result = spawnSync(process.execPath, [PROBE, dir, out], { cwd: dir, encoding: 'utf8', env });
  assert.equal(result.status, 0, result.stderr);
  probe = JSON.parse(readFileSync(out, 'utf8')) as Probe;
  rmSync(out);
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('B-O4: the package holds what ships and nothing of the tests, the simulators or the local host', { skip }, () => {
  assert.ok(copied.includes('package-lock.json') && copied.includes('host.json') && copied.includes('tsconfig.json'));
  assert.ok(copied.some((p) => p.startsWith('functions/')) && copied.some((p) => p.startsWith('shared/')));
  assert.deepEqual(copied.filter((p) => p.startsWith('test/') || p.startsWith('shared/local/') || p === 'local.settings.json'), []);
});

it('B-O4: production code that imports test code or the local host does not build', { skip }, () => {
  assert.notEqual(badBuild.status, 0);
  assert.match(badBuild.output, /Cannot find module.*'..\/test\/support\/azurite'/);
  assert.match(badBuild.output, /Cannot find module.*'..\/shared\/local\/demo'/);
});

it('B-O4: with production dependencies only, "main" loads and registers every function', { skip }, () => {
  assert.equal(probe.loadError, undefined, `loading ${probe.main} failed`);
  assert.deepEqual(probe.outside, [], 'every module came from the package');
  assert.equal(existsSync(join(dir, 'node_modules', 'typescript')), false, 'dev dependencies are pruned');
  const files = readdirSync(join(dir, 'dist', 'functions')).filter((f) => f.endsWith('.js'));
  assert.equal(probe.registrations.length, files.length, 'one registration per function file');
  const names = probe.registrations.map((r) => r.name).sort();
  assert.deepEqual(names, [...new Set(names)], 'function names are unique');
});

it('B-O4: HTTP functions keep their routes, methods and auth levels', { skip }, () => {
  const http = probe.registrations.filter((r) => r.trigger === 'http').map((r) => [r.name, String(r.options['methods']), r.options['route'], r.options['authLevel']]);
  assert.deepEqual(http.sort(), EXPECTED_HTTP.map((e) => [...e]).sort());
  for (const r of probe.registrations) assert.equal(r.options['handler'], 'function', `${r.name} has a handler`);
});

it('B-O4: the timers and the session-enabled queue trigger are registered', { skip }, () => {
  const byName = new Map(probe.registrations.map((r) => [r.name, r]));
  assert.deepEqual(byName.get('scheduler')?.options['schedule'], '0 * * * * *');
  assert.equal(byName.get('scheduler')?.trigger, 'timer');
  assert.equal(byName.get('subscriptions')?.trigger, 'timer');
  const worker = byName.get('sync-worker');
  assert.equal(worker?.trigger, 'serviceBusQueue');
  assert.equal(worker?.options['isSessionsEnabled'], true);
  assert.equal(worker?.options['queueName'], '%SYNC_QUEUE_NAME%');
  assert.equal(worker?.options['connection'], 'ServiceBusConnection');
});
