// What status shows per sync user beyond run history: attention needed, last failure, dead letters, warnings.
// Updated by the worker and the scheduler; read by the admin endpoints and the status page.

export interface AttentionItem {
  scope: 'contacts' | 'calendar';
  message: string;
  since: string;
}

export interface DeadLetter {
  /** The job, as it was on the queue (JSON). */
  job: string;
  reason: string;
  at: string;
}

export interface SubscriptionProblem {
  resource: 'events' | 'contacts';
  message: string;
  since: string;
}

export interface UserStatus {
  user: string;
  /** 'ok', or why this user cannot be synchronized (B-L5: no mailbox, access refused). */
  mailbox: string;
  needsAttention: AttentionItem[];
  lastError?: { scope: string; message: string; transient: boolean; at: string };
  /** Newest first, at most 20. */
  deadLetters: DeadLetter[];
  /** Mapping gaps and other notes, each once (B-C2, B-A3, B-A4). */
  warnings: string[];
  /** Why push (Graph subscriptions) fails for this user, when it does. */
  pushProblem?: string;
  /** B-N6: each Graph subscription of this user that could not be created or renewed, and why. */
  subscriptionProblems?: SubscriptionProblem[];
  updatedAt: string;
  etag?: string;
}

/** The slim per-user row the console's overview reads for every user at once (B-U1). */
export interface UserSummary {
  user: string;
  /** Problems worst first (see user-health.ts); empty ⇒ ok. */
  problems: Array<'failing' | 'mailbox' | 'dead-letters' | 'attention' | 'push'>;
  /** The worst problem in a few words, for the list. */
  headline?: string;
  updatedAt: string;
}

export interface UserStatusStore {
  get(user: string): Promise<UserStatus | undefined>;
  list(): Promise<UserStatus[]>;
  /** Every user's summary, read as one projection of the status rows (no JSON lists). */
  summaries(): Promise<UserSummary[]>;
  /** Reads, applies `change` to the current status (or a fresh one), writes with the ETag; retries on a 412. */
  update(user: string, change: (current: UserStatus) => UserStatus): Promise<UserStatus>;
}
