// `npm start`: the local host on this machine. With no LN/Graph endpoints configured it starts the simulators with a
// demo company and starts the synchronizer; otherwise it talks to the configured services and waits for an admin.
import { startSynchronizer } from '../app/admin-commands';
import { startDemo, type Demo } from './demo';
import { startLocalHost } from './local-host';

function log(line: string): void {
  console.log(`${new Date().toISOString()} ${line}`);
}

async function main(): Promise<void> {
  const configured = Boolean(process.env['LN_BASE_URL'] ?? process.env['LN_IONAPI_FILE'] ?? process.env['LN_IONAPI_JSON']);
  const demo: Demo | undefined = configured ? undefined : await startDemo();
  const host = await startLocalHost({ env: { ...process.env, ...demo?.env }, log });
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
  if (demo || process.env['LOCAL_AUTOSTART'] === 'true') {
    const { queued } = await startSynchronizer(host.runtime);
    log(`synchronizer started: ${queued} full synchronizations queued`);
    await host.queue.idle();
    demo?.actAsOutlookUsers(host.runtime.services.config.sync.folderName);
    if (demo) log('demo: Adele added "Margaret Hamilton" to her Outlook sync folder; push brings her into LN and to Megan within a second');
  } else {
    log('synchronizer stopped: POST /api/admin/start to start it');
  }
}

void main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
