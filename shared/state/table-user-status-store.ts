// UserStatusStore on Azure Table Storage: table `status`, PartitionKey 'user', RowKey = user; each row also carries
// summary columns (problems, headline) so the console lists 5,000 users with one projection query.
// update() reads, applies the change and writes with If-Match (insert when new), re-reading on a lost race.

import { odata, type TableClient, type TableEntityResult } from '@azure/data-tables';
import { ExternalServiceError } from '../domain/external-service-error';
import type { DeadLetter, UserStatus, UserStatusStore, UserSummary } from '../app/ports/user-status-port';
import { headlineOf, summaryColumns, summaryFromColumns, SUMMARY_COLUMNS } from './user-summary-columns';
import { putJson, readJson } from './chunked-json';
import { retryOnConflict } from './etag-retry';
import { parseRow } from './parse-row';
import { storageCall, storageStatus, toStorageError } from './storage-error';
import { escapeKey } from './table-key';
import type { TableProvider } from './table-provider';
import { attentionItemsSchema, deadLettersSchema, lastErrorSchema, subscriptionProblemsSchema, userStatusRowSchema, warningsSchema } from './user-status-row.schema';

export const STATUS_TABLE = 'status';
const PARTITION = 'user';
/** Dead letters kept per user, newest first. */
export const DEAD_LETTERS_KEPT = 20;
/** Warnings kept per user, the most recent ones. */
export const WARNINGS_KEPT = 50;

type Row = TableEntityResult<Record<string, unknown>>;

const time = (at: string): number => {
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? -Infinity : ms;
};

/** The status as stored: dead letters newest first and capped, warnings each once and capped. */
function capped(status: UserStatus, user: string): UserStatus {
  const deadLetters: DeadLetter[] = [...status.deadLetters].sort((a, b) => time(b.at) - time(a.at)).slice(0, DEAD_LETTERS_KEPT);
  const warnings = [...new Set(status.warnings)].slice(-WARNINGS_KEPT);
  const result: UserStatus = { ...status, user, deadLetters, warnings };
  delete result.etag;
  if (result.lastError === undefined) delete result.lastError;
  if (result.pushProblem === undefined) delete result.pushProblem;
  if (result.subscriptionProblems === undefined || result.subscriptionProblems.length === 0) delete result.subscriptionProblems;
  return result;
}

/** The stored row of a status: its lists as JSON, plus the summary columns the overview reads. */
export function statusEntity(status: UserStatus): Record<string, unknown> & { partitionKey: string; rowKey: string } {
  const entity: Record<string, unknown> & { partitionKey: string; rowKey: string } = {
    partitionKey: PARTITION,
    rowKey: escapeKey(status.user),
    user: status.user,
    mailbox: status.mailbox,
    updatedAt: status.updatedAt,
  };
  Object.assign(entity, summaryColumns(status, headlineOf(status)));
  if (status.pushProblem !== undefined) entity['pushProblem'] = status.pushProblem;
  putJson(entity, 'needsAttention', status.needsAttention);
  if (status.lastError !== undefined) putJson(entity, 'lastError', status.lastError);
  putJson(entity, 'deadLetters', status.deadLetters);
  putJson(entity, 'warnings', status.warnings);
  if (status.subscriptionProblems !== undefined) putJson(entity, 'subscriptionProblems', status.subscriptionProblems);
  return entity;
}

export class TableUserStatusStore implements UserStatusStore {
  constructor(
    private readonly tables: TableProvider,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async get(user: string): Promise<UserStatus | undefined> {
    const row = await this.read(await this.table(), user);
    return row && this.toStatus(row);
  }

  async list(): Promise<UserStatus[]> {
    const client = await this.table();
    const filter = odata`PartitionKey eq ${PARTITION}`;
    const rows = await storageCall(`list '${STATUS_TABLE}'`, async () => {
      const found: Row[] = [];
      for await (const row of client.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) found.push(row);
      return found;
    });
    return rows.map((row) => this.toStatus(row));
  }

  /** One projection query over the partition: only the summary columns travel, whatever the lists hold. */
  async summaries(): Promise<UserSummary[]> {
    const client = await this.table();
    const filter = odata`PartitionKey eq ${PARTITION}`;
    return storageCall(`list summaries in '${STATUS_TABLE}'`, async () => {
      const found: UserSummary[] = [];
      const rows = client.listEntities<Record<string, unknown>>({ queryOptions: { filter, select: [...SUMMARY_COLUMNS] } });
      for await (const page of rows.byPage({ maxPageSize: 1000 })) for (const row of page) found.push(summaryFromColumns(row, STATUS_TABLE));
      return found;
    });
  }

  async update(user: string, change: (current: UserStatus) => UserStatus): Promise<UserStatus> {
    const client = await this.table();
    return retryOnConflict(`update status of '${user}' in '${STATUS_TABLE}'`, async () => {
      const row = await this.read(client, user);
      const current = row ? this.toStatus(row) : this.fresh(user);
      const next = capped(change(current), user);
      const entity = statusEntity(next);
      const response = current.etag === undefined ? await client.createEntity(entity) : await client.updateEntity(entity, 'Replace', { etag: current.etag });
      if (!response.etag) throw new ExternalServiceError('storage', 502, 'MissingEtag', `write to '${STATUS_TABLE}' returned no ETag`);
      return { ...next, etag: response.etag };
    });
  }

  private table(): Promise<TableClient> {
    return this.tables.getTable(STATUS_TABLE);
  }

  private fresh(user: string): UserStatus {
    return { user, mailbox: 'ok', needsAttention: [], deadLetters: [], warnings: [], updatedAt: this.now().toISOString() };
  }

  private async read(client: TableClient, user: string): Promise<Row | undefined> {
    try {
      return await client.getEntity<Record<string, unknown>>(PARTITION, escapeKey(user));
    } catch (err) {
      if (storageStatus(err) === 404) return undefined;
      throw toStorageError(err, `read from '${STATUS_TABLE}'`);
    }
  }

  private toStatus(row: Row): UserStatus {
    const { etag, user, mailbox, updatedAt, pushProblem } = parseRow(userStatusRowSchema, row, STATUS_TABLE);
    const status: UserStatus = {
      user,
      mailbox,
      needsAttention: readJson(row, 'needsAttention', attentionItemsSchema, STATUS_TABLE) ?? [],
      deadLetters: readJson(row, 'deadLetters', deadLettersSchema, STATUS_TABLE) ?? [],
      warnings: readJson(row, 'warnings', warningsSchema, STATUS_TABLE) ?? [],
      updatedAt,
      etag,
    };
    const lastError = readJson(row, 'lastError', lastErrorSchema, STATUS_TABLE);
    if (lastError !== undefined) status.lastError = lastError;
    if (pushProblem !== undefined) status.pushProblem = pushProblem;
    const subscriptionProblems = readJson(row, 'subscriptionProblems', subscriptionProblemsSchema, STATUS_TABLE);
    if (subscriptionProblems !== undefined) status.subscriptionProblems = subscriptionProblems;
    return status;
  }
}
