// Test and bench helper: many sync users' status rows (and optionally run history) written straight into Table
// Storage with batch transactions, through the stores' own row builders, so 5,000 users take seconds to seed.
import type { TableClient, TransactionAction } from '@azure/data-tables';
import type { UserStatus } from '../../shared/app/ports/user-status-port';
import { newRunReport } from '../../shared/sync/run-report';
import { RUNS_TABLE, runEntity } from '../../shared/state/table-run-store';
import { STATUS_TABLE, statusEntity } from '../../shared/state/table-user-status-store';
import type { TableProvider } from '../../shared/state/table-provider';

export const userAddress = (i: number): string => `user${String(i).padStart(5, '0')}@contoso.example`;

/** Every 40th user failing, every 97th needing attention, every 250th without a mailbox; the rest ok. */
export function sampleStatus(i: number, at: string): UserStatus {
  const status: UserStatus = { user: userAddress(i), mailbox: 'ok', needsAttention: [], deadLetters: [], warnings: [], updatedAt: at };
  if (i % 40 === 0) status.lastError = { scope: 'contacts', message: 'LN answered 503: service unavailable', transient: true, at };
  if (i % 97 === 0) status.needsAttention.push({ scope: 'contacts', message: 'B-I3: run would delete 14 of 40 linked items', since: at });
  if (i % 250 === 0) status.mailbox = 'no mailbox for this address (ErrorInvalidUser)';
  return status;
}

async function submitAll(client: TableClient, entities: Array<Record<string, unknown> & { partitionKey: string; rowKey: string }>, parallel = 8): Promise<void> {
  const groups = new Map<string, TransactionAction[][]>();
  for (const e of entities) {
    const chunks = groups.get(e.partitionKey) ?? [[]];
    if (chunks[chunks.length - 1]!.length === 100) chunks.push([]);
    chunks[chunks.length - 1]!.push(['upsert', e, 'Replace']);
    groups.set(e.partitionKey, chunks);
  }
  const batches = [...groups.values()].flat();
  let next = 0;
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (next < batches.length) await client.submitTransaction(batches[next++]!);
  }));
}

export async function seedUsers(tables: TableProvider, count: number, at: string, options: { runsPerScope?: number } = {}): Promise<string[]> {
  const users = Array.from({ length: count }, (_, i) => sampleStatus(i + 1, at));
  await submitAll(await tables.getTable(STATUS_TABLE), users.map(statusEntity));
  const runs = options.runsPerScope ?? 0;
  if (runs > 0) {
    const entities = users.flatMap((u) => Array.from({ length: runs * 2 }, (_, k) => {
      const r = newRunReport(u.user, k % 2 === 0 ? 'contacts' : 'calendar', k < 2, new Date(Date.parse(at) - (k + 1) * 900_000).toISOString());
      r.toExchange.created = k;
      r.finishedAt = r.startedAt;
      return runEntity(r);
    }));
    await submitAll(await tables.getTable(RUNS_TABLE), entities);
  }
  return users.map((u) => u.user);
}
