// The engine's only source of "now", so tests control time.
// `systemClock` is the production implementation.

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
