// RunStore on Azure Table Storage: table `runs`, PartitionKey = user, RowKey = `{scope}:{inverted startedAt}`.
// Newest runs sort first; long lists are capped so a row fits Table Storage limits; only the last 50 runs are kept.

import { odata, type TableClient } from '@azure/data-tables';
import { ExternalServiceError } from '../domain/external-service-error';
import type { RunStore } from '../app/ports/run-store-port';
import type { RunReport } from '../sync/run-report';
import { putJson, readJson } from './chunked-json';
import { storedRunReportSchema } from './run-report.schema';
import { storageCall, storageStatus, toStorageError } from './storage-error';
import { escapeKey } from './table-key';
import type { TableProvider } from './table-provider';

export const RUNS_TABLE = 'runs';
/** Runs kept per user and scope. */
export const RUNS_KEPT = 50;
/** Entries kept of each of conflicts, errors and warnings. */
export const RUN_LIST_CAP = 50;
/** Held deletions listed per run (B-U3); the rest are seen again by the next run. */
export const HELD_KEPT = 500;
/** Characters kept of each text in those lists (field values, messages). */
export const RUN_TEXT_CAP = 1000;

/** Full list lengths, present on a report read back only when the store capped one of its lists. */
export interface RunListTotals {
  conflicts: number;
  errors: number;
  warnings: number;
}
export type StoredRunReport = RunReport & { totals?: RunListTotals };

/** Largest millisecond timestamp that fits the 13 digits of the inverted key (year 2286). */
const MAX_MS = 9_999_999_999_999;

const partitionOf = (user: string): string => escapeKey(user);
/** `;` sorts right after `:`, so [`s:`, `s;`) holds exactly the keys of scope `s`. */
const rangeOf = (scope: string): [string, string] => [`${escapeKey(scope)}:`, `${escapeKey(scope)};`];

function rowKeyOf(report: RunReport): string {
  const ms = Date.parse(report.startedAt);
  if (!Number.isFinite(ms) || ms < 0 || ms > MAX_MS) {
    throw new ExternalServiceError('storage', 422, 'InvalidRunReport', `run of '${report.user}' has an invalid startedAt '${report.startedAt}'`);
  }
  return `${escapeKey(report.scope)}:${String(MAX_MS - ms).padStart(13, '0')}`;
}

const clip = (text: string): string => (text.length > RUN_TEXT_CAP ? `${text.slice(0, RUN_TEXT_CAP - 1)}…` : text);

/** The report as stored: lists cut to RUN_LIST_CAP entries, long texts clipped, totals noted when anything was cut. */
function capped(report: RunReport): StoredRunReport {
  const { conflicts, errors, warnings } = report;
  const stored: StoredRunReport = {
    ...report,
    conflicts: conflicts.slice(0, RUN_LIST_CAP).map((c) => ({ ...c, lnValue: clip(c.lnValue), exchangeValue: clip(c.exchangeValue) })),
    errors: errors.slice(0, RUN_LIST_CAP).map((e) => ({ ...e, message: clip(e.message) })),
    warnings: warnings.slice(0, RUN_LIST_CAP).map(clip),
  };
  if (report.needsAttention !== undefined) stored.needsAttention = clip(report.needsAttention);
  if (report.held !== undefined) stored.held = report.held.slice(0, HELD_KEPT);
  delete stored.totals;
  if (Math.max(conflicts.length, errors.length, warnings.length) > RUN_LIST_CAP) {
    stored.totals = { conflicts: conflicts.length, errors: errors.length, warnings: warnings.length };
  }
  return stored;
}

/** The stored row of a run: PartitionKey user, RowKey scope and inverted start, the capped report as JSON. */
export function runEntity(report: RunReport): Record<string, unknown> & { partitionKey: string; rowKey: string } {
  const entity: Record<string, unknown> & { partitionKey: string; rowKey: string } = {
    partitionKey: partitionOf(report.user),
    rowKey: rowKeyOf(report),
    user: report.user,
    scope: report.scope,
    startedAt: report.startedAt,
  };
  putJson(entity, 'report', capped(report));
  return entity;
}

export class TableRunStore implements RunStore {
  constructor(private readonly tables: TableProvider) {}

  /** Stores the run (recording the same user, scope and startedAt again replaces it), then drops runs beyond RUNS_KEPT. */
  async record(report: RunReport): Promise<void> {
    const client = await this.table();
    const entity = runEntity(report);
    await storageCall(`write run to '${RUNS_TABLE}'`, () => client.upsertEntity(entity, 'Replace'));
    await this.prune(client, report.user, report.scope);
  }

  /** Up to `limit` runs of the user and scope, newest first. */
  async latest(user: string, scope: RunReport['scope'], limit: number): Promise<StoredRunReport[]> {
    if (!(limit > 0)) return [];
    const client = await this.table();
    const [from, to] = rangeOf(scope);
    const filter = odata`PartitionKey eq ${partitionOf(user)} and RowKey ge ${from} and RowKey lt ${to}`;
    const rows = await storageCall(`list '${RUNS_TABLE}'`, async () => {
      const found: Record<string, unknown>[] = [];
      for await (const page of client.listEntities<Record<string, unknown>>({ queryOptions: { filter } }).byPage({ maxPageSize: Math.min(limit, 1000) })) {
        found.push(...page);
        if (found.length >= limit) break;
      }
      return found.slice(0, limit);
    });
    return rows.map((row) => this.toReport(row));
  }

  private table(): Promise<TableClient> {
    return this.tables.getTable(RUNS_TABLE);
  }

  private toReport(row: Record<string, unknown>): StoredRunReport {
    const report = readJson(row, 'report', storedRunReportSchema, RUNS_TABLE);
    if (!report) throw new ExternalServiceError('storage', 422, 'InvalidStoredRow', `row in table '${RUNS_TABLE}' is invalid: report: missing`);
    return report;
  }

  /** Deletes the runs of the user and scope beyond the newest RUNS_KEPT; a row another writer deleted first is fine. */
  private async prune(client: TableClient, user: string, scope: string): Promise<void> {
    const [from, to] = rangeOf(scope);
    const pk = partitionOf(user);
    const filter = odata`PartitionKey eq ${pk} and RowKey ge ${from} and RowKey lt ${to}`;
    const keys = await storageCall(`list keys in '${RUNS_TABLE}'`, async () => {
      const found: string[] = [];
      for await (const row of client.listEntities({ queryOptions: { filter, select: ['RowKey'] } })) found.push(row.rowKey as string);
      return found;
    });
    for (const rowKey of keys.slice(RUNS_KEPT)) {
      try {
        await client.deleteEntity(pk, rowKey);
      } catch (err) {
        if (storageStatus(err) !== 404) throw toStorageError(err, `delete old run from '${RUNS_TABLE}'`);
      }
    }
  }
}
