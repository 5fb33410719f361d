// Fault injection for the LN simulator: failing, delaying, or dropping the answer to upcoming OData requests.
// Faults are consumed in order by matching requests; token requests are never affected.

export interface FailOptions {
  retryAfterSeconds?: number;
  /** Answer with an HTML error page instead of LN's JSON error, as a gateway or web server in front of LN does. */
  htmlPage?: boolean;
  method?: string;
  pathIncludes?: string;
}

export interface LnSimulatorFaults {
  failNext(count: number, status: number, opts?: FailOptions): void;
  delayNext(ms: number, count?: number): void;
  /** Applies the next `count` writes (POST/PATCH/DELETE), then destroys the socket instead of answering. */
  dropResponseAfterWrite(count?: number): void;
  /** Forgets every pending fault. */
  clear(): void;
}

interface PendingFailure extends FailOptions {
  remaining: number;
  status: number;
}

export class LnFaultState implements LnSimulatorFaults {
  private readonly failures: PendingFailure[] = [];
  private delays: Array<{ ms: number; remaining: number }> = [];
  private drops = 0;

  failNext(count: number, status: number, opts: FailOptions = {}): void {
    this.failures.push({ ...opts, remaining: count, status });
  }

  delayNext(ms: number, count = 1): void {
    this.delays.push({ ms, remaining: count });
  }

  dropResponseAfterWrite(count = 1): void {
    this.drops += count;
  }

  clear(): void {
    this.failures.length = 0;
    this.delays = [];
    this.drops = 0;
  }

  /** The failure to answer with, if one matches this request (consumes it). */
  takeFailure(method: string, path: string): { status: number; retryAfterSeconds?: number; htmlPage?: boolean } | undefined {
    const f = this.failures.find(
      (x) => x.remaining > 0 && (x.method === undefined || x.method.toUpperCase() === method) && (x.pathIncludes === undefined || path.includes(x.pathIncludes)),
    );
    if (!f) return undefined;
    f.remaining--;
    if (f.remaining === 0) this.failures.splice(this.failures.indexOf(f), 1);
    return { status: f.status, ...(f.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: f.retryAfterSeconds }), ...(f.htmlPage ? { htmlPage: true } : {}) };
  }

  takeDelay(): number {
    const d = this.delays[0];
    if (!d) return 0;
    d.remaining--;
    if (d.remaining <= 0) this.delays.shift();
    return d.ms;
  }

  takeDrop(method: string): boolean {
    if (method === 'GET' || this.drops === 0) return false;
    this.drops--;
    return true;
  }
}
