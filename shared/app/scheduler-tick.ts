// The scheduler's minute (B-L1, B-L3, B-P1, B-P2): re-read LN settings and users, work out which clock-aligned
// pulls are due, and send one job per sync user and scope in one batch. A stopped synchronizer sends nothing.
import type { JobEnvelope } from '../queue/sync-job.schema';
import { isDue, slotOf } from './pull-schedule';
import { enabledScopes, readSettingsSnapshot } from './settings-snapshot';
import type { Runtime } from './runtime';
import type { SettingsSnapshot } from './ports/control-store-port';
import { maintainSubscriptions } from './subscription-maintenance';

export interface TickResult {
  state: 'started' | 'stopped';
  sent: number;
  settingsError?: string;
}

export async function schedulerTick(rt: Runtime, tick: Date = rt.clock.now()): Promise<TickResult> {
  const current = await rt.control.get();
  if (current.state === 'stopped') return { state: 'stopped', sent: 0 };
  let settings: SettingsSnapshot;
  try {
    settings = await readSettingsSnapshot(rt.services.lnSettings, tick);
  } catch (err) {
    const settingsError = err instanceof Error ? err.message : String(err);
    await rt.control.update((s) => ({ ...s, settingsError, lastTick: minute(tick) }));
    return { state: 'started', sent: 0, settingsError };
  }
  const jobs = duePulls(settings, tick, current.lastTick);
  if (jobs.length > 0) await rt.queue.send(jobs); // sent before the tick is recorded: a failed send is retried next minute
  await rt.control.update((s) => {
    const next = { ...s, settings, lastTick: minute(tick) };
    delete next.settingsError;
    return next;
  });
  // B-L3: push or users changed in LN; a failure here is retried by the subscriptions timer, never fails the tick
  if (pushChanged(current.settings, settings)) await maintainSubscriptions(rt).catch(() => undefined);
  return { state: 'started', sent: jobs.length };
}

/**
 * One pull per sync user for every enabled scope whose slot started since the last tick (or starts at this tick when
 * there was none): a late or missed timer still pulls once for the slot it missed.
 */
export function duePulls(settings: SettingsSnapshot, tick: Date, lastTick?: string): JobEnvelope[] {
  const out: JobEnvelope[] = [];
  for (const scope of enabledScopes(settings)) {
    const interval = scope === 'contacts' ? settings.contactPullInterval : settings.calendarPullInterval;
    const slot = slotOf(interval, tick);
    const due = lastTick ? slot.getTime() > Date.parse(lastTick) : isDue(interval, tick);
    if (!due) continue;
    const dueAt = slot.toISOString();
    for (const user of settings.users) out.push({ job: { kind: 'pull', user, scope, full: false, dueAt }, attempt: 1 });
  }
  return out;
}

function pushChanged(before: SettingsSnapshot | undefined, after: SettingsSnapshot): boolean {
  if (!before) return after.enablePushSynchronization;
  const key = (s: SettingsSnapshot): string => JSON.stringify([s.enablePushSynchronization, s.synchronizeContacts, s.synchronizeActivities, s.users]);
  return key(before) !== key(after);
}

function minute(date: Date): string {
  return new Date(Math.floor(date.getTime() / 60_000) * 60_000).toISOString();
}
