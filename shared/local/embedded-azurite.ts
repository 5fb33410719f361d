// Starts Azurite's Table service inside this process on 127.0.0.1 and a free port.
// Used by tests and local runs; azurite is a dev-time dependency, so it is required lazily.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Public, well-known Azurite development account (documented emulator constants, not a secret). */
export const DEV_ACCOUNT_NAME = 'devstoreaccount1';
export const DEV_ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface EmbeddedAzurite {
  connectionString: string;
  tableEndpoint: string;
  stop(): Promise<void>;
}

export interface EmbeddedAzuriteOptions {
  /** Folder for the table database; omitted ⇒ in-memory only. */
  folder?: string;
}

interface AzuriteTableServer {
  start(): Promise<void>;
  close(): Promise<void>;
  getHttpServerAddress(): string;
}

type TableServerCtor = new (config: unknown) => AzuriteTableServer;
type TableConfigurationCtor = new (...args: unknown[]) => unknown;

function loadAzurite(): { TableServer: TableServerCtor; TableConfiguration: TableConfigurationCtor } {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const server = require('azurite/dist/src/table/TableServer') as { default: TableServerCtor };
  const config = require('azurite/dist/src/table/TableConfiguration') as { default: TableConfigurationCtor };
  const store = require('azurite/dist/src/table/persistence/LokiTableMetadataStore') as { default: { prototype: EntityCollectionSource } };
  /* eslint-enable @typescript-eslint/no-require-imports */
  lookUpByRowKeyFirst(store.default.prototype);
  return { TableServer: server.default, TableConfiguration: config.default };
}

interface EntityQuery {
  PartitionKey?: unknown;
  RowKey?: unknown;
}

interface EntityCollection {
  findOne: (query: EntityQuery) => unknown;
  rowKeyFirst?: true;
}

interface EntityCollectionSource {
  getEntityCollection: (this: unknown, ...args: unknown[]) => EntityCollection;
  rowKeyFirst?: true;
}

/**
 * Azurite's in-memory store finds an entity by `{PartitionKey, RowKey}`, and its database filters by the first key
 * first: every row of a partition is then compared, so a point read or write in a partition of thousands of rows
 * (one sync user's links) scans them all, which the real service never does. Asking for the RowKey first uses the
 * store's own RowKey index; the answer is the same entity.
 */
function lookUpByRowKeyFirst(source: EntityCollectionSource): void {
  if (source.rowKeyFirst) return;
  source.rowKeyFirst = true;
  const collectionOf = source.getEntityCollection;
  source.getEntityCollection = function (this: unknown, ...args: unknown[]): EntityCollection {
    const collection = collectionOf.apply(this, args);
    if (collection.rowKeyFirst) return collection;
    const findOne = collection.findOne.bind(collection);
    collection.findOne = (query) => (query.RowKey !== undefined && query.PartitionKey !== undefined ? findOne({ RowKey: query.RowKey, PartitionKey: query.PartitionKey }) : findOne(query));
    collection.rowKeyFirst = true;
    return collection;
  };
}

function buildConfiguration(ctor: TableConfigurationCtor, folder: string | undefined): unknown {
  const inMemory = folder === undefined;
  if (!inMemory) mkdirSync(folder, { recursive: true });
  const dbPath = join(folder ?? '.', '__azurite_db_table__.json');
  // Positional arguments of azurite's TableConfiguration constructor (3.x).
  return new ctor(
    '127.0.0.1', // host
    0, // port: 0 lets the OS choose a free one
    5, // keep-alive timeout (s)
    dbPath, // metadata DB path (unused in memory)
    false, // debug log
    false, // access log
    undefined, // access log stream
    undefined, // debug log file
    true, // loose mode
    true, // skip API version check
    '', '', '', // cert, key, pwd
    undefined, // oauth
    false, // disable product-style URL
    inMemory, // in-memory persistence
  );
}

export function connectionStringFor(tableEndpoint: string): string {
  return `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT_NAME};AccountKey=${DEV_ACCOUNT_KEY};TableEndpoint=${tableEndpoint};`;
}

export async function startEmbeddedAzurite(options: EmbeddedAzuriteOptions = {}): Promise<EmbeddedAzurite> {
  const { TableServer, TableConfiguration } = loadAzurite();
  const server = new TableServer(buildConfiguration(TableConfiguration, options.folder));
  await server.start();
  const tableEndpoint = `${server.getHttpServerAddress()}/${DEV_ACCOUNT_NAME}`;
  let stopped = false;
  return {
    connectionString: connectionStringFor(tableEndpoint),
    tableEndpoint,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.close();
    },
  };
}
