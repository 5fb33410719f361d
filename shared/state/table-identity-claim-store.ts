// IdentityClaimPort on Azure Table Storage: table `claims`, PartitionKey = scope, RowKey = SHA-256 of the identity.
// Insert-if-absent takes a claim; an expired claim in progress is taken over with If-Match, so exactly one wins.
import { createHash } from 'node:crypto';
import { RestError, type TableClient } from '@azure/data-tables';
import { ExternalServiceError } from '../domain/external-service-error';
import type { Clock } from '../sync/ports/clock-port';
import type { ClaimOutcome, ClaimScope, IdentityClaimPort } from '../sync/ports/identity-claim-port';
import { claimRowSchema, type ClaimRow } from './claim-row.schema';
import { retryOnConflict } from './etag-retry';
import { parseRow } from './parse-row';
import { storageStatus, toStorageError } from './storage-error';
import type { TableProvider } from './table-provider';

export const CLAIMS_TABLE = 'claims';
/** Longer than any create in LN takes; short enough that a crashed holder delays a person only briefly. */
export const CLAIM_TTL_MS = 2 * 60_000;
const MAX_ATTEMPTS = 5;

export class TableIdentityClaimStore implements IdentityClaimPort {
  constructor(private readonly tables: TableProvider, private readonly clock: Clock, private readonly ttlMs = CLAIM_TTL_MS) {}

  async take(scope: ClaimScope, identity: string, owner: string): Promise<ClaimOutcome> {
    const client = await this.table();
    for (let n = 0; n < MAX_ATTEMPTS; n++) {
      const fresh = this.entity(scope, identity, owner);
      if (await this.lostRace(() => client.createEntity(fresh), [409])) {
        const row = await this.read(client, scope, identity);
        if (!row) continue; // released meanwhile: try to insert again
        if (row.lnKey) return { kind: 'taken', owner: row.owner, lnKey: row.lnKey };
        if (row.owner === owner) return { kind: 'ours' };
        if (Date.parse(row.expiresAt) > this.clock.now().getTime()) return { kind: 'taken', owner: row.owner, lnKey: undefined };
        if (await this.lostRace(() => client.updateEntity(fresh, 'Replace', { etag: row.etag }), [412, 404])) continue;
      }
      return { kind: 'ours' };
    }
    throw new ExternalServiceError('storage', 412, 'ClaimContended', `claim on ${scope} '${identity}' lost to concurrent writers ${MAX_ATTEMPTS} times`);
  }

  async complete(scope: ClaimScope, identity: string, owner: string, lnKey: string): Promise<void> {
    const client = await this.table();
    await retryOnConflict(`complete claim in '${CLAIMS_TABLE}'`, async () => {
      const row = await this.read(client, scope, identity);
      const done = { ...this.entity(scope, identity, owner), lnKey };
      if (!row) return void (await client.createEntity(done));
      if (row.owner !== owner && row.lnKey) return; // someone else completed it; their key stands
      await client.updateEntity(done, 'Replace', { etag: row.etag });
    });
  }

  async release(scope: ClaimScope, identity: string, owner: string): Promise<void> {
    await this.removeIf(scope, identity, (row) => row.owner === owner && row.lnKey === undefined);
  }

  async forget(scope: ClaimScope, identity: string, lnKey: string): Promise<void> {
    await this.removeIf(scope, identity, (row) => row.lnKey === lnKey);
  }

  private async removeIf(scope: ClaimScope, identity: string, matches: (row: ClaimRow) => boolean): Promise<void> {
    const client = await this.table();
    const row = await this.read(client, scope, identity);
    if (!row || !matches(row)) return;
    await this.lostRace(() => client.deleteEntity(scope, rowKey(identity), { etag: row.etag }), [412, 404]);
  }

  /** Runs a conditional write; true when it lost to another writer (one of `statuses`), false when it succeeded. */
  private async lostRace(write: () => Promise<unknown>, statuses: number[]): Promise<boolean> {
    try {
      await write();
      return false;
    } catch (err) {
      if (err instanceof RestError && statuses.includes(storageStatus(err) ?? -1)) return true;
      throw toStorageError(err, `write to '${CLAIMS_TABLE}'`);
    }
  }

  private entity(scope: ClaimScope, identity: string, owner: string): { partitionKey: string; rowKey: string; identity: string; owner: string; expiresAt: string } {
    const expiresAt = new Date(this.clock.now().getTime() + this.ttlMs).toISOString();
    return { partitionKey: scope, rowKey: rowKey(identity), identity, owner, expiresAt };
  }

  private async read(client: TableClient, scope: ClaimScope, identity: string): Promise<ClaimRow | undefined> {
    try {
      return parseRow(claimRowSchema, await client.getEntity(scope, rowKey(identity)), CLAIMS_TABLE);
    } catch (err) {
      if (storageStatus(err) === 404) return undefined;
      throw toStorageError(err, `read from '${CLAIMS_TABLE}'`);
    }
  }

  private table(): Promise<TableClient> {
    return this.tables.getTable(CLAIMS_TABLE);
  }
}

/** Identities may hold any character and be long; a hash is a valid, bounded RowKey. */
function rowKey(identity: string): string {
  return createHash('sha256').update(identity).digest('hex');
}
