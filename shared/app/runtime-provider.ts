// The process-wide runtime the functions use: built lazily from configuration (Service Bus queue) in Azure,
// or installed by the local host and by tests with `useRuntime`.
import type { Runtime } from './runtime';

let current: Promise<Runtime> | undefined;
let factory: (() => Promise<Runtime>) | undefined;

/** Installs how the runtime is built (Azure entry point) or a ready runtime (local host, tests). */
export function useRuntime(runtime: Runtime | (() => Promise<Runtime>)): void {
  if (typeof runtime === 'function') {
    factory = runtime;
    current = undefined;
  } else {
    current = Promise.resolve(runtime);
  }
}

export function getRuntime(): Promise<Runtime> {
  if (current) return current;
  if (!factory) throw new Error('no runtime configured: the Azure entry point or the local host installs one');
  current = factory().catch((err: unknown) => {
    current = undefined; // a failed start-up (e.g. bad configuration) is retried on the next invocation
    throw err;
  });
  return current;
}

/** The Azure entry point's default: used only when nothing was installed before (the local host and tests win). */
export function useRuntimeByDefault(build: () => Promise<Runtime>): void {
  if (!current && !factory) factory = build;
}
