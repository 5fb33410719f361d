// Fingerprint of an LN activity as a calendar run last saw it: every part that planning reads (fields, scope, lines).
// A link carrying it lets a run tell an activity that came back unchanged (watermark overlap) from one edited since.
import { contentHash } from '../domain/content-hash';
import type { LnActivitySnapshot } from './ports/ln-activity-port';

/** Row etags and the modification time are left out: they move on writes that change nothing planning reads. */
export function lnSeenHash(snap: LnActivitySnapshot): string {
  const lines = snap.attendees.map((a) => [a.line, a.type, a.employee, a.contact, a.fullName, a.email, a.attendance, a.status, a.invite, a.sentToSynchronizer, a.synchronized]);
  const head = [snap.key, snap.type, snap.status, snap.organizer, snap.createdByLn, snap.synchronize, snap.externalReference];
  return contentHash({ head: JSON.stringify(head), fields: contentHash(snap.fields), lines: JSON.stringify(lines) });
}
