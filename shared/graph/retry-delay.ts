// How long to wait before retry number `attempt` (0-based): Graph's Retry-After when given, else exponential backoff.
// Always capped so a misbehaving server cannot park a worker for long.

export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 503, 504]);
const BASE_BACKOFF_MS = 1_000;
export const MAX_RETRY_DELAY_MS = 60_000;

export function retryDelayMs(attempt: number, retryAfter: number | undefined): number {
  const ms = retryAfter !== undefined ? retryAfter * 1000 : BASE_BACKOFF_MS * 2 ** attempt;
  return Math.min(ms, MAX_RETRY_DELAY_MS);
}

export function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
