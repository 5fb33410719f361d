// Clock-aligned pull slots (B-P1): 15 minutes runs at :00, :15, :30, :45; 1 hour at every full hour; 1 day at
// midnight UTC. Pure: given an interval and a tick, says whether a pull is due and which slot it belongs to.

export interface PullInterval {
  number: number;
  unit: 'Minutes' | 'Hours' | 'Days';
}

const MINUTES = { Minutes: 1, Hours: 60, Days: 1440 } as const;

/** Length of the interval in minutes (at least one). */
export function intervalMinutes(interval: PullInterval): number {
  return Math.max(1, Math.round(interval.number * MINUTES[interval.unit]));
}

/** The start of the slot `tick` falls in, aligned to the UTC clock (minutes since the epoch, a multiple of the interval). */
export function slotOf(interval: PullInterval, tick: Date): Date {
  const length = intervalMinutes(interval);
  const minute = Math.floor(tick.getTime() / 60_000);
  return new Date((minute - (minute % length)) * 60_000);
}

/** True on the minute a slot starts: the scheduler ticks every minute and sends the pulls of that minute only. */
export function isDue(interval: PullInterval, tick: Date): boolean {
  return slotOf(interval, tick).getTime() === Math.floor(tick.getTime() / 60_000) * 60_000;
}
