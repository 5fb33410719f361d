// How far V8 lets the heap grow past what was live at its last full collection. A full synchronization reads and
// maps page after page, leaving garbage fast; V8 then grows the heap by up to 4 × the live set before collecting
// again, so the process holds several times what it uses. 40 % keeps a 50,000-contact run near its live set at no
// measurable cost in time (figures in README, "Benchmark figures"; the values tried in docs/decisions.md). It only
// changes when V8 collects, never a limit: a run that needs more memory still gets it.
import { setFlagsFromString } from 'node:v8';

export const HEAP_GROWING_PERCENT = 40;

/** Sets V8's heap growing factor to 1 + HEAP_GROWING_PERCENT / 100 (read by V8 at every full collection). */
export function limitHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
