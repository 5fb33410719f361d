// The local host with push on: LN and Graph simulators notify the host's webhooks, which queue item jobs for
// the in-process worker. Everything over real HTTP on 127.0.0.1; closed when the test file ends.
import { after } from 'node:test';
import { randomBytes } from 'node:crypto';
import { startLocalHost, type LocalHost } from '../../shared/local/local-host';
import { startGraphSimulator, type GraphSimulator } from '../simulators/graph/graph-simulator';
import { startLnSimulator, type LnSimulator } from '../simulators/ln/ln-simulator';

export const ADELE = 'adele.vance@contoso.example';
export const MEGAN = 'megan.bowen@contoso.example';

export interface PushWorld {
  ln: LnSimulator;
  graph: GraphSimulator;
  host: LocalHost;
  secret: string;
  admin(method: string, path: string, body?: unknown): Promise<Response>;
  /** Waits until the simulators have delivered their notifications and the queue is empty. */
  quiet(): Promise<void>;
  /** Stops the host and the simulators (done by itself when the test file ends, unless `autoClose` is false). */
  close(): Promise<void>;
}

export async function pushWorld(options: { push?: boolean; users?: string[]; autoClose?: boolean; lnSecondsOnly?: boolean; env?: Record<string, string> } = {}): Promise<PushWorld> {
  const users = options.users ?? [ADELE, MEGAN];
  const secret = randomBytes(24).toString('hex');
  const ln = await startLnSimulator(options.lnSecondsOnly ? { webhookSecondsOnly: true } : {});
  ln.setSettings({ EnablePushSynchronization: options.push ?? true });
  if (!users.includes(MEGAN)) ln.putUser({ User: 'megan', Name: 'Megan Bowen', Active: false, EmailAddress: MEGAN }); // sync users = the mailboxes
  const graph = await startGraphSimulator({ mailboxes: users });
  const host = await startLocalHost({
    env: { LN_COMPANY: ln.company, LN_IONAPI_JSON: JSON.stringify(ln.ionapi), GRAPH_BASE_URL: graph.baseUrl, GRAPH_STATIC_TOKEN: graph.token, LN_WEBHOOK_SECRET: secret, ...options.env },
    port: 0, timers: false, log: () => undefined,
  });
  ln.setWebhook({ url: `${host.url}/api/ln/notifications`, secret });
  const close = async (): Promise<void> => {
    ln.setWebhook(undefined);
    await host.stop();
    await Promise.all([ln.close(), graph.close()]);
  };
  if (options.autoClose !== false) after(close);
  const world: PushWorld = {
    ln, graph, host, secret, close,
    admin: (method, path, body) => fetch(`${host.url}/api/${path}`, {
      method, headers: { authorization: `Bearer ${host.adminToken}`, 'content-type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    }),
    async quiet() {
      for (let i = 0; i < 3; i++) {
        await graph.flushNotifications();
        await new Promise((r) => setTimeout(r, 80)); // LN webhook batch window
        await host.queue.idle();
      }
    },
  };
  return world;
}

export async function until<T>(probe: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > end) throw new Error('not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
