// LOCAL_AUTOSTART (B-L7): the local host starts the synchronizer by itself; when that fails (LN refuses the
// credentials, settings invalid) it says why, keeps running, and start can be tried again from the admin API.
import { startSynchronizer } from '../app/admin-commands';
import type { Runtime } from '../app/runtime';

export type AutostartResult = { started: true; queued: number; warnings: string[] } | { started: false; reason: string };

export async function autostart(runtime: Runtime, log: (line: string) => void): Promise<AutostartResult> {
  try {
    const { queued, warnings } = await startSynchronizer(runtime);
    log(`synchronizer started: ${queued} full synchronizations queued`);
    for (const w of warnings) log(`push: ${w}`);
    return { started: true, queued, warnings };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    log(`synchronizer NOT started: ${reason}`);
    log('the host keeps running: fix the cause, then POST /api/admin/start (or Start on the status page)');
    return { started: false, reason };
  }
}
