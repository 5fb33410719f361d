// `npm start`: the local host on this machine. With no LN/Graph endpoints configured it starts the simulators with a
// demo company and starts the synchronizer; otherwise it talks to the configured services and waits for an admin.
import { join } from 'node:path';
import { readLocalSettings } from '../config/load-config';
import { startDemo, type Demo } from './demo';
import { startLocalHost } from './local-host';

function log(line: string): void {
  console.log(`${new Date().toISOString()} ${line}`);
}

const PROJECT_ROOT = join(__dirname, '..', '..', '..');

/** The environment over local.settings.json's Values (as the Functions host reads them); real endpoints keep their state on disk. */
function localEnvironment(): { env: Record<string, string | undefined>; configured: boolean } {
  const env: Record<string, string | undefined> = { ...readLocalSettings(join(PROJECT_ROOT, 'local.settings.json')), ...process.env };
  const configured = Boolean(env['LN_BASE_URL'] ?? env['LN_IONAPI_FILE'] ?? env['LN_IONAPI_JSON']);
  const storage = env['SYNC_STATE_CONNECTION_STRING'] ?? env['SYNC_STATE_TABLE_ENDPOINT'];
  if (configured && !storage && !env['LOCAL_AZURITE_FOLDER'] && env['LOCAL_STATE'] !== 'memory') {
    env['LOCAL_AZURITE_FOLDER'] = join(PROJECT_ROOT, '.local-state', 'azurite'); // git-ignored; links and positions survive a restart
  }
  return { env, configured };
}

async function main(): Promise<void> {
  const { env, configured } = localEnvironment();
  const demo: Demo | undefined = configured ? undefined : await startDemo();
  const host = await startLocalHost({ env: { ...env, ...demo?.env, ...(demo ? { LOCAL_AUTOSTART: 'true' } : {}) }, log });
  if (!env['SYNC_STATE_CONNECTION_STRING'] && !env['SYNC_STATE_TABLE_ENDPOINT']) {
    log(`sync state: embedded Azurite, ${env['LOCAL_AZURITE_FOLDER'] ? `kept in ${env['LOCAL_AZURITE_FOLDER']}` : 'in memory (set LOCAL_AZURITE_FOLDER to keep it)'}`);
  }
  demo?.connect(host.url);
  for (const line of demo?.lines ?? []) log(line);
  log(`admin API:   ${host.url}/api/admin/status   (Authorization: Bearer ${host.adminToken})`);
  log(`status page: ${host.url}/api/admin/status.html?code=${host.adminToken}`);
  const stop = async (): Promise<void> => {
    log('stopping');
    await host.stop();
    await demo?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  if (host.autostart?.started === true) {
    await host.queue.idle();
    demo?.actAsOutlookUsers(host.runtime.services.config.sync.folderName);
    if (demo) log('demo: Adele added "Margaret Hamilton" to her Outlook sync folder; push brings her into LN and to Megan within a second');
  } else if (host.autostart === undefined) {
    log('synchronizer stopped: POST /api/admin/start to start it');
  }
}

void main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
