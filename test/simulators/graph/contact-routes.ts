// Contact CRUD routes: list/create under a folder or the default Contacts folder, get/patch/delete one contact.
// Ids in paths may be immutable or regular; answers use immutable ids only when `Prefer: IdType="ImmutableId"`.
import { parseContactInput } from './contact-input';
import { contactContextUrl, contactId, etagOf, renderContact } from './contact-json';
import { deltaRoute } from './delta-route';
import { contactFolder, only } from './folder-routes';
import { isWellFormedId } from './graph-ids';
import type { Mailbox, StoredContact } from './graph-mailbox-store';
import { GraphSimError, jsonResponse, noContent, type SimResponse } from './graph-sim-response';
import { parseContactFilter, parseExpand, parsePrefer, parseSelect } from './odata-query';
import { preferenceApplied } from './preference-applied';
import { linkTo, type SimContext, type SimRequest } from './sim-request';

export function contactRoutes(req: SimRequest, ctx: SimContext, mailbox: Mailbox, rest: string[]): SimResponse | undefined {
  const head = rest[0]?.toLowerCase();
  if (head === 'contacts') return contactsUnder(req, ctx, mailbox, mailbox.contactsFolderId, rest.slice(1));
  if (head === 'contactfolders' && rest[1] !== undefined && rest[2]?.toLowerCase() === 'contacts') {
    const folder = contactFolder(ctx, mailbox, rest[1]);
    return contactsUnder(req, ctx, mailbox, folder.id, rest.slice(3));
  }
  return undefined;
}

function contactsUnder(req: SimRequest, ctx: SimContext, mailbox: Mailbox, folderId: string, rest: string[]): SimResponse | undefined {
  if (rest.length === 0) {
    if (req.method === 'POST') return createContact(req, ctx, mailbox, folderId);
    return only(req, 'GET', () => listContacts(req, ctx, mailbox, folderId));
  }
  if (rest.length !== 1 || rest[0] === undefined) return undefined;
  if (rest[0].toLowerCase() === 'delta') return only(req, 'GET', () => deltaRoute(req, ctx, mailbox, folderId));
  const contact = findContact(ctx, mailbox, rest[0]);
  if (req.method === 'PATCH') return updateContact(req, ctx, mailbox, contact);
  if (req.method === 'DELETE') return deleteContact(req, ctx, mailbox, contact);
  return only(req, 'GET', () => getContact(req, ctx, mailbox, contact));
}

/** By id in the whole mailbox: like Exchange, the folder segment of the path does not restrict the lookup. */
function findContact(ctx: SimContext, mailbox: Mailbox, id: string): StoredContact {
  if (!isWellFormedId(id)) throw new GraphSimError(400, 'ErrorInvalidIdMalformed', 'Id is malformed.');
  const contact = ctx.store.findContact(mailbox, id);
  if (!contact) throw new GraphSimError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
  return contact;
}

function listContacts(req: SimRequest, ctx: SimContext, mailbox: Mailbox, folderId: string): SimResponse {
  const prefs = parsePrefer(req.headers['prefer']);
  const select = parseSelect(req.query['$select']);
  const expand = parseExpand(req.query['$expand']);
  const filter = parseContactFilter(req.query['$filter']);
  const all = ctx.store.contactsIn(mailbox, folderId).filter((c) => !filter || filter(c));
  const skip = nonNegativeInt(req.query['$skip'], 0);
  const top = Math.min(nonNegativeInt(req.query['$top'], prefs.maxPageSize ?? ctx.defaultPageSize), 1000);
  const page = all.slice(skip, skip + top);
  const body: Record<string, unknown> = {
    '@odata.context': contactContextUrl(ctx.baseUrl, mailbox, true, select),
    value: page.map((c) => renderContact(c, { immutableIds: prefs.immutableIds, ...(select ? { select } : {}), ...(expand ? { expand } : {}) })),
  };
  if (skip + top < all.length) body['@odata.nextLink'] = linkTo(ctx, req, { ...req.query, $top: String(top), $skip: String(skip + top) });
  return jsonResponse(200, body, preferenceApplied(prefs));
}

function getContact(req: SimRequest, ctx: SimContext, mailbox: Mailbox, contact: StoredContact): SimResponse {
  const prefs = parsePrefer(req.headers['prefer']);
  const select = parseSelect(req.query['$select']);
  const expand = parseExpand(req.query['$expand']);
  return contactAnswer(200, ctx, mailbox, contact, prefs.immutableIds, select, expand, preferenceApplied(prefs));
}

function createContact(req: SimRequest, ctx: SimContext, mailbox: Mailbox, folderId: string): SimResponse {
  const prefs = parsePrefer(req.headers['prefer']);
  const contact = ctx.store.createContact(mailbox, folderId, parseContactInput(req.body));
  const location = `${ctx.baseUrl}/users/${encodeURIComponent(mailbox.upn)}/contacts/${encodeURIComponent(contactId(contact, prefs.immutableIds))}`;
  return contactAnswer(201, ctx, mailbox, contact, prefs.immutableIds, undefined, undefined, { Location: location, ...preferenceApplied(prefs) });
}

function updateContact(req: SimRequest, ctx: SimContext, mailbox: Mailbox, contact: StoredContact): SimResponse {
  const prefs = parsePrefer(req.headers['prefer']);
  checkIfMatch(req, contact);
  ctx.store.updateContact(mailbox, contact, parseContactInput(req.body));
  return contactAnswer(200, ctx, mailbox, contact, prefs.immutableIds, undefined, undefined, preferenceApplied(prefs));
}

function deleteContact(req: SimRequest, ctx: SimContext, mailbox: Mailbox, contact: StoredContact): SimResponse {
  checkIfMatch(req, contact);
  ctx.store.deleteContact(mailbox, contact);
  return noContent();
}

/** `If-Match: W/"changeKey"` (or `*`): a stale change key is answered 412, as Exchange does. */
function checkIfMatch(req: SimRequest, contact: StoredContact): void {
  const header = req.headers['if-match'];
  if (header === undefined || header.trim() === '*') return;
  const sent = header.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
  if (sent !== contact.changeKey) {
    throw new GraphSimError(412, 'ErrorIrresolvableConflict', 'The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.');
  }
}

function contactAnswer(status: number, ctx: SimContext, mailbox: Mailbox, contact: StoredContact, immutableIds: boolean, select: string[] | undefined, expand: Set<string> | undefined, headers: Record<string, string>): SimResponse {
  const body = { '@odata.context': contactContextUrl(ctx.baseUrl, mailbox, false, select), ...renderContact(contact, { immutableIds, ...(select ? { select } : {}), ...(expand ? { expand } : {}) }) };
  return jsonResponse(status, body, { ETag: etagOf(contact), ...headers });
}

function nonNegativeInt(raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new GraphSimError(400, 'BadRequest', `Invalid value '${raw}' for a paging query option.`);
  return Number(raw);
}
