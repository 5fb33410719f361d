// Builds job envelopes for the queue tests: pull jobs with distinct due times, so distinct message ids.
// `deferred` gives a promise the test resolves by hand.
import type { JobEnvelope } from '../../shared/queue/sync-job.schema';

const BASE = Date.UTC(2025, 0, 6, 8, 0, 0);

export function pullEnvelope(user: string, index: number, attempt = 1): JobEnvelope {
  return {
    job: { kind: 'pull', user, scope: index % 2 === 0 ? 'contacts' : 'calendar', full: false, dueAt: new Date(BASE + index * 60_000).toISOString() },
    attempt,
  };
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
