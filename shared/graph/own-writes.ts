// What this process last wrote to each Exchange item (its changeKey and the snapshot that write produced), so a
// delta round can recognize the service's own writes without reading them again by id. Bounded; oldest forgotten first.

export class OwnWrites<T> {
  private readonly written = new Map<string, { changeKey: string; value: T }>();

  constructor(private readonly capacity = 20_000) {}

  remember(id: string, changeKey: string, value: T): void {
    this.written.delete(id);
    this.written.set(id, { changeKey, value });
    if (this.written.size > this.capacity) {
      const oldest = this.written.keys().next();
      if (!oldest.done) this.written.delete(oldest.value);
    }
  }

  /** The snapshot of our own write when the item still carries that write's changeKey; forgets the entry either way. */
  take(id: string, changeKey: string | undefined): T | undefined {
    const entry = this.written.get(id);
    if (!entry) return undefined;
    this.written.delete(id);
    return changeKey !== undefined && entry.changeKey === changeKey ? entry.value : undefined;
  }
}
