// Resolves the `resource` of a Graph subscription to what the simulator watches: a mailbox's events or one contact folder.
// Accepted like Graph: `users/{upn|id}/events`, `users/{…}/contacts`, `users/{…}/contactFolders/{id}/contacts`, leading slash optional.
import type { GraphMailboxStore } from './graph-mailbox-store';
import { GraphSimError } from './graph-sim-response';

export interface WatchedResource {
  mailboxId: string;
  kind: 'event' | 'contact';
  /** Contacts: the folder whose contacts are watched (`users/{id}/contacts` is the default Contacts folder). */
  folderId?: string;
}

export function resolveSubscriptionResource(store: GraphMailboxStore, resource: string): WatchedResource {
  const path = resource.split('?')[0] ?? '';
  const segments = path.split('/').filter(Boolean).map(decode);
  const lower = segments.map((s) => s.toLowerCase());
  const unsupported = new GraphSimError(400, 'InvalidRequest', `Resource '${resource}' is not supported by the simulator; use users/{id}/events, users/{id}/contacts or users/{id}/contactFolders/{id}/contacts.`);
  if (lower[0] !== 'users' || segments[1] === undefined) throw unsupported;
  const shape = lower.slice(2).map((s, i) => (i === 1 && lower[2] === 'contactfolders' ? '{id}' : s)).join('/');
  if (!['events', 'contacts', 'contactfolders/{id}/contacts'].includes(shape)) throw unsupported;
  const mailbox = store.find(segments[1]);
  if (!mailbox) {
    throw new GraphSimError(404, 'ExtensionError', `Operation: Create; Exception: [Status Code: NotFound; Reason: The requested user '${segments[1]}' is invalid.]`);
  }
  if (shape === 'events') return { mailboxId: mailbox.id, kind: 'event' };
  if (shape === 'contacts') return { mailboxId: mailbox.id, kind: 'contact', folderId: mailbox.contactsFolderId };
  const folder = store.findFolder(mailbox, segments[3] ?? '');
  if (!folder || folder.kind !== 'contacts') {
    throw new GraphSimError(404, 'ExtensionError', 'Operation: Create; Exception: [Status Code: NotFound; Reason: The specified object was not found in the store.]');
  }
  return { mailboxId: mailbox.id, kind: 'contact', folderId: folder.id };
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
