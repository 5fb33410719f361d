// A runtime for function tests: the scenario world (simulators, Azurite) plus the real stores and the
// in-process queue feeding the real worker; installed for the function handlers with `useRuntime`.
import { after } from 'node:test';
import { HttpRequest, InvocationContext } from '@azure/functions';
import { buildRuntime } from '../../shared/app/build-runtime';
import { dispatchJob } from '../../shared/app/job-worker';
import type { Runtime } from '../../shared/app/runtime';
import { useRuntime } from '../../shared/app/runtime-provider';
import { InProcessJobQueue } from '../../shared/queue/in-process-job-queue';
import type { JobEnvelope } from '../../shared/queue/sync-job.schema';
import { startContactWorld, ADELE, MEGAN, type ContactWorld, type SyncWorldOptions } from '../scenarios/sync-world';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';
export { ADELE, MEGAN };

export interface RuntimeWorld {
  world: ContactWorld;
  rt: Runtime;
  queue: InProcessJobQueue;
  sent: JobEnvelope[];
  scheduled: Array<{ envelope: JobEnvelope; notBefore: Date }>;
}

export async function runtimeWorld(options: SyncWorldOptions = {}): Promise<RuntimeWorld> {
  const world = await startContactWorld({ ...options, env: { ADMIN_TOKEN, ...options.env } });
  const sent: JobEnvelope[] = [];
  const scheduled: Array<{ envelope: JobEnvelope; notBefore: Date }> = [];
  const holder: { rt?: Runtime } = {};
  const queue = new InProcessJobQueue({ handler: (envelope) => dispatchJob(holder.rt as Runtime, envelope), log: () => undefined });
  const recording = {
    send: async (envelopes: JobEnvelope[]) => {
      sent.push(...envelopes);
      await queue.send(envelopes);
    },
    schedule: async (envelope: JobEnvelope, notBefore: Date) => {
      scheduled.push({ envelope, notBefore });
      await queue.schedule(envelope, notBefore);
    },
  };
  const rt = buildRuntime(world.services, recording);
  holder.rt = rt;
  useRuntime(rt);
  queue.start();
  after(async () => {
    await queue.stop();
    await world.close();
  });
  return { world, rt, queue, sent, scheduled };
}

export function context(name = 'test'): InvocationContext {
  return new InvocationContext({ functionName: name, logHandler: () => undefined });
}

export function request(method: string, path: string, options: { body?: unknown; params?: Record<string, string>; token?: string | null } = {}): HttpRequest {
  const token = options.token === undefined ? ADMIN_TOKEN : options.token;
  return new HttpRequest({
    method,
    url: `http://localhost/api/${path}`,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    params: options.params ?? {},
    ...(options.body !== undefined ? { body: { string: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) } } : {}),
  });
}
