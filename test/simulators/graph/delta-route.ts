// GET …/contacts/delta: pages of a delta round with @odata.nextLink ($skiptoken), ending in @odata.deltaLink ($deltatoken).
// As on Exchange, only $select is accepted on the first call; $expand/$filter are refused; unknown tokens answer 410.
import { contactId, removedEntry, renderContact } from './contact-json';
import type { DeltaRound } from './graph-delta-tokens';
import type { Mailbox } from './graph-mailbox-store';
import { GraphSimError, jsonResponse, type SimResponse } from './graph-sim-response';
import { parsePrefer, parseSelect, type Preferences } from './odata-query';
import { preferenceApplied } from './preference-applied';
import { linkTo, type SimContext, type SimRequest } from './sim-request';

export function deltaRoute(req: SimRequest, ctx: SimContext, mailbox: Mailbox, folderId: string): SimResponse {
  const prefs = parsePrefer(req.headers['prefer']);
  const { round, offset } = roundOf(req, ctx, mailbox, folderId);
  const pageSize = prefs.maxPageSize ?? ctx.defaultPageSize;
  const slice = round.entries.slice(offset, offset + pageSize);
  const body: Record<string, unknown> = {
    '@odata.context': `${ctx.baseUrl}/$metadata#Collection(contact)`,
    value: slice.map((entry) => renderEntry(mailbox, round, entry, prefs)).filter((v): v is Record<string, unknown> => v !== undefined),
  };
  if (offset + pageSize < round.entries.length) body['@odata.nextLink'] = linkTo(ctx, req, { $skiptoken: ctx.tokens.issueSkipToken(round, offset + pageSize) });
  else body['@odata.deltaLink'] = linkTo(ctx, req, { $deltatoken: ctx.tokens.issueDeltaToken(round.end) });
  return jsonResponse(200, body, preferenceApplied(prefs));
}

function roundOf(req: SimRequest, ctx: SimContext, mailbox: Mailbox, folderId: string): { round: DeltaRound; offset: number } {
  const skipToken = req.query['$skiptoken'];
  const deltaToken = req.query['$deltatoken'];
  if (skipToken !== undefined) {
    const skip = ctx.tokens.resolveSkipToken(skipToken);
    if (!skip || skip.round.end.mailboxId !== mailbox.id || skip.round.folderId !== folderId) throw expired();
    return skip;
  }
  if (deltaToken !== undefined) {
    const state = ctx.tokens.resolveDeltaToken(deltaToken);
    if (!state || state.mailboxId !== mailbox.id || state.folderId !== folderId) throw expired();
    return { round: ctx.tokens.startRound(mailbox, folderId, state.select, state), offset: 0 };
  }
  for (const option of ['$expand', '$filter', '$orderby', '$search']) {
    if (req.query[option] !== undefined) throw new GraphSimError(400, 'ErrorInvalidUrlQuery', `The query parameter '${option}' is not supported with change tracking over the 'Contacts' resource.`);
  }
  return { round: ctx.tokens.startRound(mailbox, folderId, parseSelect(req.query['$select'])), offset: 0 };
}

function renderEntry(mailbox: Mailbox, round: DeltaRound, entry: DeltaRound['entries'][number], prefs: Preferences): Record<string, unknown> | undefined {
  if (entry.kind === 'removed') {
    if (entry.regularIdsOnly && prefs.immutableIds) return undefined;
    return removedEntry(prefs.immutableIds ? entry.immutableId : entry.regularId);
  }
  const contact = mailbox.contacts.get(entry.immutableId);
  // Left the folder while the round was being read: the next round reports it as removed.
  if (!contact || contact.folderId !== round.folderId) return undefined;
  const select = round.end.select;
  const rendered = renderContact(contact, { immutableIds: prefs.immutableIds, ...(select ? { select } : {}) });
  return { ...rendered, id: contactId(contact, prefs.immutableIds) };
}

function expired(): GraphSimError {
  return new GraphSimError(410, 'SyncStateNotFound', 'The sync state for this delta token was not found or has expired. Start a new delta round without a token.');
}
