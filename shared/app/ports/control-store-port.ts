// The synchronizer's own state (B-L1, B-L2): started or stopped, and the LN settings and users last read.
// One row; survives restarts.

export interface SettingsSnapshot {
  synchronizeContacts: boolean;
  synchronizeActivities: boolean;
  contactPullInterval: { number: number; unit: 'Minutes' | 'Hours' | 'Days' };
  calendarPullInterval: { number: number; unit: 'Minutes' | 'Hours' | 'Days' };
  enablePushSynchronization: boolean;
  /** Active sync users' email addresses. */
  users: string[];
  readAt: string;
}

export interface SynchronizerState {
  state: 'started' | 'stopped';
  changedAt: string;
  settings?: SettingsSnapshot;
  /** Why the last settings read failed, naming the bad field (B-L2). */
  settingsError?: string;
  /** The last scheduler tick that ran (ISO minute). */
  lastTick?: string;
  /** The snapshot the last tick whose jobs were all sent (or start) was based on: what the next tick compares with. */
  tickSettings?: SettingsSnapshot;
  /** Held while one instance maintains Graph subscriptions, so two never create the same one. */
  maintenanceLock?: { token: string; until: string };
  etag?: string;
}

export interface ControlStore {
  /** The stored state, or 'stopped' when none was ever stored. */
  get(): Promise<SynchronizerState>;
  update(change: (current: SynchronizerState) => SynchronizerState): Promise<SynchronizerState>;
}
