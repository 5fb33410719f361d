// Reads LN's synchronization settings and users (B-L2, B-L3) into the snapshot the control state keeps.
// Invalid settings throw with a message naming the field; inactive users are left out.
import type { LnSyncSettingsReader } from '../ln/ln-sync-settings-reader';
import type { SettingsSnapshot } from './ports/control-store-port';

export async function readSettingsSnapshot(reader: LnSyncSettingsReader, now: Date): Promise<SettingsSnapshot> {
  const [settings, users] = await Promise.all([reader.readSettings(), reader.listUsers()]);
  return {
    synchronizeContacts: settings.SynchronizeContacts,
    synchronizeActivities: settings.SynchronizeActivities,
    contactPullInterval: { number: settings.ContactPullInterval.Number, unit: settings.ContactPullInterval.Unit },
    calendarPullInterval: { number: settings.CalendarPullInterval.Number, unit: settings.CalendarPullInterval.Unit },
    enablePushSynchronization: settings.EnablePushSynchronization,
    users: [...new Set(users.filter((u) => u.Active && u.EmailAddress.trim() !== '').map((u) => u.EmailAddress.trim()))].sort(),
    readAt: now.toISOString(),
  };
}

/** The scopes LN has switched on (B-L4). */
export function enabledScopes(settings: SettingsSnapshot): Array<'contacts' | 'calendar'> {
  return [...(settings.synchronizeContacts ? ['contacts' as const] : []), ...(settings.synchronizeActivities ? ['calendar' as const] : [])];
}
