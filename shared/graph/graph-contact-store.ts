// ExchangeContactPort over Microsoft Graph: sync folder lookup, contact delta, locate, LN-key lookup,
// and creates/updates/deletes sent as JSON $batch (20 per request). All ids are immutable ids.
import type { Client } from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import { ExternalServiceError, isNotFound } from '../domain/external-service-error';
import type {
  ContactCreate,
  ContactDelta,
  ContactLocation,
  ContactUpdate,
  ExchangeContactPort,
  ExchangeContactSnapshot,
  WriteResult,
} from '../sync/ports/exchange-contact-port';
import { batchResponseError, isSuccess, sendBatch, type BatchOptions, type BatchRequest, type BatchResponse } from './graph-batch';
import { createBody, patchBody, snapshotOf } from './graph-contact-mapper';
import { CONTACT_SELECT, graphContactSchema, type GraphContact, type GraphExtendedProperty } from './graph-contact-schema';
import { EXTENDED_PROPERTIES_EXPAND, lnKeyFilter } from './graph-extended-properties';
import { graphQuery, seg } from './graph-path';
import { graphRequest } from './graph-request';
import { readDeltaRound, type DeltaRound } from './graph-delta-round';
import { DEFAULT_DELTA_PAGE_SIZE } from './delta-page-size';
import { mergeById, parseWritten, sentExtended } from './written-item';
import { OwnWrites } from './own-writes';
import { contactFromBase } from './contact-patch-base';
import { changeKeyOfState } from './contact-state';

export interface GraphContactStoreOptions extends BatchOptions {
  /** Asks Graph for at most this many items per delta page (`Prefer: odata.maxpagesize`, default 200). */
  pageSize?: number;
}

const folderSchema = z.object({ id: z.string().min(1), displayName: z.string().nullish() });
const folderListSchema = z.object({ value: z.array(folderSchema) });
const contactListSchema = z.object({ value: z.array(graphContactSchema) });
const locationSchema = z.object({ id: z.string(), parentFolderId: z.string().nullish() });

/** Own writes remembered per process (written items whose link could not record their version). */
const OWN_WRITES_KEPT = 2_000;
const READ_QUERY = { $select: CONTACT_SELECT, $expand: EXTENDED_PROPERTIES_EXPAND };

export class GraphContactStore implements ExchangeContactPort {
  private readonly deletedItemsFolderIds = new Map<string, string>();
  /** Items this process wrote: delta reports them back, and an unchanged changeKey spares reading them again. Links
   *  pass the version they recorded to the delta round, which covers nearly every write, so a few are kept. */
  private readonly ownWrites = new OwnWrites<ExchangeContactSnapshot>(OWN_WRITES_KEPT);

  constructor(
    private readonly client: Client,
    private readonly options: GraphContactStoreOptions = {},
  ) {}

  async ensureSyncFolder(user: string, folderName: string, knownId?: string): Promise<string> {
    if (knownId !== undefined && (await this.folderExists(user, knownId))) return knownId;
    const existing = await this.findFolder(user, folderName);
    if (existing !== undefined) return existing;
    try {
      const body = { displayName: folderName };
      return (await graphRequest(this.client, { method: 'POST', path: `/users/${seg(user)}/contactFolders`, body }, folderSchema)).id;
    } catch (err) {
      // Another worker created it between our lookup and our POST.
      const raced = err instanceof ExternalServiceError && err.status === 409 ? await this.findFolder(user, folderName) : undefined;
      if (raced !== undefined) return raced;
      throw err;
    }
  }

  findSyncFolder(user: string, folderName: string): Promise<string | undefined> {
    return this.findFolder(user, folderName);
  }

  async delta(user: string, folderId: string, deltaLink: string | undefined, knownState?: (id: string) => string | undefined): Promise<ContactDelta> {
    const { changedIds, removed, deltaLink: next, changeKeys } = await this.deltaRound(user, folderId, deltaLink);
    const changed: ExchangeContactSnapshot[] = [];
    const unchanged: string[] = [];
    // Contact delta supports $select only, so the extended properties need a second read, except for items still at
    // the version their link recorded (any process wrote them) and this process's own writes.
    const ids: string[] = [];
    for (const id of changedIds) {
      const changeKey = changeKeys.get(id);
      const own = this.ownWrites.take(id, changeKey);
      if (changeKey !== undefined && knownState !== undefined && changeKeyOfState(knownState(id)) === changeKey) unchanged.push(id);
      else if (own) changed.push(own);
      else ids.push(id);
    }
    const current = await this.readContacts(user, ids);
    for (const [i, id] of ids.entries()) {
      const outcome = current[i]!;
      if (!outcome.ok) {
        if (isNotFound(outcome.error)) removed.add(id);
        else throw outcome.error;
      } else if (outcome.value.parentFolderId !== folderId) removed.add(id); // moved out since the delta was taken
      else changed.push(snapshotOf(outcome.value));
    }
    return { changed, removed: [...removed], ...(unchanged.length > 0 ? { unchanged } : {}), deltaLink: next };
  }

  async locate(user: string, folderId: string, id: string): Promise<ContactLocation> {
    let parentFolderId: string | null | undefined;
    try {
      const path = `/users/${seg(user)}/contacts/${seg(id)}${graphQuery({ $select: 'id,parentFolderId' })}`;
      parentFolderId = (await graphRequest(this.client, { method: 'GET', path }, locationSchema)).parentFolderId;
    } catch (err) {
      if (isNotFound(err)) return 'gone';
      throw err;
    }
    if (parentFolderId === folderId) return 'sync-folder';
    return parentFolderId === (await this.deletedItemsFolderId(user)) ? 'deleted-items' : 'other-folder';
  }

  async findByLnKey(user: string, folderId: string, lnKey: string): Promise<ExchangeContactSnapshot | undefined> {
    const query = graphQuery({ $filter: lnKeyFilter(lnKey), ...READ_QUERY });
    const path = `/users/${seg(user)}/contactFolders/${seg(folderId)}/contacts${query}`;
    const found = await graphRequest(this.client, { method: 'GET', path }, contactListSchema);
    const first = found.value[0];
    return first === undefined ? undefined : snapshotOf(first);
  }

  async create(user: string, folderId: string, items: ContactCreate[]): Promise<Array<WriteResult<ExchangeContactSnapshot>>> {
    const bodies = items.map((item) => createBody(item));
    const url = `/users/${seg(user)}/contactFolders/${seg(folderId)}/contacts`;
    const responses = await this.batch(bodies.map((body) => ({ method: 'POST', url, body })));
    return responses.map((response, i) => this.writtenSnapshot(response, sentExtended(bodies[i]!), []));
  }

  /**
   * Items whose link knows the whole item (`base`) are patched without a read, guarded by the change key; the others,
   * and those changed since (412), are read first so the lists and address are merged into what the item holds now.
   */
  async update(user: string, items: ContactUpdate[]): Promise<Array<WriteResult<ExchangeContactSnapshot>>> {
    const results = new Array<WriteResult<ExchangeContactSnapshot>>(items.length);
    const known: Array<{ index: number; current: GraphContact }> = [];
    const unknown: number[] = [];
    for (const [index, item] of items.entries()) {
      const current = item.base ? contactFromBase(item.id, item.base) : undefined;
      if (current) known.push({ index, current });
      else unknown.push(index);
    }
    const changed = await this.patchAll(user, items, known, results, true);
    const toRead = [...unknown, ...changed].sort((a, b) => a - b);
    const current = await this.readContacts(user, toRead.map((i) => items[i]!.id));
    const read: Array<{ index: number; current: GraphContact }> = [];
    for (const [n, index] of toRead.entries()) {
      const outcome = current[n]!;
      if (!outcome.ok) results[index] = outcome;
      else read.push({ index, current: outcome.value });
    }
    await this.patchAll(user, items, read, results, false);
    return results;
  }

  /** PATCHes each item against `current`; with `guarded`, only that version (If-Match): returns the items changed since. */
  private async patchAll(user: string, items: ContactUpdate[], targets: Array<{ index: number; current: GraphContact }>, results: Array<WriteResult<ExchangeContactSnapshot>>, guarded: boolean): Promise<number[]> {
    const patches: Array<{ index: number; body: Record<string, unknown>; current: GraphContact }> = [];
    for (const { index, current } of targets) {
      const body = patchBody(items[index]!.patch, current, items[index]!.lnKey);
      if (Object.keys(body).length === 0) results[index] = { ok: true, value: snapshotOf(current) };
      else patches.push({ index, body, current });
    }
    const responses = await this.batch(patches.map((p) => ({
      method: 'PATCH', url: `/users/${seg(user)}/contacts/${seg(items[p.index]!.id)}`, body: p.body,
      ...(guarded ? { headers: { 'If-Match': `W/"${p.current.changeKey ?? ''}"` } } : {}),
    })));
    const changed: number[] = [];
    for (const [i, p] of patches.entries()) {
      if (guarded && responses[i]!.status === 412) changed.push(p.index); // edited in Outlook since the link saw it
      else results[p.index] = this.writtenSnapshot(responses[i]!, sentExtended(p.body), p.current.singleValueExtendedProperties ?? []);
    }
    return changed;
  }

  async remove(user: string, ids: string[]): Promise<Array<WriteResult<void>>> {
    const responses = await this.batch(ids.map((id) => ({ method: 'DELETE', url: `/users/${seg(user)}/contacts/${seg(id)}` })));
    // DELETE moves the item to Deleted Items; an item already gone counts as deleted.
    return responses.map((r) => (isSuccess(r) || r.status === 404 ? { ok: true, value: undefined } : { ok: false, error: batchResponseError(r) }));
  }

  /** A contact folder that still exists under the user's contact folders (moved to Deleted Items counts as gone). */
  private async folderExists(user: string, id: string): Promise<boolean> {
    try {
      const folder = await graphRequest(this.client, { method: 'GET', path: `/users/${seg(user)}/contactFolders/${seg(id)}?$select=id,parentFolderId` }, locationSchema);
      return folder.parentFolderId !== (await this.deletedItemsFolderId(user));
    } catch (err) {
      if (err instanceof ExternalServiceError && err.status === 404) return false;
      throw err;
    }
  }

  private async findFolder(user: string, folderName: string): Promise<string | undefined> {
    const query = graphQuery({ $filter: `displayName eq '${folderName.replace(/'/g, "''")}'`, $select: 'id,displayName' });
    const list = await graphRequest(this.client, { method: 'GET', path: `/users/${seg(user)}/contactFolders${query}` }, folderListSchema);
    // Exchange folder names are unique without regard to case.
    return list.value.find((f) => f.displayName?.toLowerCase() === folderName.toLowerCase())?.id;
  }

  private async deltaRound(user: string, folderId: string, deltaLink: string | undefined): Promise<DeltaRound> {
    const headers = { Prefer: `odata.maxpagesize=${this.options.pageSize ?? DEFAULT_DELTA_PAGE_SIZE}` };
    const first = `/users/${seg(user)}/contactFolders/${seg(folderId)}/contacts/delta${graphQuery({ $select: CONTACT_SELECT })}`;
    return readDeltaRound(this.client, first, deltaLink, headers);
  }

  /** GETs contacts by id (with the mapped extended properties) through $batch. */
  private async readContacts(user: string, ids: string[]): Promise<Array<WriteResult<GraphContact>>> {
    const responses = await this.batch(ids.map((id) => ({ method: 'GET', url: `/users/${seg(user)}/contacts/${seg(id)}${graphQuery(READ_QUERY)}` })));
    return responses.map((r) => (isSuccess(r) ? parseWritten(graphContactSchema, r.body, 'contact') : { ok: false, error: batchResponseError(r) }));
  }

  private writtenSnapshot(response: BatchResponse, sent: GraphExtendedProperty[], before: GraphExtendedProperty[]): WriteResult<ExchangeContactSnapshot> {
    if (!isSuccess(response)) return { ok: false, error: batchResponseError(response) };
    const parsed = parseWritten(graphContactSchema, response.body, 'contact');
    if (!parsed.ok) return parsed;
    // POST/PATCH answers do not expand extended properties: take what was there, then what was sent.
    const extended = mergeById(before, sent, parsed.value.singleValueExtendedProperties ?? []);
    const snapshot = snapshotOf({ ...parsed.value, singleValueExtendedProperties: extended });
    if (snapshot.changeKey !== '') this.ownWrites.remember(snapshot.id, snapshot.changeKey, snapshot);
    return { ok: true, value: snapshot };
  }

  private batch(requests: BatchRequest[]): Promise<BatchResponse[]> {
    if (requests.length === 0) return Promise.resolve([]);
    return sendBatch(this.client, requests, this.options);
  }

  private async deletedItemsFolderId(user: string): Promise<string> {
    const key = user.toLowerCase();
    const cached = this.deletedItemsFolderIds.get(key);
    if (cached !== undefined) return cached;
    const path = `/users/${seg(user)}/mailFolders/deleteditems${graphQuery({ $select: 'id' })}`;
    const { id } = await graphRequest(this.client, { method: 'GET', path }, folderSchema);
    this.deletedItemsFolderIds.set(key, id);
    return id;
  }
}




