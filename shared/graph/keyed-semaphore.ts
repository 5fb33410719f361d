// Counting semaphore per key: at most `limit` holders of one key at a time, waiters served in order.
// Keys taken together are acquired in sorted order so two multi-key holders cannot deadlock.

interface Slot {
  active: number;
  waiters: Array<() => void>;
}

export class KeyedSemaphore {
  private readonly slots = new Map<string, Slot>();

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`KeyedSemaphore: limit must be a positive integer, got ${limit}`);
  }

  /** Acquires every key; the returned function releases them all. */
  async acquire(keys: readonly string[]): Promise<() => void> {
    const sorted = [...new Set(keys)].sort();
    for (const key of sorted) await this.acquireOne(key);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const key of sorted) this.releaseOne(key);
    };
  }

  /** Holders of a key right now (for tests and diagnostics). */
  active(key: string): number {
    return this.slots.get(key)?.active ?? 0;
  }

  private acquireOne(key: string): Promise<void> {
    const slot = this.slots.get(key) ?? { active: 0, waiters: [] };
    this.slots.set(key, slot);
    if (slot.active < this.limit) {
      slot.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => slot.waiters.push(resolve));
  }

  private releaseOne(key: string): void {
    const slot = this.slots.get(key);
    if (!slot) return;
    const next = slot.waiters.shift();
    if (next) return next(); // the slot passes straight to the next waiter
    slot.active--;
    if (slot.active === 0) this.slots.delete(key);
  }
}
