// Child process of the bench: one initial (full) contact sync for one user against endpoints given in BENCH_ENV,
// then prints its own peak RSS, so the figure is the synchronizer's alone (simulators and Azurite run in the parent).
import { appendFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { buildServices } from '../../shared/app/build-services';
import { loadConfig } from '../../shared/config/load-config';

async function main(): Promise<void> {
  const env = JSON.parse(process.env['BENCH_ENV'] ?? '{}') as Record<string, string>;
  const user = process.env['BENCH_USER'] ?? '';
  const services = buildServices(loadConfig(env, null));
  const t0 = performance.now();
  const trace = traceMemory(process.env['BENCH_TRACE_FILE'], t0);
  const report = await services.contactSync.run(user);
  const ms = performance.now() - t0;
  if (trace) clearInterval(trace);
  const rssMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ ms, rssMiB, writes: report.writes, errors: report.errors.length })}\n`);
}

/** Appends heap and RSS once a second to `file` (looking into a figure: where the memory goes, and when). */
function traceMemory(file: string | undefined, t0: number): NodeJS.Timeout | undefined {
  if (file === undefined) return undefined;
  const mib = (n: number): string => (n / 1048576).toFixed(0);
  return setInterval(() => {
    const m = process.memoryUsage();
    appendFileSync(file, `${((performance.now() - t0) / 1000).toFixed(0)}s rss ${mib(m.rss)} heap ${mib(m.heapUsed)}/${mib(m.heapTotal)} external ${mib(m.external)} buffers ${mib(m.arrayBuffers)}\n`);
  }, 1000).unref();
}

// Started by the bench only (the test runner, which loads every file under test/, does not start it).
if (process.env['NODE_TEST_CONTEXT'] === undefined && process.env['BENCH_ENV'] !== undefined) {
  main().catch((err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exit(1);
  });
}
