// Fault injection for the Graph simulator: fail the next matching requests, or drop responses after a write.
// A $batch envelope is only matched by a rule whose pathIncludes names `$batch`; otherwise rules hit sub-requests.

export interface FailRule {
  remaining: number;
  status: number;
  retryAfterSeconds?: number;
  method?: string;
  pathIncludes?: string;
}

export class GraphFaults {
  private readonly rules: FailRule[] = [];
  private drops = 0;
  private randomThrottle: { ratio: number; retryAfterSeconds: number; random: () => number } | undefined;

  failNext(count: number, status: number, opts: { retryAfterSeconds?: number; method?: string; pathIncludes?: string } = {}): void {
    const retryAfterSeconds = opts.retryAfterSeconds ?? (status === 429 || status === 503 ? 1 : undefined);
    this.rules.push({ remaining: count, status, ...opts, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) });
  }

  dropResponseAfterWrite(count = 1): void {
    this.drops += count;
  }

  /** From now on a share `ratio` of the mailbox requests and batch parts, drawn at random, is answered 429 (0 stops it). */
  throttleRandomly(ratio: number, opts: { retryAfterSeconds?: number; random?: () => number } = {}): void {
    this.randomThrottle = ratio > 0 ? { ratio, retryAfterSeconds: opts.retryAfterSeconds ?? 1, random: opts.random ?? Math.random } : undefined;
  }

  /** Retry-After seconds when this request is drawn for a random 429. */
  takeRandomThrottle(): number | undefined {
    const t = this.randomThrottle;
    return t && t.random() < t.ratio ? t.retryAfterSeconds : undefined;
  }

  /** Forgets every pending fault. */
  clear(): void {
    this.rules.length = 0;
    this.drops = 0;
    this.randomThrottle = undefined;
  }

  /** Consumes and returns the first rule matching this request, if any. */
  take(method: string, path: string, isBatchEnvelope: boolean): FailRule | undefined {
    const rule = this.rules.find((r) => r.remaining > 0 && matches(r, method, path, isBatchEnvelope));
    if (!rule) return undefined;
    rule.remaining--;
    if (rule.remaining === 0) this.rules.splice(this.rules.indexOf(rule), 1);
    return rule;
  }

  takeDrop(): boolean {
    if (this.drops === 0) return false;
    this.drops--;
    return true;
  }
}

function matches(rule: FailRule, method: string, path: string, isBatchEnvelope: boolean): boolean {
  if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) return false;
  if (isBatchEnvelope && !(rule.pathIncludes ?? '').includes('$batch')) return false;
  return rule.pathIncludes === undefined || path.includes(rule.pathIncludes);
}
