// Run history per sync user and scope, for status (B-I6): the last runs with their counts, newest first.
// Kept small: older runs beyond a limit may be dropped by the store.
import type { RunReport } from '../../sync/run-report';

export interface RunStore {
  record(report: RunReport): Promise<void>;
  latest(user: string, scope: RunReport['scope'], limit: number): Promise<RunReport[]>;
}
