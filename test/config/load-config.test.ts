// Tests loadConfig/describeConfig: defaults, one clear message per bad variable, the exactly-one LN auth
// source rule, .ionapi files and JSON, local.settings.json underneath env, and secrets kept out of messages.

import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../shared/config/load-config';
import { ConfigError } from '../../shared/config/config-error';
import { describeConfig, REDACTED } from '../../shared/config/describe-config';

const dir = mkdtempSync(join(tmpdir(), 'config-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const NO_FILE = join(dir, 'absent.json');

const SECRET = 'very-secret-value-9f8e7d6c5b4a';
const IONAPI = { ti: 'ACME_TST', cn: 'sync', ci: 'ACME_TST~client', cs: SECRET, iu: 'https://mingle-ionapi.example.com', pu: 'https://mingle-sso.example.com:443/ACME_TST/as/', oa: 'authorization.oauth2', ot: 'token.oauth2', or: 'revoke_token.oauth2', saak: 'ACME_TST#service-key', sask: `${SECRET}-pw` };

const base = { LN_COMPANY: '121', LN_STATIC_TOKEN: SECRET, LN_BASE_URL: 'http://127.0.0.1:8081/lnapi/odata', SYNC_STATE_CONNECTION_STRING: `UseDevelopmentStorage=true;AccountKey=${SECRET}` };

function problemsOf(env: Record<string, string | undefined>, settings: string | null = NO_FILE): string[] {
  try {
    loadConfig(env, settings);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
    assert.ok(!err.message.includes(SECRET), 'a secret leaked into the message');
    return err.problems;
  }
  assert.fail('expected loadConfig to throw');
}

function assertProblem(env: Record<string, string | undefined>, pattern: RegExp): void {
  const problems = problemsOf(env);
  assert.ok(problems.some((p) => pattern.test(p)), `no problem matching ${pattern} in:\n${problems.join('\n')}`);
}

void describe('loadConfig', () => {
  void it('fills every default', () => {
    const config = loadConfig(base, NO_FILE);
    assert.equal(config.ln.company, '121');
    assert.equal(config.ln.baseUrl, 'http://127.0.0.1:8081/lnapi/odata');
    assert.deepEqual(config.ln.auth, { kind: 'static', token: SECRET });
    assert.deepEqual(config.ln.services, {
      contact: 'tcapi.comContact',
      businessPartner: 'tcapi.comBusinessPartner',
      activity: 'tcapi.comActivity',
      employee: 'tcapi.comEmployee',
      exchangeSync: 'ttapi.aadExchangeSync',
    });
    assert.deepEqual(config.graph, { baseUrl: 'https://graph.microsoft.com/v1.0' });
    assert.deepEqual(config.state, { connectionString: base.SYNC_STATE_CONNECTION_STRING, tablePrefix: '' });
    assert.deepEqual(config.sync, {
      folderName: 'LN Contacts',
      contactDirection: 'two-way',
      conflictPolicy: 'latest-wins',
      massDeleteMaxShare: 0.2,
      massDeleteMinCount: 10,
      calendarHorizonDays: 365,
      fullReconcileHours: 24,
    });
    assert.deepEqual(config.queue, { name: 'sync-jobs' });
    assert.equal(config.port, 7071);
    assert.equal(config.adminToken, undefined);
  });

  void it('coerces numbers and takes explicit choices', () => {
    const config = loadConfig(
      { ...base, MASS_DELETE_MAX_SHARE: '0.5', MASS_DELETE_MIN_COUNT: '3', CALENDAR_HORIZON_DAYS: '30', FULL_RECONCILE_HOURS: '6', PORT: ' 8080 ', CONTACT_SYNC_DIRECTION: 'ln-to-exchange', CONFLICT_POLICY: 'ln-wins', SYNC_TABLE_PREFIX: 'dev1', GRAPH_BASE_URL: 'http://127.0.0.1:9000/v1.0/', GRAPH_STATIC_TOKEN: 'g' },
      NO_FILE,
    );
    assert.equal(config.sync.massDeleteMaxShare, 0.5);
    assert.equal(config.sync.massDeleteMinCount, 3);
    assert.equal(config.sync.calendarHorizonDays, 30);
    assert.equal(config.sync.fullReconcileHours, 6);
    assert.equal(config.port, 8080);
    assert.equal(config.sync.contactDirection, 'ln-to-exchange');
    assert.equal(config.sync.conflictPolicy, 'ln-wins');
    assert.equal(config.state.tablePrefix, 'dev1');
    assert.deepEqual(config.graph, { baseUrl: 'http://127.0.0.1:9000/v1.0', staticToken: 'g' });
  });

  const badValues: [string, string, RegExp][] = [
    ['LN_COMPANY', 'abc', /^LN_COMPANY: .*digits/],
    ['LN_BASE_URL', 'not a url', /^LN_BASE_URL: must be an http\(s\) URL/],
    ['GRAPH_BASE_URL', 'ftp://x', /^GRAPH_BASE_URL: must be an http\(s\) URL/],
    ['SYNC_STATE_TABLE_ENDPOINT', 'nope', /^SYNC_STATE_TABLE_ENDPOINT: must be an http\(s\) URL/],
    ['SYNC_TABLE_PREFIX', 'my-prefix', /^SYNC_TABLE_PREFIX: must be letters and digits/],
    ['SYNC_FOLDER_NAME', 'x'.repeat(256), /^SYNC_FOLDER_NAME: must be at most 255 characters/],
    ['CONTACT_SYNC_DIRECTION', 'both', /^CONTACT_SYNC_DIRECTION: must be one of two-way, ln-to-exchange/],
    ['CONFLICT_POLICY', 'random', /^CONFLICT_POLICY: must be one of latest-wins, ln-wins, exchange-wins/],
    ['MASS_DELETE_MAX_SHARE', '1.5', /^MASS_DELETE_MAX_SHARE: must be a number from 0 to 1/],
    ['MASS_DELETE_MAX_SHARE', 'lots', /^MASS_DELETE_MAX_SHARE: must be a number from 0 to 1/],
    ['MASS_DELETE_MIN_COUNT', '2.5', /^MASS_DELETE_MIN_COUNT: must be a whole number/],
    ['CALENDAR_HORIZON_DAYS', '0', /^CALENDAR_HORIZON_DAYS: must be a whole number from 1/],
    ['FULL_RECONCILE_HOURS', 'daily', /^FULL_RECONCILE_HOURS: must be a whole number/],
    ['SYNC_QUEUE_NAME', 'bad name!', /^SYNC_QUEUE_NAME: must be a Service Bus queue name/],
    ['ADMIN_TOKEN', 'short-secret', /^ADMIN_TOKEN: must be at least 24 characters/],
    ['PORT', '70000', /^PORT: must be a whole number from 1 to 65535/],
    ['LN_CONTACT_SERVICE', 'tcapi/comContact', /^LN_CONTACT_SERVICE: must be an LN service name/],
  ];
  for (const [name, value, pattern] of badValues) {
    void it(`names ${name} when it is '${value.slice(0, 20)}'`, () => assertProblem({ ...base, [name]: value }, pattern));
  }

  void it('reports every bad variable at once', () => {
    const problems = problemsOf({ ...base, PORT: 'x', CONFLICT_POLICY: 'y', LN_COMPANY: undefined });
    assert.deepEqual(problems.map((p) => p.split(':')[0]).sort(), ['CONFLICT_POLICY', 'LN_COMPANY', 'PORT']);
  });

  void it('requires LN_COMPANY', () => assertProblem({ ...base, LN_COMPANY: undefined }, /^LN_COMPANY: is required/));

  void it('requires exactly one storage target', () => {
    assertProblem({ ...base, SYNC_STATE_CONNECTION_STRING: undefined }, /SYNC_STATE_CONNECTION_STRING.*SYNC_STATE_TABLE_ENDPOINT/);
    assertProblem({ ...base, SYNC_STATE_TABLE_ENDPOINT: 'https://acct.table.core.windows.net' }, /only one of SYNC_STATE_CONNECTION_STRING, SYNC_STATE_TABLE_ENDPOINT/);
    const managed = loadConfig({ ...base, SYNC_STATE_CONNECTION_STRING: undefined, SYNC_STATE_TABLE_ENDPOINT: 'https://acct.table.core.windows.net/' }, NO_FILE);
    assert.deepEqual(managed.state, { tableEndpoint: 'https://acct.table.core.windows.net', tablePrefix: '' });
  });

  void it('allows at most one Service Bus setting', () => {
    assertProblem({ ...base, SERVICE_BUS_FULLY_QUALIFIED_NAMESPACE: 'ns.servicebus.windows.net', SERVICE_BUS_CONNECTION_STRING: SECRET }, /only one of SERVICE_BUS_FULLY_QUALIFIED_NAMESPACE, SERVICE_BUS_CONNECTION_STRING/);
  });
});

void describe('loadConfig LN auth sources', () => {
  const noAuth = { ...base, LN_STATIC_TOKEN: undefined };
  const fields = { LN_TOKEN_URL: 'https://sso.example.com/token.oauth2', LN_CLIENT_ID: 'cid', LN_CLIENT_SECRET: SECRET, LN_USERNAME: 'svc', LN_PASSWORD: `${SECRET}-pw` };

  void it('refuses a configuration without any source, naming the choices', () => {
    assertProblem(noAuth, /LN auth is not configured: set LN_IONAPI_FILE, LN_IONAPI_JSON, all of LN_TOKEN_URL\+.*LN_STATIC_TOKEN/);
  });

  void it('refuses two sources, naming both', () => {
    assertProblem({ ...base, LN_IONAPI_JSON: JSON.stringify(IONAPI) }, /more than one source \(LN_IONAPI_JSON; LN_STATIC_TOKEN\)/);
    assertProblem({ ...base, LN_CLIENT_ID: 'cid' }, /more than one source \(LN_CLIENT_ID; LN_STATIC_TOKEN\)/);
  });

  void it('names the missing OAuth fields', () => {
    const problems = problemsOf({ ...noAuth, LN_CLIENT_ID: 'cid', LN_CLIENT_SECRET: SECRET });
    assert.ok(problems.some((p) => p.includes('LN_TOKEN_URL, LN_USERNAME, LN_PASSWORD missing')), problems.join('\n'));
  });

  void it('accepts complete OAuth fields', () => {
    const config = loadConfig({ ...noAuth, ...fields }, NO_FILE);
    assert.deepEqual(config.ln.auth, { kind: 'oauth', source: 'fields', tokenUrl: fields.LN_TOKEN_URL, clientId: 'cid', clientSecret: SECRET, username: 'svc', password: `${SECRET}-pw` });
  });

  void it('reads an .ionapi file and derives the LN base URL from it', () => {
    const file = join(dir, 'sync.ionapi');
    writeFileSync(file, JSON.stringify(IONAPI));
    const config = loadConfig({ ...noAuth, LN_BASE_URL: undefined, LN_IONAPI_FILE: file }, NO_FILE);
    assert.equal(config.ln.baseUrl, 'https://mingle-ionapi.example.com/ACME_TST/LN/lnapi/odata');
    assert.deepEqual(config.ln.auth, {
      kind: 'oauth',
      source: 'LN_IONAPI_FILE',
      tokenUrl: 'https://mingle-sso.example.com:443/ACME_TST/as/token.oauth2',
      clientId: IONAPI.ci,
      clientSecret: IONAPI.cs,
      username: IONAPI.saak,
      password: IONAPI.sask,
    });
  });

  void it('reads .ionapi content from LN_IONAPI_JSON; LN_BASE_URL still wins', () => {
    const config = loadConfig({ ...noAuth, LN_IONAPI_JSON: JSON.stringify(IONAPI) }, NO_FILE);
    assert.equal(config.ln.baseUrl, base.LN_BASE_URL);
    assert.equal(config.ln.auth.kind === 'oauth' && config.ln.auth.source, 'LN_IONAPI_JSON');
  });

  void it('names the .ionapi variable when the file is missing, not JSON, or lacks fields', () => {
    assertProblem({ ...noAuth, LN_IONAPI_FILE: join(dir, 'missing.ionapi') }, /^LN_IONAPI_FILE: cannot read .*ENOENT/);
    assertProblem({ ...noAuth, LN_IONAPI_JSON: `{"cs":"${SECRET}"` }, /^LN_IONAPI_JSON: is not valid JSON/);
    const { ci: _ci, saak: _saak, ...partial } = IONAPI;
    assertProblem({ ...noAuth, LN_IONAPI_JSON: JSON.stringify(partial) }, /^LN_IONAPI_JSON: .*missing or invalid fields: ci, saak/);
  });

  void it('requires LN_BASE_URL when no .ionapi provides it', () => {
    assertProblem({ ...base, LN_BASE_URL: undefined }, /^LN_BASE_URL: is required unless an \.ionapi/);
  });
});

void describe('loadConfig with local.settings.json', () => {
  void it('reads Values, lets env win, and treats blank values as unset', () => {
    const file = join(dir, 'local.settings.json');
    writeFileSync(file, JSON.stringify({ IsEncrypted: false, Values: { ...base, PORT: 7000, SYNC_FOLDER_NAME: 'From file', CONFLICT_POLICY: 'ln-wins', FUNCTIONS_WORKER_RUNTIME: 'node' } }));
    const config = loadConfig({ CONFLICT_POLICY: 'exchange-wins', SYNC_FOLDER_NAME: '' }, file);
    assert.equal(config.port, 7000);
    assert.equal(config.sync.folderName, 'From file');
    assert.equal(config.sync.conflictPolicy, 'exchange-wins');
    assert.equal(config.ln.company, '121');
  });

  void it('ignores a missing file and names a broken one', () => {
    assert.equal(loadConfig(base, join(dir, 'nope.json')).port, 7071);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ "Values": ');
    assert.throws(() => loadConfig(base, broken), (err: unknown) => err instanceof ConfigError && err.message.includes(`${broken}: is not valid JSON`));
    writeFileSync(broken, JSON.stringify({ Values: { PORT: { nested: true } } }));
    assert.throws(() => loadConfig(base, broken), (err: unknown) => err instanceof ConfigError && err.message.includes('Values must be'));
  });
});

void describe('secrets', () => {
  void it('never appear in error messages', () => {
    const problems = problemsOf({
      ...base,
      ADMIN_TOKEN: SECRET.slice(0, 10),
      LN_CLIENT_SECRET: SECRET,
      LN_WEBHOOK_SECRET: SECRET,
      GRAPH_BASE_URL: SECRET,
      PORT: SECRET,
      MASS_DELETE_MAX_SHARE: SECRET,
      CONFLICT_POLICY: SECRET,
    });
    assert.ok(problems.length >= 4);
    for (const p of problems) assert.ok(!p.includes(SECRET.slice(0, 10)), p);
  });

  void it('are redacted by describeConfig', () => {
    const file = join(dir, 'describe.ionapi');
    writeFileSync(file, JSON.stringify(IONAPI));
    const config = loadConfig(
      { ...base, LN_STATIC_TOKEN: undefined, LN_IONAPI_FILE: file, GRAPH_STATIC_TOKEN: SECRET, ADMIN_TOKEN: `${SECRET}-admin`, LN_WEBHOOK_SECRET: SECRET, SERVICE_BUS_CONNECTION_STRING: `Endpoint=sb://x/;SharedAccessKey=${SECRET}` },
      NO_FILE,
    );
    const text = JSON.stringify(describeConfig(config));
    assert.ok(!text.includes(SECRET), text);
    assert.ok(!text.includes(IONAPI.saak), text);
    assert.ok(text.includes(REDACTED));
    assert.ok(text.includes('"company":"121"'));
    assert.ok(text.includes(IONAPI.ci));
  });
});

void describe('LN entity-set names', () => {
  const base = { LN_COMPANY: '100', LN_STATIC_TOKEN: 'x', LN_BASE_URL: 'http://ln.example', SYNC_STATE_CONNECTION_STRING: 'UseDevelopmentStorage=true' };
  void it('default to none overridden and accept a JSON map of known sets', () => {
    assert.deepEqual(loadConfig(base, null).ln.entitySets, {});
    assert.deepEqual(loadConfig({ ...base, LN_ENTITY_SETS: '{"contacts":"CRMContacts"}' }, null).ln.entitySets, { contacts: 'CRMContacts' });
  });
  void it('reject unknown sets and bad JSON, naming the variable', () => {
    assert.throws(() => loadConfig({ ...base, LN_ENTITY_SETS: '{"nope":"X"}' }, null), /LN_ENTITY_SETS/);
    assert.throws(() => loadConfig({ ...base, LN_ENTITY_SETS: 'not json' }, null), /LN_ENTITY_SETS: must be a JSON object/);
  });
});
