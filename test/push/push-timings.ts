// Timed push exercises shared by the tests (which assert what happens) and the benchmark (which prints how fast):
// a burst of Graph notifications at the webhook, and changes on both sides travelling through push.
import type { PushWorld } from './push-world';
import { ADELE, until } from './push-world';

export interface Timings {
  /** Milliseconds per answer or per change, in the order they finished. */
  times: number[];
}

/** Posts `count` change notifications at once for the user's events subscription; returns each answer's status and time. */
export async function notificationBurst(w: PushWorld, count: number): Promise<Timings & { statuses: number[] }> {
  const sub = (await w.host.runtime.subscriptions.list()).find((r) => r.resource === 'events');
  if (!sub) throw new Error('no events subscription: start the synchronizer first');
  const times: number[] = [];
  const statuses: number[] = [];
  await Promise.all(Array.from({ length: count }, async (_, i) => {
    const body = { value: [{ subscriptionId: sub.subscriptionId, clientState: sub.clientState, changeType: 'updated', resource: `Users/x/Events/B${i}`, resourceData: { id: `B${i}` } }] };
    const t = Date.now();
    const res = await fetch(`${w.host.url}/api/graph/notifications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    times.push(Date.now() - t);
    statuses.push(res.status);
  }));
  return { times, statuses };
}

/** Edits one contact and one event `count` times, alternating sides, each waited for on the other side. */
export async function pushRoundTrips(w: PushWorld, ids: { contactId: string; eventId: string; folderId: string | undefined }, count: number): Promise<Timings> {
  const times: number[] = [];
  for (let i = 1; i <= count; i++) {
    const started = Date.now();
    switch (i % 4) {
      case 0: // Outlook contact edit → LN
        w.graph.updateContactAsUser(ADELE, ids.contactId, { jobTitle: `Title ${i}` });
        await until(() => w.ln.getContact('C1')?.JobTitle === `Title ${i}`);
        break;
      case 1: // LN contact edit → Outlook
        w.ln.updateContact('C1', { MobilePhone: `+31 6 ${i}` });
        await until(() => w.graph.listContacts(ADELE, ids.folderId)[0]?.['mobilePhone'] === `+31 6 ${i}`);
        break;
      case 2: // Outlook event edit → LN
        w.graph.updateEventAsUser(ADELE, ids.eventId, { subject: `Push meeting ${i}` });
        await until(() => w.ln.getActivity('A1')?.Subject === `Push meeting ${i}`);
        break;
      default: // LN activity edit → Outlook
        w.ln.updateActivity('A1', { Location: `Room ${i}` });
        await until(() => (w.graph.listEvents(ADELE)[0]?.['location'] as { displayName?: string } | undefined)?.displayName === `Room ${i}`);
    }
    times.push(Date.now() - started);
    await w.quiet();
  }
  return { times };
}

/** Seeds one LN contact and one LN meeting, starts the synchronizer and returns the synchronized copies' ids. */
export async function seedPushPair(w: PushWorld): Promise<{ contactId: string; eventId: string; folderId: string | undefined }> {
  const inDays = (days: number, hour: number): string => {
    const d = new Date();
    d.setUTCDate(d.getUTCDate() + days);
    d.setUTCHours(hour, 0, 0, 0);
    return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  };
  w.ln.putContact({ Contact: 'C1', FirstName: 'Push', LastName: 'Contact', Email: 'push@example.com', BusinessPartner: 'BP0000001', Synchronize: true });
  w.ln.putActivity({
    Activity: 'A1', Type: 'Appointment', Subject: 'Push meeting 0', StartDate: inDays(3, 9), EndDate: inDays(3, 10), Organizer: 'EMP000001',
    Attendees: [{ AttendeeType: 'Employee', Employee: 'EMP000001', Attendance: 'MeetingOrganizer' }],
  });
  await w.admin('POST', 'admin/start');
  await w.quiet();
  const folderId = w.graph.folders(ADELE).find((f) => f.displayName === 'LN Contacts')?.id;
  return { contactId: String(w.graph.listContacts(ADELE, folderId)[0]?.['id']), eventId: String(w.graph.listEvents(ADELE)[0]?.['id']), folderId };
}

/** Median and worst of a list of milliseconds. */
export function medianAndWorst(times: number[]): { median: number; worst: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 0 ? ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2 : (sorted[mid] ?? 0);
  return { median, worst: sorted.at(-1) ?? 0 };
}
