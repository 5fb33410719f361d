// LN reference data (code tables, account names, employees) is read at most once per scheduler tick and process:
// one tick is one UTC minute, the scheduler's beat, so anything changed in LN shows at the next tick.

export function tickOf(now: Date): number {
  return Math.floor(now.getTime() / 60_000);
}

/** One value per tick; a failed load is not kept, so the next call reads again. */
export class TickCache<T> {
  private tick: number | undefined;
  private value: Promise<T> | undefined;

  get(now: Date | undefined, load: () => Promise<T>): Promise<T> {
    if (now === undefined) return load();
    const tick = tickOf(now);
    if (this.value && this.tick === tick) return this.value;
    this.tick = tick;
    const value = load().catch((err: unknown) => {
      if (this.value === value) this.value = undefined;
      throw err;
    });
    this.value = value;
    return value;
  }
}
