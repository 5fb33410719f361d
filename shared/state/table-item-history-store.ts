// ItemHistoryStore on Azure Table Storage (B-U4): table `history`, PartitionKey = user. Per item one row
// `i:{kind}:{item}` holding its last 20 entries; index rows `x:{kind}:{exchangeId}` and `e:{kind}:{email}:{item}`.
import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import { z } from 'zod';
import { HISTORY_KEPT, type HistoryEntry, type ItemHistory, type ItemHistoryStore } from '../sync/ports/item-history-port';
import type { LinkKind } from '../sync/ports/link-store-port';
import { putJson, readJson } from './chunked-json';
import { storageCall, storageStatus, toStorageError } from './storage-error';
import { escapeKey } from './table-key';
import type { TableProvider } from './table-provider';

export const HISTORY_TABLE = 'history';
/** Past this many items in one run, one range query reads the user's item rows instead of a read per item. */
const POINT_READS_MAX = 100;
const READ_PARALLEL = 8;
const TEXT_CAP = 500;
/** Items whose rows are built and written together. */
const ITEMS_PER_SLICE = 500;

const entrySchema = z.object({
  at: z.string(), kind: z.enum(['contact', 'event']), lnKey: z.string().optional(), exchangeId: z.string().optional(),
  email: z.string().optional(), name: z.string().optional(), direction: z.enum(['to-exchange', 'to-ln', 'both', 'link']),
  action: z.string(), reason: z.string(), outcome: z.enum(['done', 'failed']), error: z.string().optional(),
});
const entriesSchema = z.array(entrySchema);
const itemRowSchema = z.object({ kind: z.enum(['contact', 'event']), item: z.string(), lnKey: z.string().optional(), exchangeId: z.string().optional(), email: z.string().optional(), name: z.string().optional() });

type Entity = Record<string, unknown> & { partitionKey: string; rowKey: string };

const itemIdOf = (e: Pick<HistoryEntry, 'lnKey' | 'exchangeId'>): string => (e.lnKey !== undefined ? `ln:${e.lnKey}` : `x:${e.exchangeId ?? '?'}`);
const itemRowKey = (kind: LinkKind, item: string): string => `i:${kind}:${escapeKey(item)}`;
const clip = (t: string): string => (t.length > TEXT_CAP ? `${t.slice(0, TEXT_CAP - 1)}…` : t);

export class TableItemHistoryStore implements ItemHistoryStore {
  constructor(private readonly tables: TableProvider) {}

  async record(user: string, entries: HistoryEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const client = await this.table();
    const pk = escapeKey(user);
    const byItem = new Map<string, HistoryEntry[]>();
    for (const e of entries) {
      const key = itemRowKey(e.kind, itemIdOf(e));
      byItem.set(key, [...(byItem.get(key) ?? []), { ...e, reason: clip(e.reason), ...(e.error !== undefined ? { error: clip(e.error) } : {}) }]);
    }
    const stored = await this.readItems(client, pk, [...byItem.keys()]);
    // rows are built and written a slice of items at a time, so a run of 50,000 items never holds 150,000 rows at once
    const items = [...byItem];
    for (let from = 0; from < items.length; from += ITEMS_PER_SLICE) {
      const rows = new Map<string, Entity>();
      for (const [rowKey, added] of items.slice(from, from + ITEMS_PER_SLICE)) {
        const before = stored.get(rowKey);
        const newest = added[added.length - 1]!;
        const merged = [...added.reverse(), ...(before?.entries ?? [])].slice(0, HISTORY_KEPT);
        const id = { lnKey: newest.lnKey ?? before?.lnKey, exchangeId: newest.exchangeId ?? before?.exchangeId, email: newest.email ?? before?.email, name: newest.name ?? before?.name };
        const row: Entity = { partitionKey: pk, rowKey, kind: newest.kind, item: itemIdOf(newest), ...definedOnly(id) };
        putJson(row, 'entries', merged);
        rows.set(rowKey, row);
        if (id.exchangeId) rows.set(`x:${newest.kind}:${escapeKey(id.exchangeId)}`, { partitionKey: pk, rowKey: `x:${newest.kind}:${escapeKey(id.exchangeId)}`, target: rowKey });
        if (id.email) {
          const key = `e:${newest.kind}:${escapeKey(id.email.toLowerCase())}:${escapeKey(itemIdOf(newest))}`;
          rows.set(key, { partitionKey: pk, rowKey: key, target: rowKey });
        }
      }
      const actions: TransactionAction[] = [...rows.values()].map((e) => ['upsert', e, 'Replace']);
      for (let i = 0; i < actions.length; i += 100) {
        await storageCall(`write item history to '${HISTORY_TABLE}'`, () => client.submitTransaction(actions.slice(i, i + 100)));
      }
    }
  }

  async find(user: string, id: string): Promise<ItemHistory[]> {
    const client = await this.table();
    const pk = escapeKey(user);
    const wanted = new Set<string>();
    for (const kind of ['contact', 'event'] as const) {
      wanted.add(itemRowKey(kind, `ln:${id}`));
      wanted.add(itemRowKey(kind, `x:${id}`));
      const byExchange = await this.point(client, pk, `x:${kind}:${escapeKey(id)}`);
      if (typeof byExchange?.['target'] === 'string') wanted.add(byExchange['target']);
      const prefix = `e:${kind}:${escapeKey(id.toLowerCase())}:`;
      for (const row of await this.range(client, pk, prefix, `${prefix.slice(0, -1)};`)) if (typeof row['target'] === 'string') wanted.add(row['target']);
    }
    const found = await this.readItems(client, pk, [...wanted]);
    return [...found.values()].map((h) => ({ ...h, user }));
  }

  private table(): Promise<TableClient> {
    return this.tables.getTable(HISTORY_TABLE);
  }

  private async readItems(client: TableClient, pk: string, rowKeys: string[]): Promise<Map<string, Omit<ItemHistory, 'user'>>> {
    const out = new Map<string, Omit<ItemHistory, 'user'>>();
    const wanted = new Set(rowKeys);
    const rows: Array<Record<string, unknown>> = [];
    if (rowKeys.length > POINT_READS_MAX) {
      // one query from the first to the last wanted key (the keys of one run lie close), kept as its pages arrive
      const sorted = [...wanted].sort();
      await this.eachInRange(client, pk, sorted[0]!, sorted.at(-1)!, (row) => {
        if (wanted.has(row['rowKey'] as string)) rows.push(row);
      }, 'le');
    } else {
      let next = 0;
      await Promise.all(Array.from({ length: READ_PARALLEL }, async () => {
        while (next < rowKeys.length) {
          const row = await this.point(client, pk, rowKeys[next++]!);
          if (row) rows.push(row);
        }
      }));
    }
    for (const row of rows) {
      const meta = itemRowSchema.parse(row);
      const entries = readJson(row, 'entries', entriesSchema, HISTORY_TABLE) ?? [];
      out.set(row['rowKey'] as string, { kind: meta.kind, entries, ...definedOnly({ lnKey: meta.lnKey, exchangeId: meta.exchangeId, email: meta.email, name: meta.name }) });
    }
    return out;
  }

  private async point(client: TableClient, pk: string, rowKey: string): Promise<Record<string, unknown> | undefined> {
    try {
      return await client.getEntity<Record<string, unknown>>(pk, rowKey);
    } catch (err) {
      if (storageStatus(err) === 404) return undefined;
      throw toStorageError(err, `read from '${HISTORY_TABLE}'`);
    }
  }

  private async range(client: TableClient, pk: string, from: string, to: string): Promise<Array<Record<string, unknown>>> {
    const found: Array<Record<string, unknown>> = [];
    await this.eachInRange(client, pk, from, to, (row) => void found.push(row));
    return found;
  }

  /** Visits the rows from `from` up to `to` (excluded, or included with 'le') as their pages arrive. */
  private eachInRange(client: TableClient, pk: string, from: string, to: string, visit: (row: Record<string, unknown>) => void, upper: 'lt' | 'le' = 'lt'): Promise<void> {
    const filter = upper === 'lt'
      ? odata`PartitionKey eq ${pk} and RowKey ge ${from} and RowKey lt ${to}`
      : odata`PartitionKey eq ${pk} and RowKey ge ${from} and RowKey le ${to}`;
    return storageCall(`list '${HISTORY_TABLE}'`, async () => {
      for await (const row of client.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) visit(row);
    });
  }
}

function definedOnly<T extends Record<string, string | undefined>>(values: T): { [K in keyof T]?: string } {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: string };
}
