// `npm run bench`: contact synchronization figures for 2,000 contacts against the simulators and Azurite.
// Prints wall time, requests per side and heap growth for the first sync, a full rerun and an incremental rerun.
import { performance } from 'node:perf_hooks';
import { ADELE, startContactWorld, type ContactWorld } from '../scenarios/sync-world';
import { benchConsole } from './console-bench';

const COUNT = Number(process.env['BENCH_CONTACTS'] ?? 2000);

async function measure(world: ContactWorld, label: string, full: boolean): Promise<void> {
  const ln0 = world.ln.requests.length;
  world.graph.resetRequests();
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const report = await world.run(ADELE, { full });
  const ms = performance.now() - t0;
  const heapMb = (process.memoryUsage().heapUsed - heap0) / 1_048_576;
  const graphCalls = world.graph.requests.filter((r) => !r.batch).length;
  console.log(
    `${label.padEnd(22)} ${ms.toFixed(0).padStart(6)} ms  ${((COUNT / ms) * 1000).toFixed(0).padStart(6)} contacts/s  ` +
      `LN requests ${String(world.ln.requests.length - ln0).padStart(5)}  Graph requests ${String(graphCalls).padStart(5)}  ` +
      `writes ${String(report.writes).padStart(5)}  heap Δ ${heapMb.toFixed(1)} MiB`,
  );
}

async function main(): Promise<void> {
  const world = await startContactWorld({ lnPageSize: 500, graphPageSize: 500, graphLatencyMs: 0 });
  try {
    for (let i = 1; i <= COUNT; i++) {
      world.ln.putContact({ Contact: `C${i}`, FirstName: `First${i}`, LastName: `Last${i}`, Email: `c${i}@example.com`, BusinessPartner: 'BP0000001', OfficePhone: `+31 20 ${i}`, Language: 'NLD', Synchronize: true, WorkAddress: { City: 'Amsterdam', Country: 'NLD' } });
    }
    console.log(`contacts: ${COUNT} (simulators on loopback, no added latency)`);
    await measure(world, 'first sync', false);
    await measure(world, 'full rerun, unchanged', true);
    await measure(world, 'incremental, unchanged', false);
  } finally {
    await world.close();
  }
  await benchConsole();
}

void main();
