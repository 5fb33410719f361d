// Counting semaphore per key: at most `limit` permits of one key held at a time, waiters served in order.
// A holder may take several permits of a key (a $batch whose parts run side by side); keys are taken in sorted order.

interface Waiter {
  permits: number;
  resolve: () => void;
}

interface Slot {
  active: number;
  waiters: Waiter[];
}

export class KeyedSemaphore {
  private readonly slots = new Map<string, Slot>();

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`KeyedSemaphore: limit must be a positive integer, got ${limit}`);
  }

  /** Acquires one permit of every key; the returned function releases them all. */
  acquire(keys: readonly string[]): Promise<() => void> {
    return this.acquireWeighted(new Map(keys.map((k) => [k, 1])));
  }

  /** Acquires, per key, the given number of permits (capped at the limit); the returned function releases them all. */
  async acquireWeighted(permitsByKey: ReadonlyMap<string, number>): Promise<() => void> {
    const taken = [...permitsByKey.entries()]
      .map(([key, permits]): [string, number] => [key, Math.min(this.limit, Math.max(1, Math.floor(permits)))])
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [key, permits] of taken) await this.acquireOne(key, permits);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const [key, permits] of taken) this.releaseOne(key, permits);
    };
  }

  /** Permits of a key held right now (for tests and diagnostics). */
  active(key: string): number {
    return this.slots.get(key)?.active ?? 0;
  }

  private acquireOne(key: string, permits: number): Promise<void> {
    const slot = this.slots.get(key) ?? { active: 0, waiters: [] };
    this.slots.set(key, slot);
    if (slot.waiters.length === 0 && slot.active + permits <= this.limit) {
      slot.active += permits;
      return Promise.resolve();
    }
    return new Promise((resolve) => slot.waiters.push({ permits, resolve }));
  }

  private releaseOne(key: string, permits: number): void {
    const slot = this.slots.get(key);
    if (!slot) return;
    slot.active -= permits;
    // First come, first served: a waiter for many permits is not overtaken by later small ones.
    while (slot.waiters[0] && slot.active + slot.waiters[0].permits <= this.limit) {
      const next = slot.waiters.shift()!;
      slot.active += next.permits;
      next.resolve();
    }
    if (slot.active === 0 && slot.waiters.length === 0) this.slots.delete(key);
  }
}
