// A synchronization's plan without its execution (B-U5): the actions a run would take now, whether the
// mass-deletion guard would hold its deletions, and what the gatherer noticed.
export interface PlanPreview<A> {
  /** A full reconciliation would run (first run, daily, or asked for). */
  full: boolean;
  actions: A[];
  /** Set when the guard would hold the deletions back (B-I3). */
  held?: string;
  warnings: string[];
}
