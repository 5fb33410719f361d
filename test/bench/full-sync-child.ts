// Child process of the bench: one initial (full) contact sync for one user against endpoints given in BENCH_ENV,
// then prints its own peak RSS, so the figure is the synchronizer's alone (simulators and Azurite run in the parent).
import { performance } from 'node:perf_hooks';
import { buildServices } from '../../shared/app/build-services';
import { loadConfig } from '../../shared/config/load-config';

async function main(): Promise<void> {
  const env = JSON.parse(process.env['BENCH_ENV'] ?? '{}') as Record<string, string>;
  const user = process.env['BENCH_USER'] ?? '';
  const services = buildServices(loadConfig(env, null));
  const t0 = performance.now();
  const report = await services.contactSync.run(user);
  const ms = performance.now() - t0;
  const rssMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ ms, rssMiB, writes: report.writes, errors: report.errors.length })}\n`);
}

// Started by the bench only (the test runner, which loads every file under test/, does not start it).
if (process.env['NODE_TEST_CONTEXT'] === undefined && process.env['BENCH_ENV'] !== undefined) {
  main().catch((err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exit(1);
  });
}
