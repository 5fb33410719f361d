// The local demo: LN and Graph simulators seeded with a small company, for `npm start` without real endpoints.
// The simulators are test tooling; they are loaded only here.
import { randomBytes } from 'node:crypto';
import { DEMO_CONTACTS, DEMO_MAILBOXES, DEMO_OUTLOOK_CONTACT, demoActivities, demoOutlookMeeting } from './demo-company';

type LnSimulator = Awaited<ReturnType<typeof import('../../test/simulators/ln/ln-simulator').startLnSimulator>>;
type GraphSimulator = Awaited<ReturnType<typeof import('../../test/simulators/graph/graph-simulator').startGraphSimulator>>;

export interface Demo {
  env: Record<string, string>;
  ln: LnSimulator;
  graph: GraphSimulator;
  lines: string[];
  /** Points LN's push at the local host (Graph's subscriptions are made by the synchronizer itself). */
  connect(hostUrl: string): void;
  /** What the demo's Outlook users do once the first synchronization is done. */
  actAsOutlookUsers(folderName: string): void;
  stop(): Promise<void>;
}

export async function startDemo(): Promise<Demo> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { startLnSimulator } = require('../../test/simulators/ln/ln-simulator') as typeof import('../../test/simulators/ln/ln-simulator');
  const { startGraphSimulator } = require('../../test/simulators/graph/graph-simulator') as typeof import('../../test/simulators/graph/graph-simulator');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const now = new Date();
  const ln = await startLnSimulator({ seed: { contacts: DEMO_CONTACTS, activities: demoActivities(now) } });
  ln.setSettings({ ContactPullInterval: { Number: 1, Unit: 'Minutes' }, CalendarPullInterval: { Number: 1, Unit: 'Minutes' }, EnablePushSynchronization: true });
  const webhookSecret = randomBytes(24).toString('hex');
  const graph = await startGraphSimulator({ mailboxes: DEMO_MAILBOXES });
  const [adele = '', megan = ''] = DEMO_MAILBOXES;
  graph.createEventAsUser(megan, demoOutlookMeeting(now)); // booked in Outlook before the synchronizer starts
  return {
    ln, graph,
    env: { LN_COMPANY: ln.company, LN_IONAPI_JSON: JSON.stringify(ln.ionapi), GRAPH_BASE_URL: graph.baseUrl, GRAPH_STATIC_TOKEN: graph.token, LN_WEBHOOK_SECRET: webhookSecret },
    connect: (hostUrl) => ln.setWebhook({ url: `${hostUrl}/api/ln/notifications`, secret: webhookSecret }),
    lines: [
      `LN simulator:    ${ln.odataBaseUrl}  (company ${ln.company}; ${DEMO_CONTACTS.length} contacts, 1 meeting; pulls every minute, push on)`,
      `Graph simulator: ${graph.baseUrl}  (mailboxes ${DEMO_MAILBOXES.join(', ')}; Megan booked a meeting with Adele)`,
      `look:  curl -H "Authorization: Bearer ${graph.token}" "${graph.baseUrl}/users/${adele}/contactFolders"`,
    ],
    actAsOutlookUsers: (folderName) => {
      const folder = graph.folders(adele).find((f) => f.displayName === folderName);
      if (folder) graph.createContactAsUser(adele, folder.id, DEMO_OUTLOOK_CONTACT);
    },
    stop: async () => {
      ln.setWebhook(undefined);
      await Promise.all([ln.close(), graph.close()]);
    },
  };
}
