// The Graph simulator's data: mailboxes, their contact folders and contacts, independent of HTTP (events: graph-event-store).
// Every write bumps the item's changeKey, lastModifiedDateTime and the mailbox's change sequence (used by delta).
import type { ContactInput } from './contact-input';
import { newChangeKey, newFolderId, newImmutableId, newRegularId, newUserId } from './graph-ids';
import { GraphSimError } from './graph-sim-response';
import { newMailboxCalendar, type MailboxCalendar } from './stored-event';

export type FolderKind = 'contacts' | 'deleteditems';

export interface StoredFolder {
  id: string;
  displayName: string;
  kind: FolderKind;
  parentFolderId: string;
  wellKnownName?: 'contacts' | 'deleteditems';
}

export interface StoredExtendedProperty {
  id: string;
  value: string;
}

export interface StoredContact {
  immutableId: string;
  regularId: string;
  folderId: string;
  props: Record<string, unknown>;
  extendedProperties: Map<string, StoredExtendedProperty>;
  changeKey: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  /** Mailbox change sequence of the last write (create, update, move, touch). */
  seq: number;
  createdSeq: number;
  displayNameGenerated: boolean;
}

/** One change to a mailbox item, as change notifications report it (events have one id; contacts a regular and an immutable id). */
export interface ItemChange {
  mailbox: Mailbox;
  kind: 'contact' | 'event';
  changeType: 'created' | 'updated' | 'deleted';
  immutableId: string;
  /** The regular id the item had at that moment (the same as immutableId for events). */
  regularId: string;
  /** Contacts: the folder the change happened in (a move is a deletion there and a creation in the destination). */
  folderId?: string;
  changeKey: string;
}

export interface Mailbox {
  id: string;
  upn: string;
  displayName: string;
  rootFolderId: string;
  contactsFolderId: string;
  deletedItemsFolderId: string;
  folders: Map<string, StoredFolder>;
  contacts: Map<string, StoredContact>;
  byRegularId: Map<string, string>;
  calendar: MailboxCalendar;
  seq: number;
}

export class GraphMailboxStore {
  private readonly mailboxes = new Map<string, Mailbox>();
  private readonly removed = new Set<string>();
  /** Told about every item change (change notifications listen here). */
  readonly changeListeners: Array<(change: ItemChange) => void> = [];

  constructor(readonly now: () => Date = () => new Date(), private readonly defaultTimeZone = 'UTC') {}

  addMailbox(upn: string): Mailbox {
    const existing = this.find(upn);
    if (existing) return existing;
    this.removed.delete(upn.toLowerCase());
    const rootFolderId = newFolderId();
    const mailbox: Mailbox = {
      id: newUserId(), upn, displayName: displayNameOfUpn(upn), rootFolderId,
      contactsFolderId: newFolderId(), deletedItemsFolderId: newFolderId(),
      folders: new Map(), contacts: new Map(), byRegularId: new Map(), calendar: newMailboxCalendar(this.defaultTimeZone), seq: 0,
    };
    mailbox.folders.set(mailbox.contactsFolderId, { id: mailbox.contactsFolderId, displayName: 'Contacts', kind: 'contacts', parentFolderId: rootFolderId, wellKnownName: 'contacts' });
    mailbox.folders.set(mailbox.deletedItemsFolderId, { id: mailbox.deletedItemsFolderId, displayName: 'Deleted Items', kind: 'deleteditems', parentFolderId: rootFolderId, wellKnownName: 'deleteditems' });
    this.mailboxes.set(upn.toLowerCase(), mailbox);
    return mailbox;
  }

  removeMailbox(upn: string): void {
    const mailbox = this.find(upn);
    if (!mailbox) return;
    this.mailboxes.delete(mailbox.upn.toLowerCase());
    this.removed.add(mailbox.upn.toLowerCase()).add(mailbox.id.toLowerCase());
  }

  /** True for a UPN or user id whose mailbox existed and was removed. */
  wasRemoved(upnOrId: string): boolean {
    return this.removed.has(upnOrId.toLowerCase());
  }

  all(): Mailbox[] {
    return [...this.mailboxes.values()];
  }

  /** By UPN (case-insensitive) or by user id. */
  find(upnOrId: string): Mailbox | undefined {
    const byUpn = this.mailboxes.get(upnOrId.toLowerCase());
    if (byUpn) return byUpn;
    return [...this.mailboxes.values()].find((m) => m.id.toLowerCase() === upnOrId.toLowerCase());
  }

  get(upnOrId: string): Mailbox {
    const mailbox = this.find(upnOrId);
    if (!mailbox) throw new GraphSimError(404, 'MailboxNotEnabledForRESTAPI', 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.');
    return mailbox;
  }

  createContactFolder(mailbox: Mailbox, displayName: string, parentFolderId = mailbox.contactsFolderId): StoredFolder {
    const clash = [...mailbox.folders.values()].some((f) => f.parentFolderId === parentFolderId && f.displayName.toLowerCase() === displayName.toLowerCase());
    if (clash) throw new GraphSimError(409, 'ErrorFolderExists', 'A folder with the specified name already exists.');
    const folder: StoredFolder = { id: newFolderId(), displayName, kind: 'contacts', parentFolderId };
    mailbox.folders.set(folder.id, folder);
    return folder;
  }

  /** A folder by id or by well-known name (`contacts`, `deleteditems`). */
  findFolder(mailbox: Mailbox, idOrName: string): StoredFolder | undefined {
    const byId = mailbox.folders.get(idOrName);
    if (byId) return byId;
    return [...mailbox.folders.values()].find((f) => f.wellKnownName !== undefined && f.wellKnownName === idOrName.toLowerCase());
  }

  /** A contact by its immutable id or its current regular id (an old regular id no longer resolves). */
  findContact(mailbox: Mailbox, id: string): StoredContact | undefined {
    return mailbox.contacts.get(id) ?? mailbox.contacts.get(mailbox.byRegularId.get(id) ?? '');
  }

  contactsIn(mailbox: Mailbox, folderId?: string): StoredContact[] {
    return [...mailbox.contacts.values()].filter((c) => folderId === undefined || c.folderId === folderId).sort((a, b) => a.createdSeq - b.createdSeq);
  }

  createContact(mailbox: Mailbox, folderId: string, input: ContactInput): StoredContact {
    const stamp = this.stamp(mailbox);
    const contact: StoredContact = {
      immutableId: newImmutableId(), regularId: newRegularId(), folderId, props: {}, extendedProperties: new Map(),
      changeKey: newChangeKey(), createdDateTime: stamp.time, lastModifiedDateTime: stamp.time, seq: stamp.seq, createdSeq: stamp.seq,
      displayNameGenerated: true,
    };
    applyInput(contact, input);
    mailbox.contacts.set(contact.immutableId, contact);
    mailbox.byRegularId.set(contact.regularId, contact.immutableId);
    this.contactChanged(mailbox, contact, 'created');
    return contact;
  }

  updateContact(mailbox: Mailbox, contact: StoredContact, input: ContactInput): StoredContact {
    applyInput(contact, input);
    this.bump(mailbox, contact);
    return contact;
  }

  /** Bumps changeKey/lastModifiedDateTime without changing any property (a reminder or flag change). */
  touchContact(mailbox: Mailbox, contact: StoredContact): void {
    this.bump(mailbox, contact);
  }

  /** Moving changes the regular id; the immutable id stays. */
  moveContact(mailbox: Mailbox, contact: StoredContact, destinationFolderId: string): void {
    if (contact.folderId === destinationFolderId) return;
    this.contactChanged(mailbox, contact, 'deleted');
    mailbox.byRegularId.delete(contact.regularId);
    contact.regularId = newRegularId();
    contact.folderId = destinationFolderId;
    mailbox.byRegularId.set(contact.regularId, contact.immutableId);
    this.bump(mailbox, contact, 'created');
  }

  /** DELETE: to Deleted Items; deleting from Deleted Items removes it for good. */
  deleteContact(mailbox: Mailbox, contact: StoredContact): void {
    if (contact.folderId === mailbox.deletedItemsFolderId) this.purgeContact(mailbox, contact);
    else this.moveContact(mailbox, contact, mailbox.deletedItemsFolderId);
  }

  purgeContact(mailbox: Mailbox, contact: StoredContact): void {
    mailbox.contacts.delete(contact.immutableId);
    mailbox.byRegularId.delete(contact.regularId);
    mailbox.seq++;
    this.contactChanged(mailbox, contact, 'deleted');
  }

  /** Tells the listeners (change notifications) about a change. */
  emitChange(change: ItemChange): void {
    for (const listener of this.changeListeners) listener(change);
  }

  private bump(mailbox: Mailbox, contact: StoredContact, changeType: ItemChange['changeType'] = 'updated'): void {
    const stamp = this.stamp(mailbox);
    contact.changeKey = newChangeKey();
    contact.lastModifiedDateTime = stamp.time;
    contact.seq = stamp.seq;
    this.contactChanged(mailbox, contact, changeType);
  }

  private contactChanged(mailbox: Mailbox, contact: StoredContact, changeType: ItemChange['changeType']): void {
    this.emitChange({ mailbox, kind: 'contact', changeType, immutableId: contact.immutableId, regularId: contact.regularId, folderId: contact.folderId, changeKey: contact.changeKey });
  }

  /** Graph reports contact timestamps to the second, in UTC. */
  stamp(mailbox: Mailbox): { seq: number; time: string } {
    mailbox.seq++;
    return { seq: mailbox.seq, time: this.now().toISOString().slice(0, 19) + 'Z' };
  }
}

function applyInput(contact: StoredContact, input: ContactInput): void {
  for (const [key, value] of Object.entries(input.props)) {
    if (value === undefined) continue;
    contact.props[key] = value;
  }
  if ('displayName' in input.props) contact.displayNameGenerated = !input.props['displayName'];
  if (contact.displayNameGenerated) contact.props['displayName'] = generatedDisplayName(contact.props);
  for (const ep of input.extendedProperties) {
    if (ep.value === null) contact.extendedProperties.delete(ep.key);
    else contact.extendedProperties.set(ep.key, { id: ep.id, value: ep.value });
  }
}

/** Exchange builds the display name from the name parts when none was given (and keeps it in step later). */
function generatedDisplayName(props: Record<string, unknown>): string {
  return ['givenName', 'middleName', 'surname'].map((k) => props[k]).filter((v): v is string => typeof v === 'string' && v !== '').join(' ');
}

function displayNameOfUpn(upn: string): string {
  const local = upn.split('@')[0] ?? upn;
  return local.split(/[._-]/).filter(Boolean).map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join(' ');
}
