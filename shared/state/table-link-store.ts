// LinkStore on Azure Table Storage: table `links`, PartitionKey = user, RowKey = `{kind}:{lnKey}`.
// A reverse row `x:{kind}:{exchangeId}` → lnKey, written in the same transaction, makes Exchange-side lookups point reads.
// Field values are chunked JSON (chunked-json.ts): a 60,000-character body is stored like a short one.

import { odata, type TableClient, type TableEntityResult, type TransactionAction } from '@azure/data-tables';
import { ExternalServiceError } from '../domain/external-service-error';
import type { LinkKind, LinkPutOutcome, LinkRecord, LinkStore } from '../sync/ports/link-store-port';
import { transactionGroups, type TransactionMember } from './link-transaction-groups';
import { putJson, readJson } from './chunked-json';
import { linkIndexRowSchema, linkRowSchema, linkValuesSchema } from './link-row.schema';
import { parseRow } from './parse-row';
import { storageCall, storageStatus, toStorageError } from './storage-error';
import { escapeKey } from './table-key';
import type { TableProvider } from './table-provider';
import { TextIntern } from './text-intern';

export const LINKS_TABLE = 'links';
/** Entity group transactions take at most 100 operations. */
const BATCH_LIMIT = 100;

const partitionOf = (user: string): string => escapeKey(user);
const mainKey = (kind: LinkKind, lnKey: string): string => `${kind}:${escapeKey(lnKey)}`;
const indexKey = (kind: LinkKind, exchangeId: string): string => `x:${kind}:${escapeKey(exchangeId)}`;
/** `;` sorts right after `:`, so [`p:`, `p;`) holds exactly the keys starting with `p:`. */
const rangeOf = (prefix: string): [string, string] => [`${prefix}:`, `${prefix};`];

function conflict(code: string, message: string): ExternalServiceError {
  return new ExternalServiceError('storage', 412, code, message);
}

export class TableLinkStore implements LinkStore {
  private readonly texts = new TextIntern();

  constructor(private readonly tables: TableProvider) {}

  async list(user: string, kind: LinkKind): Promise<LinkRecord[]> {
    const links: LinkRecord[] = [];
    for await (const link of this.scan(user, kind)) links.push(link);
    return links;
  }

  /** Each row becomes a record as its page arrives; the raw rows of earlier pages are not kept. */
  async *scan(user: string, kind: LinkKind): AsyncIterable<LinkRecord> {
    const client = await this.table();
    const [from, to] = rangeOf(kind);
    const filter = odata`PartitionKey eq ${partitionOf(user)} and RowKey ge ${from} and RowKey lt ${to}`;
    const rows = client.listEntities<Record<string, unknown>>({ queryOptions: { filter } });
    for (;;) {
      let next: IteratorResult<TableEntityResult<Record<string, unknown>>>;
      try {
        next = await rows.next();
      } catch (err) {
        throw toStorageError(err, `list '${LINKS_TABLE}'`);
      }
      if (next.done === true) return;
      yield this.toRecord(next.value);
    }
  }

  async get(user: string, kind: LinkKind, lnKey: string): Promise<LinkRecord | undefined> {
    const row = await this.read(await this.table(), partitionOf(user), mainKey(kind, lnKey));
    return row && this.toRecord(row);
  }

  async getByExchangeId(user: string, kind: LinkKind, exchangeId: string): Promise<LinkRecord | undefined> {
    if (exchangeId === '') return undefined;
    const client = await this.table();
    const indexRow = await this.read(client, partitionOf(user), indexKey(kind, exchangeId));
    if (!indexRow) return undefined;
    const { lnKey } = parseRow(linkIndexRowSchema, indexRow, LINKS_TABLE);
    const link = await this.get(user, kind, lnKey);
    // A reverse row left behind by an interrupted clean-up must not resolve to a link that moved on.
    return link?.exchangeId === exchangeId ? link : undefined;
  }

  async put(link: LinkRecord): Promise<LinkRecord> {
    const client = await this.table();
    return link.etag === undefined ? this.insert(client, link) : this.replace(client, link, link.etag);
  }

  /** Writes the links of one user in entity-group transactions (a group refused as a whole goes link by link). */
  async putMany(links: readonly LinkRecord[]): Promise<LinkPutOutcome[]> {
    if (links.length === 0) return [];
    const client = await this.table();
    const outcomes = new Array<LinkPutOutcome>(links.length);
    const members = links.map((link, index): TransactionMember => ({ index, partition: partitionOf(link.user), rows: this.rowKeysOf(link), bytes: this.sizeOf(link) }));
    await Promise.all(transactionGroups(members).map(async (group) => {
      const written = group.length > 1 ? await this.tryGroup(client, group.map((i) => links[i]!)) : undefined;
      await Promise.all(group.map(async (i, n) => {
        const done = written?.[n];
        outcomes[i] = done ? { ok: true, link: done } : await this.putAlone(links[i]!);
      }));
    }));
    return outcomes;
  }

  async remove(link: LinkRecord): Promise<void> {
    const client = await this.table();
    const pk = partitionOf(link.user);
    try {
      await client.deleteEntity(pk, mainKey(link.kind, link.lnKey), { etag: link.etag ?? '*' });
    } catch (err) {
      if (storageStatus(err) !== 404) throw toStorageError(err, `delete link in '${LINKS_TABLE}'`); // already gone is fine
    }
    await this.dropIndex(client, pk, link.kind, link.exchangeId, link.lnKey);
  }

  async clear(user: string, kind: LinkKind): Promise<void> {
    const client = await this.table();
    const pk = partitionOf(user);
    const keys = [...(await this.rowKeys(client, pk, kind)), ...(await this.rowKeys(client, pk, `x:${kind}`))];
    for (let i = 0; i < keys.length; i += BATCH_LIMIT) {
      const actions: TransactionAction[] = keys.slice(i, i + BATCH_LIMIT).map((rowKey) => ['delete', { partitionKey: pk, rowKey }]);
      await storageCall(`clear links in '${LINKS_TABLE}'`, () => client.submitTransaction(actions));
    }
  }

  /** One transaction for the group; undefined when it was refused (a conflict, a missing row) or could not be sent. */
  private async tryGroup(client: TableClient, group: LinkRecord[]): Promise<LinkRecord[] | undefined> {
    const previous = await Promise.all(group.map((link) => (link.etag === undefined ? Promise.resolve(undefined) : this.read(client, partitionOf(link.user), mainKey(link.kind, link.lnKey)))));
    if (group.some((link, i) => link.etag !== undefined && previous[i] === undefined)) return undefined;
    const actions: TransactionAction[] = [];
    const mainAt: number[] = [];
    for (const link of group) {
      mainAt.push(actions.length);
      actions.push(link.etag === undefined ? ['create', this.toEntity(link)] : ['update', this.toEntity(link), 'Replace', { etag: link.etag }], ...this.indexActions(link));
    }
    let response: { subResponses: { etag?: string }[] };
    try {
      response = await client.submitTransaction(actions);
    } catch {
      return undefined; // each link again on its own, so every one gets its own outcome
    }
    const stored = group.map((link, i) => ({ ...link, etag: etagAt(response, mainAt[i]!) }));
    await Promise.all(group.map(async (link, i) => {
      const row = previous[i];
      const before = row && parseRow(linkRowSchema, row, LINKS_TABLE).exchangeId;
      if (before !== undefined && before !== link.exchangeId) await this.dropIndex(client, partitionOf(link.user), link.kind, before, link.lnKey);
    }));
    return stored;
  }

  private async putAlone(link: LinkRecord): Promise<LinkPutOutcome> {
    try {
      return { ok: true, link: await this.put(link) };
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err : new Error(String(err)) };
    }
  }

  private rowKeysOf(link: LinkRecord): string[] {
    return [mainKey(link.kind, link.lnKey), ...(link.exchangeId === '' ? [] : [indexKey(link.kind, link.exchangeId)])];
  }

  private sizeOf(link: LinkRecord): number {
    return Buffer.byteLength(JSON.stringify(this.toEntity(link)));
  }

  private table(): Promise<TableClient> {
    return this.tables.getTable(LINKS_TABLE);
  }

  private async insert(client: TableClient, link: LinkRecord): Promise<LinkRecord> {
    const actions: TransactionAction[] = [['create', this.toEntity(link)], ...this.indexActions(link)];
    try {
      return { ...link, etag: firstEtag(await client.submitTransaction(actions)) };
    } catch (err) {
      if (storageStatus(err) === 409) throw conflict('LinkExists', `link ${link.kind} '${link.lnKey}' already exists`);
      throw toStorageError(err, `insert link in '${LINKS_TABLE}'`);
    }
  }

  private async replace(client: TableClient, link: LinkRecord, etag: string): Promise<LinkRecord> {
    const pk = partitionOf(link.user);
    const current = await this.read(client, pk, mainKey(link.kind, link.lnKey));
    if (!current) throw conflict('LinkChanged', `link ${link.kind} '${link.lnKey}' was removed since it was read`);
    const previousExchangeId = parseRow(linkRowSchema, current, LINKS_TABLE).exchangeId;
    const actions: TransactionAction[] = [['update', this.toEntity(link), 'Replace', { etag }], ...this.indexActions(link)];
    let newEtag: string;
    try {
      newEtag = firstEtag(await client.submitTransaction(actions));
    } catch (err) {
      const status = storageStatus(err);
      if (status === 412 || status === 404) throw conflict('LinkChanged', `link ${link.kind} '${link.lnKey}' changed since it was read`);
      throw toStorageError(err, `replace link in '${LINKS_TABLE}'`);
    }
    if (previousExchangeId !== link.exchangeId) await this.dropIndex(client, pk, link.kind, previousExchangeId, link.lnKey);
    return { ...link, etag: newEtag };
  }

  private indexActions(link: LinkRecord): TransactionAction[] {
    if (link.exchangeId === '') return []; // nothing to look up from the Exchange side yet
    const entity = { partitionKey: partitionOf(link.user), rowKey: indexKey(link.kind, link.exchangeId), lnKey: link.lnKey };
    return [['upsert', entity, 'Replace']];
  }

  /** Deletes the reverse row of `exchangeId` if it still points at `lnKey`; races with other writers are harmless. */
  private async dropIndex(client: TableClient, pk: string, kind: LinkKind, exchangeId: string, lnKey: string): Promise<void> {
    if (exchangeId === '') return;
    const rowKey = indexKey(kind, exchangeId);
    const row = await this.read(client, pk, rowKey);
    if (!row) return;
    const index = parseRow(linkIndexRowSchema, row, LINKS_TABLE);
    if (index.lnKey !== lnKey) return;
    try {
      await client.deleteEntity(pk, rowKey, { etag: index.etag });
    } catch (err) {
      const status = storageStatus(err);
      if (status !== 404 && status !== 412) throw toStorageError(err, `delete link index in '${LINKS_TABLE}'`);
    }
  }

  private async read(client: TableClient, pk: string, rowKey: string): Promise<TableEntityResult<Record<string, unknown>> | undefined> {
    try {
      return await client.getEntity<Record<string, unknown>>(pk, rowKey);
    } catch (err) {
      if (storageStatus(err) === 404) return undefined;
      throw toStorageError(err, `read from '${LINKS_TABLE}'`);
    }
  }

  private async rowKeys(client: TableClient, pk: string, prefix: string): Promise<string[]> {
    const [from, to] = rangeOf(prefix);
    const filter = odata`PartitionKey eq ${pk} and RowKey ge ${from} and RowKey lt ${to}`;
    return storageCall(`list keys in '${LINKS_TABLE}'`, async () => {
      const keys: string[] = [];
      for await (const row of client.listEntities({ queryOptions: { filter, select: ['RowKey'] } })) keys.push(row.rowKey as string);
      return keys;
    });
  }

  /** Field values as JSON split over `lnValues`, `lnValues_1`, … so no property passes Table Storage's 64 KiB. */
  private toEntity(link: LinkRecord): Record<string, unknown> & { partitionKey: string; rowKey: string } {
    const entity: Record<string, unknown> & { partitionKey: string; rowKey: string } = {
      partitionKey: partitionOf(link.user),
      rowKey: mainKey(link.kind, link.lnKey),
      user: link.user,
      kind: link.kind,
      lnKey: link.lnKey,
      exchangeId: link.exchangeId,
      state: link.state,
      lnHash: link.lnHash,
      exHash: link.exHash,
      lastAction: link.lastAction,
      reason: link.reason,
      updatedAt: link.updatedAt,
      ...(link.seriesMasterId !== undefined ? { seriesMasterId: link.seriesMasterId } : {}),
      ...(link.occurrenceDate !== undefined ? { occurrenceDate: link.occurrenceDate } : {}),
      ...(link.lnSeen !== undefined ? { lnSeen: link.lnSeen } : {}),
      ...(link.exState !== undefined ? { exState: link.exState } : {}),
      ...(link.exWrittenAt !== undefined ? { exWrittenAt: link.exWrittenAt } : {}),
    };
    putJson(entity, 'lnValues', link.lnValues);
    putJson(entity, 'exValues', link.exValues);
    return entity;
  }

  private toRecord(row: TableEntityResult<Record<string, unknown>>): LinkRecord {
    const fields = parseRow(linkRowSchema, row, LINKS_TABLE);
    const lnValues = readJson(row, 'lnValues', linkValuesSchema, LINKS_TABLE) ?? {};
    // most links hold the same values on both sides: one object serves both (nothing writes into a link's values)
    const same = typeof row['lnValues'] === 'string' && row['lnValues'] === row['exValues'] && row['lnValues_1'] === undefined && row['exValues_1'] === undefined;
    const exValues = same ? lnValues : (readJson(row, 'exValues', linkValuesSchema, LINKS_TABLE) ?? {});
    const link: LinkRecord = { ...fields, lnValues, exValues };
    // texts most links share are kept once (a large run lists every link of the user)
    link.user = this.texts.of(link.user);
    link.lastAction = this.texts.of(link.lastAction);
    link.reason = this.texts.of(link.reason);
    if (link.exWrittenAt === link.updatedAt) link.exWrittenAt = link.updatedAt; // usually the same instant: one string
    return link;
  }
}

/** ETag of the first operation of a transaction (the main row). */
function firstEtag(response: { subResponses: { etag?: string }[] }): string {
  return etagAt(response, 0);
}

/** ETag of the operation at `index` of a transaction (sub-responses come in the order of the operations). */
function etagAt(response: { subResponses: { etag?: string }[] }, index: number): string {
  const etag = response.subResponses[index]?.etag?.trim();
  if (!etag) throw new ExternalServiceError('storage', 502, 'MissingEtag', `transaction on '${LINKS_TABLE}' returned no ETag`);
  return etag;
}
