// A local host in its own process, for tests that race two hosts on one Table Storage: configured by LOCAL_HOST_CHILD_ENV,
// it prints its URL, then answers its parent's IPC requests ('idle': wait for an empty queue; 'stop').
import { startLocalHost, type LocalHost } from '../../shared/local/local-host';

export type ChildRequest = { id: number; cmd: 'idle' | 'stop' };
export type ChildAnswer = { id: number; processed: number; scheduled: number } | { ready: string };

async function main(): Promise<void> {
  const env = JSON.parse(process.env['LOCAL_HOST_CHILD_ENV'] ?? '{}') as Record<string, string>;
  const host: LocalHost = await startLocalHost({ env, port: 0, timers: false, log: process.env['CHILD_LOG'] ? (l) => process.stderr.write(`${l}\n`) : () => undefined });
  const answer = (a: ChildAnswer): void => void process.send?.(a);
  process.on('message', (raw: ChildRequest) => {
    void (async () => {
      if (raw.cmd === 'stop') {
        await host.stop();
        process.exit(0);
      }
      await host.queue.idle();
      const stats = host.queue.stats();
      answer({ id: raw.id, processed: stats.processed + stats.deadLettered, scheduled: stats.scheduled });
    })();
  });
  process.on('disconnect', () => process.exit(0)); // the parent is gone: never outlive it
  answer({ ready: host.url });
}

// Started by its test only (the test runner, which loads every file under test/, does not start it).
if (process.env['NODE_TEST_CONTEXT'] === undefined && process.env['LOCAL_HOST_CHILD_ENV'] !== undefined) {
  main().catch((err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exit(1);
  });
}
