// Builds TableClients for the sync-state tables from a connection string (emulators) or an endpoint + managed identity.
// Table names get a configurable prefix; each table is created once per factory if it does not exist.

import { TableClient } from '@azure/data-tables';
import { DefaultAzureCredential, type TokenCredential } from '@azure/identity';
import { storageCall, storageStatus } from './storage-error';
import { tableTelemetryPolicy } from '../telemetry/table-telemetry-policy';

export interface TableStateTarget {
  /** Connection string of a local emulator (Azurite). */
  connectionString?: string;
  /** `https://{account}.table.core.windows.net` — used with a token credential. */
  tableEndpoint?: string;
  /** Letters and digits put in front of every table name; '' for none. */
  tablePrefix: string;
  /** Overrides DefaultAzureCredential for the endpoint form. */
  credential?: TokenCredential;
  /** SDK-level retries of failed requests (SDK default when omitted). */
  maxRetries?: number;
}

const PREFIX = /^([A-Za-z][A-Za-z0-9]*)?$/;
/** Emulator connection strings name an http endpoint or protocol. */
const INSECURE = /=\s*http(;|:\/\/)/i;

export class TableClientFactory {
  private readonly ready = new Map<string, Promise<TableClient>>();

  constructor(private readonly target: TableStateTarget) {
    if (!PREFIX.test(target.tablePrefix)) throw new Error('table prefix must be letters and digits starting with a letter');
    if (!target.connectionString && !target.tableEndpoint) throw new Error('either a connection string or a table endpoint is required');
  }

  tableName(base: string): string {
    return `${this.target.tablePrefix}${base}`;
  }

  /** A client for `{prefix}{base}`, with the table created if missing. */
  getTable(base: string): Promise<TableClient> {
    const name = this.tableName(base);
    let client = this.ready.get(name);
    if (!client) {
      client = this.createTable(name);
      this.ready.set(name, client);
      client.catch(() => this.ready.delete(name));
    }
    return client;
  }

  private build(name: string): TableClient {
    const { connectionString, tableEndpoint, maxRetries } = this.target;
    const retryOptions = { ...(maxRetries === undefined ? {} : { retryOptions: { maxRetries } }), additionalPolicies: [{ policy: tableTelemetryPolicy, position: 'perRetry' as const }] };
    if (connectionString) {
      return TableClient.fromConnectionString(connectionString, name, { allowInsecureConnection: INSECURE.test(connectionString), ...retryOptions });
    }
    return new TableClient(tableEndpoint as string, name, this.target.credential ?? new DefaultAzureCredential(), retryOptions);
  }

  private async createTable(name: string): Promise<TableClient> {
    const client = this.build(name);
    await storageCall(`create table '${name}'`, async () => {
      try {
        await client.createTable();
      } catch (err) {
        if (storageStatus(err) !== 409) throw err; // TableAlreadyExists
      }
    });
    return client;
  }
}
