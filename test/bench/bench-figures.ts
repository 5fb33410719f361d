// Counts one measured step of the bench from the simulators' request logs: HTTP requests, batch parts, 429s,
// delta pages, LN requests, and how close the wall time came to Exchange's bound of 4 requests in flight per mailbox.
import { performance } from 'node:perf_hooks';
import type { RunReport } from '../../shared/sync/run-report';
import type { GraphSimulator } from '../simulators/graph/graph-simulator';
import type { LnSimulator } from '../simulators/ln/ln-simulator';

export interface StepFigures {
  label: string;
  ms: number;
  graphHttp: number;
  parts: number;
  throttled: number;
  deltaPages: number;
  ln: number;
  failedItems: number;
  failedRuns: number;
  writes: number;
  /** Time 4 parallel slots would need for every mailbox request and part at the simulator's latency. */
  boundMs: number;
}

export async function measureStep(label: string, graph: GraphSimulator, ln: LnSimulator, latencyMs: number, step: () => Promise<RunReport[]>): Promise<StepFigures> {
  graph.resetRequests();
  const ln0 = ln.requests.length;
  const t0 = performance.now();
  let reports: RunReport[] = [];
  let failedRuns = 0;
  try {
    reports = await step();
  } catch (err) {
    failedRuns++;
    console.log(`  ${label}: run failed: ${String(err)}`);
  }
  const ms = performance.now() - t0;
  const http = graph.requests.filter((r) => !r.batch);
  const parts = graph.requests.filter((r) => r.batch);
  const mailboxCalls = http.filter((r) => !r.path.endsWith('/$batch')).length + parts.length;
  return {
    label, ms, graphHttp: http.length, parts: parts.length,
    throttled: graph.requests.filter((r) => r.status === 429).length,
    deltaPages: http.filter((r) => r.path.endsWith('/delta')).length,
    ln: ln.requests.length - ln0,
    failedItems: reports.reduce((n, r) => n + r.errors.length, 0),
    failedRuns,
    writes: reports.reduce((n, r) => n + r.writes, 0),
    boundMs: Math.ceil(mailboxCalls / 4) * latencyMs,
  };
}

export function printStep(f: StepFigures): void {
  const batchingBound = Math.ceil(f.writes / 20) + f.deltaPages;
  console.log(
    `${f.label.padEnd(34)} ${(f.ms / 1000).toFixed(1).padStart(6)} s  bound ${(f.boundMs / 1000).toFixed(1).padStart(6)} s (ratio ${(f.boundMs / Math.max(f.ms, 1)).toFixed(2)})  ` +
      `Graph HTTP ${String(f.graphHttp).padStart(5)} (batching bound ${batchingBound}, delta pages ${f.deltaPages})  parts ${String(f.parts).padStart(5)}  ` +
      `429s ${f.throttled}  LN ${f.ln}  writes ${f.writes}  failed items ${f.failedItems}  failed runs ${f.failedRuns}`,
  );
}
