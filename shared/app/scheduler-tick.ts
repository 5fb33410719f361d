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
  // B-L6: the snapshot is stored before any job of this tick exists, so every job finds settings at least this new
  await rt.control.update((s) => {
    const next = { ...s, settings: newer(s.settings, settings) };
    delete next.settingsError;
    return next;
  });
  // Compared with the snapshot of the last tick that sent its jobs: users who arrived in a tick whose send failed are
  // still new to the next tick, and get their full synchronization then.
  const basis = current.tickSettings ?? current.settings;
  const jobs = dedupe([...duePulls(settings, tick, current.lastTick, basis), ...arrivalPulls(basis, settings, tick)]);
  if (jobs.length > 0) await rt.queue.send(jobs); // sent before the tick is recorded: a failed send is retried next minute
  await rt.control.update((s) => ({ ...s, lastTick: minute(tick), tickSettings: newer(s.tickSettings, settings) }));
  // B-L3: push or users changed in LN; a failure here is retried by the subscriptions timer, never fails the tick
  if (pushChanged(basis, settings)) await maintainSubscriptions(rt).catch(() => undefined);
  return { state: 'started', sent: jobs.length };
}

/**
 * One pull per sync user for every enabled scope whose slot started since the last tick (or starts at this tick when
 * there was none): a late or missed timer still pulls once for the slot it missed.
 */
export function duePulls(settings: SettingsSnapshot, tick: Date, lastTick?: string, previous?: SettingsSnapshot): JobEnvelope[] {
  const out: JobEnvelope[] = [];
  const arrived = new Set(newUsers(previous, settings));
  for (const scope of enabledScopes(settings)) {
    const interval = scope === 'contacts' ? settings.contactPullInterval : settings.calendarPullInterval;
    const slot = slotOf(interval, tick);
    const due = lastTick ? slot.getTime() > Date.parse(lastTick) : isDue(interval, tick);
    if (!due) continue;
    const dueAt = slot.toISOString();
    for (const user of settings.users) if (!arrived.has(user)) out.push({ job: { kind: 'pull', user, scope, full: false, dueAt }, attempt: 1 });
  }
  return out;
}

/**
 * B-L6: what this tick is the first to see acts at this tick, not at the next slot: a new sync user gets a full
 * synchronization of every enabled half; a half switched back on gets a pull for every other user.
 */
export function arrivalPulls(previous: SettingsSnapshot | undefined, settings: SettingsSnapshot, tick: Date): JobEnvelope[] {
  if (!previous) return []; // nothing to compare with: start queued full synchronizations already
  const dueAt = minute(tick);
  const arrived = new Set(newUsers(previous, settings));
  const out: JobEnvelope[] = [];
  for (const scope of enabledScopes(settings)) {
    const reEnabled = !enabledScopes(previous).includes(scope);
    for (const user of settings.users) {
      if (arrived.has(user)) out.push({ job: { kind: 'pull', user, scope, full: true, dueAt }, attempt: 1 });
      else if (reEnabled) out.push({ job: { kind: 'pull', user, scope, full: false, dueAt }, attempt: 1 });
    }
  }
  return out;
}

function newUsers(previous: SettingsSnapshot | undefined, settings: SettingsSnapshot): string[] {
  if (!previous) return [];
  const known = new Set(previous.users.map((u) => u.toLowerCase()));
  return settings.users.filter((u) => !known.has(u.toLowerCase()));
}

/** A re-enabled half whose slot also starts now would get two identical pulls; one is enough. */
function dedupe(jobs: JobEnvelope[]): JobEnvelope[] {
  const seen = new Set<string>();
  return jobs.filter((e) => {
    const key = JSON.stringify(e.job);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Two ticks may overlap; the snapshot read later stays. */
function newer(stored: SettingsSnapshot | undefined, read: SettingsSnapshot): SettingsSnapshot {
  return stored && Date.parse(stored.readAt) > Date.parse(read.readAt) ? stored : read;
}

function pushChanged(before: SettingsSnapshot | undefined, after: SettingsSnapshot): boolean {
  if (!before) return after.enablePushSynchronization;
  const key = (s: SettingsSnapshot): string => JSON.stringify([s.enablePushSynchronization, s.synchronizeContacts, s.synchronizeActivities, s.users]);
  return key(before) !== key(after);
}

function minute(date: Date): string {
  return new Date(Math.floor(date.getTime() / 60_000) * 60_000).toISOString();
}
