// Repeats a synchronization pass while the previous one wrote something (at most three passes).
// A pass's stored delta link and watermark predate its own writes; the next pass reads them back as no-ops.
import type { RunReport } from './run-report';

const MAX_PASSES = 3;

export async function runPasses(pass: (previous: RunReport | undefined, index: number) => Promise<RunReport>): Promise<RunReport> {
  let report = await pass(undefined, 0);
  let wrote = report.writes > 0;
  for (let index = 1; index < MAX_PASSES && wrote && !report.errors.some((e) => e.transient); index++) {
    const before = report.writes;
    report = await pass(report, index);
    wrote = report.writes > before;
  }
  return report;
}
