// The LN simulator's write counter: one global version (ETags) and strictly increasing modification times.
// Two writes in the same millisecond still get different, ordered LastModificationDate values.

export interface WriteStamp {
  version: number;
  timestamp: string;
}

export class WriteClock {
  private version = 0;
  private lastMs = 0;

  next(): WriteStamp {
    this.version++;
    this.lastMs = Math.max(Date.now(), this.lastMs + 1);
    return { version: this.version, timestamp: new Date(this.lastMs).toISOString() };
  }
}
