// Run in a fresh Node process inside a built package: loads package.json "main" with @azure/functions' `app`
// recording each registration instead of registering, and writes them as JSON, with the modules it loaded, to a file.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface Registration {
  trigger: string;
  name: string;
  options: Record<string, unknown>;
}

const TRIGGERS = ['http', 'timer', 'serviceBusQueue', 'serviceBusTopic', 'storageQueue', 'storageBlob', 'eventHub', 'eventGrid', 'cosmosDB', 'generic'];

// node --test runs every file under dist/test: this one acts only when package.check.ts starts it.
if (process.env['REGISTRATION_PROBE'] === '1') probe(process.argv[2] ?? process.cwd(), process.argv[3] ?? 'registrations.json');

function probe(dir: string, out: string): void {
  const main = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { main?: string }).main ?? 'index.js';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const functions = require(require.resolve('@azure/functions', { paths: [dir] })) as { app: Record<string, unknown> };
  const registrations: Registration[] = [];
  for (const trigger of TRIGGERS) {
    functions.app[trigger] = (name: string, options: Record<string, unknown>) => {
      registrations.push({ trigger, name, options: { ...options, handler: typeof options['handler'] } });
    };
  }
  let loadError: string | undefined;
  try {
    require(join(dir, main)); // eslint-disable-line @typescript-eslint/no-require-imports
  } catch (err) {
    loadError = err instanceof Error ? err.message : String(err);
  }
  const outside = Object.keys(require.cache).filter((path) => !path.startsWith(dir) && path !== __filename);
  writeFileSync(out, JSON.stringify({ main, registrations, loadError, outside })); // stdout is the libraries' to write on
  process.exit(0); // telemetry exporters keep timers: the probe is done once registrations are known
}
