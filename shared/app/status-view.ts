// The data the status endpoints show (B-I6): synchronizer state and settings, and per sync user their runs,
// attention items, failures, dead letters and warnings. Plain data, rendered as JSON or as the HTML page.
import type { RunReport } from '../sync/run-report';
import type { SynchronizerState } from './ports/control-store-port';
import type { UserStatus } from './ports/user-status-port';

export interface UserStatusView {
  status: UserStatus;
  runs: { contacts: RunReport[]; calendar: RunReport[] };
}

export interface StatusView {
  generatedAt: string;
  synchronizer: Omit<SynchronizerState, 'etag'>;
  users: UserStatusView[];
}
