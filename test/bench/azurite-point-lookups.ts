// Makes the embedded Azurite find one row by (PartitionKey, RowKey) through its RowKey index, as Table Storage does.
// Without it the emulator scans a whole partition per point read, so a 50,000-link user costs the bench O(n²) time.
import { dirname } from 'node:path';

type FindOne = (query: Record<string, unknown> | undefined) => unknown;
interface LokiCollectionProto {
  findOne: FindOne & { rowKeyFirst?: true };
}

/**
 * Azurite (3.x) stores table rows in a lokijs collection indexed on PartitionKey and on RowKey, and asks it for
 * `findOne({ PartitionKey, RowKey })`; lokijs narrows by the first key's index, then compares every row of the
 * partition. Asking for RowKey first narrows to the few rows sharing that RowKey. Same answer, indexed cost.
 */
export function indexAzuritePointLookups(): void {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const azuriteDir = dirname(require.resolve('azurite/package.json'));
  const loki = require(require.resolve('lokijs', { paths: [azuriteDir] })) as { Collection: { prototype: LokiCollectionProto } };
  /* eslint-enable @typescript-eslint/no-require-imports */
  const proto = loki.Collection.prototype;
  if (proto.findOne.rowKeyFirst) return;
  const original = proto.findOne;
  const patched: LokiCollectionProto['findOne'] = function (this: unknown, query) {
    if (query && Object.keys(query).length === 2 && 'PartitionKey' in query && 'RowKey' in query) {
      return original.call(this, { RowKey: query['RowKey'], PartitionKey: query['PartitionKey'] });
    }
    return original.call(this, query);
  };
  patched.rowKeyFirst = true;
  proto.findOne = patched;
}
