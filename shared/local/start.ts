// `npm start`: runs contact and calendar synchronization on one machine. With no LN/Graph endpoints configured it starts
// embedded Azurite and both simulators with a demo company; otherwise it talks to the configured services.
import { buildServices, type Services } from '../app/build-services';
import { loadConfig } from '../config/load-config';
import { describeConfig } from '../config/describe-config';
import { startEmbeddedAzurite } from './embedded-azurite';
import { DEMO_CONTACTS, DEMO_MAILBOXES, DEMO_OUTLOOK_CONTACT, demoActivities, demoOutlookMeeting } from './demo-company';
import type { RunReport } from '../sync/run-report';

const INTERVAL_MS = Number(process.env['LOCAL_SYNC_INTERVAL_SECONDS'] ?? 15) * 1000;

interface Stoppable {
  stop(): Promise<void>;
}

async function main(): Promise<void> {
  const stoppers: Stoppable[] = [];
  const env = { ...process.env };
  let demo: { addOutlookItems(): void } | undefined;
  if (!env['SYNC_STATE_CONNECTION_STRING'] && !env['SYNC_STATE_TABLE_ENDPOINT']) {
    const azurite = await startEmbeddedAzurite(env['LOCAL_AZURITE_FOLDER'] ? { folder: env['LOCAL_AZURITE_FOLDER'] } : {});
    stoppers.push(azurite);
    env['SYNC_STATE_CONNECTION_STRING'] = azurite.connectionString;
    log(`Table Storage: embedded Azurite at ${azurite.tableEndpoint}`);
  }
  if (!env['LN_BASE_URL'] && !env['LN_IONAPI_FILE'] && !env['LN_IONAPI_JSON']) demo = await startDemo(env, stoppers);
  const services = buildServices(loadConfig(env));
  log(`configuration: ${JSON.stringify(describeConfig(services.config))}`);
  let timer: NodeJS.Timeout | undefined;
  let first = true;
  const tick = async (): Promise<void> => {
    await syncEveryone(services);
    if (first && demo) {
      demo.addOutlookItems();
      log('demo: Adele created "Margaret Hamilton" in her Outlook sync folder, Megan booked a meeting with Adele in Outlook; the next run brings both into LN');
    }
    first = false;
    timer = setTimeout(() => void tick(), INTERVAL_MS);
  };
  const stop = async (): Promise<void> => {
    if (timer) clearTimeout(timer);
    log('stopping');
    await Promise.all(stoppers.map((s) => s.stop()));
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  await tick();
}

async function startDemo(env: NodeJS.ProcessEnv, stoppers: Stoppable[]): Promise<{ addOutlookItems(): void }> {
  // The simulators are test tooling; they are loaded only for the local demo.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { startLnSimulator } = require('../../test/simulators/ln/ln-simulator') as typeof import('../../test/simulators/ln/ln-simulator');
  const { startGraphSimulator } = require('../../test/simulators/graph/graph-simulator') as typeof import('../../test/simulators/graph/graph-simulator');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const ln = await startLnSimulator({ seed: { contacts: DEMO_CONTACTS, activities: demoActivities(new Date()) } });
  const graph = await startGraphSimulator({ mailboxes: DEMO_MAILBOXES });
  stoppers.push({ stop: () => ln.close() }, { stop: () => graph.close() });
  Object.assign(env, { LN_COMPANY: ln.company, LN_IONAPI_JSON: JSON.stringify(ln.ionapi), GRAPH_BASE_URL: graph.baseUrl, GRAPH_STATIC_TOKEN: graph.token });
  log(`LN simulator:    ${ln.odataBaseUrl}  (company ${ln.company}; ${DEMO_CONTACTS.length} contacts, 1 meeting)`);
  log(`Graph simulator: ${graph.baseUrl}  (mailboxes ${DEMO_MAILBOXES.join(', ')})`);
  log(`look:  curl -H "Authorization: Bearer ${graph.token}" "${graph.baseUrl}/users/${DEMO_MAILBOXES[0]}/contactFolders"`);
  return {
    addOutlookItems: () => {
      const [adele = '', megan = ''] = DEMO_MAILBOXES;
      const folder = graph.folders(adele).find((f) => f.displayName === (env['SYNC_FOLDER_NAME'] ?? 'LN Contacts'));
      if (folder) graph.createContactAsUser(adele, folder.id, DEMO_OUTLOOK_CONTACT);
      graph.createEventAsUser(megan, demoOutlookMeeting(new Date()));
    },
  };
}

/** One contact and one calendar run per active sync user; a failing user is logged and the others carry on. */
async function syncEveryone(services: Services): Promise<void> {
  const settings = await services.lnSettings.readSettings();
  const users = (await services.lnSettings.listUsers()).filter((u) => u.Active).map((u) => u.EmailAddress);
  for (const user of users) {
    if (settings.SynchronizeContacts) await attempt(user, 'contacts', () => services.contactSync.run(user));
    if (settings.SynchronizeActivities) await attempt(user, 'calendar', () => services.calendarSync.run(user, { syncUsers: users }));
  }
}

async function attempt(user: string, scope: string, run: () => Promise<RunReport>): Promise<void> {
  try {
    log(summary(await run()));
  } catch (err) {
    log(`${user}: ${scope} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function summary(r: RunReport): string {
  const d = (c: RunReport['toLn']): string => `+${c.created} ~${c.updated} -${c.deleted}`;
  const extra = [r.errors.length ? `${r.errors.length} errors` : '', r.conflicts.length ? `${r.conflicts.length} conflicts` : '', ...r.warnings].filter(Boolean).join('; ');
  return `${r.user}: ${r.scope} ${r.full ? 'full' : 'incremental'} run: to Exchange ${d(r.toExchange)}, to LN ${d(r.toLn)}${extra ? ` (${extra})` : ''}`;
}

function log(line: string): void {
  console.log(`${new Date().toISOString()} ${line}`);
}

void main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
