// Routes for the mailbox owner and folders: GET /users/{id}, contactFolders (list, filter, create, get), mailFolders/{id}.
// Contact folders listed are the children of the default Contacts folder, as Graph lists them.
import { z } from 'zod';
import type { Mailbox, StoredFolder } from './graph-mailbox-store';
import { GraphSimError, jsonResponse, type SimResponse } from './graph-sim-response';
import { parseDisplayNameFilter } from './odata-query';
import { linkTo, type SimContext, type SimRequest } from './sim-request';

const newFolderBody = z.strictObject({ displayName: z.string().min(1), parentFolderId: z.string().optional(), '@odata.type': z.literal('#microsoft.graph.contactFolder').optional() });

export function folderRoutes(req: SimRequest, ctx: SimContext, mailbox: Mailbox, rest: string[]): SimResponse | undefined {
  const [first, folderId, ...more] = rest;
  if (first === undefined) return only(req, 'GET', () => jsonResponse(200, userJson(ctx, mailbox)));
  if (more.length > 0) return undefined;
  if (first.toLowerCase() === 'contactfolders' && folderId === undefined) {
    if (req.method === 'POST') return createFolder(req, ctx, mailbox);
    return only(req, 'GET', () => listFolders(req, ctx, mailbox));
  }
  if (first.toLowerCase() === 'contactfolders' && folderId !== undefined) {
    return only(req, 'GET', () => jsonResponse(200, { '@odata.context': `${ctx.baseUrl}/$metadata#users('${encodeURIComponent(mailbox.upn)}')/contactFolders/$entity`, ...folderJson(contactFolder(ctx, mailbox, folderId)) }));
  }
  if (first.toLowerCase() === 'mailfolders' && folderId !== undefined) {
    return only(req, 'GET', () => jsonResponse(200, mailFolderJson(ctx, mailbox, folderId)));
  }
  return undefined;
}

/** A contact folder by id or the well-known name `contacts`; Deleted Items is not a contact folder. */
export function contactFolder(ctx: SimContext, mailbox: Mailbox, idOrName: string): StoredFolder {
  const folder = ctx.store.findFolder(mailbox, idOrName);
  if (!folder || folder.kind !== 'contacts') throw new GraphSimError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
  return folder;
}

export function only(req: SimRequest, method: string, handler: () => SimResponse): SimResponse {
  if (req.method !== method) throw new GraphSimError(405, 'BadRequest', 'Specified HTTP method is not allowed for the request target.');
  return handler();
}

function listFolders(req: SimRequest, ctx: SimContext, mailbox: Mailbox): SimResponse {
  const nameTest = parseDisplayNameFilter(req.query['$filter']);
  const all = [...mailbox.folders.values()].filter((f) => f.kind === 'contacts' && f.parentFolderId === mailbox.contactsFolderId && (!nameTest || nameTest(f.displayName)));
  const skip = Number(req.query['$skip'] ?? 0);
  const top = Number(req.query['$top'] ?? ctx.defaultPageSize);
  const page = all.slice(skip, skip + top);
  const body: Record<string, unknown> = { '@odata.context': `${ctx.baseUrl}/$metadata#users('${encodeURIComponent(mailbox.upn)}')/contactFolders`, value: page.map(folderJson) };
  if (skip + top < all.length) body['@odata.nextLink'] = linkTo(ctx, req, { ...req.query, $top: String(top), $skip: String(skip + top) });
  return jsonResponse(200, body);
}

function createFolder(req: SimRequest, ctx: SimContext, mailbox: Mailbox): SimResponse {
  const parsed = newFolderBody.safeParse(req.body);
  if (!parsed.success) throw new GraphSimError(400, 'RequestBodyRead', `Invalid contactFolder: ${parsed.error.issues[0]?.message ?? 'bad body'}.`);
  const parent = parsed.data.parentFolderId ? contactFolder(ctx, mailbox, parsed.data.parentFolderId).id : mailbox.contactsFolderId;
  const folder = ctx.store.createContactFolder(mailbox, parsed.data.displayName, parent);
  return jsonResponse(201, { '@odata.context': `${ctx.baseUrl}/$metadata#users('${encodeURIComponent(mailbox.upn)}')/contactFolders/$entity`, ...folderJson(folder) });
}

function folderJson(folder: StoredFolder): Record<string, unknown> {
  return { id: folder.id, displayName: folder.displayName, parentFolderId: folder.parentFolderId };
}

function mailFolderJson(ctx: SimContext, mailbox: Mailbox, idOrName: string): Record<string, unknown> {
  const folder = ctx.store.findFolder(mailbox, idOrName);
  if (!folder) throw new GraphSimError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
  return {
    '@odata.context': `${ctx.baseUrl}/$metadata#users('${encodeURIComponent(mailbox.upn)}')/mailFolders/$entity`,
    id: folder.id, displayName: folder.displayName, parentFolderId: folder.parentFolderId, childFolderCount: 0,
    unreadItemCount: 0, totalItemCount: ctx.store.contactsIn(mailbox, folder.id).length, sizeInBytes: 0, isHidden: false,
  };
}

function userJson(ctx: SimContext, mailbox: Mailbox): Record<string, unknown> {
  return {
    '@odata.context': `${ctx.baseUrl}/$metadata#users/$entity`, businessPhones: [], displayName: mailbox.displayName,
    givenName: null, jobTitle: null, mail: mailbox.upn, mobilePhone: null, officeLocation: null, preferredLanguage: null,
    surname: null, userPrincipalName: mailbox.upn, id: mailbox.id,
  };
}
