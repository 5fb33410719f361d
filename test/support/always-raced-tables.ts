// Test helper: a TableProvider whose conditional replaces always lose a race — another writer touches the row
// (a Merge without ETag) just before each updateEntity, so every If-Match write answers 412.

import type { TableClient } from '@azure/data-tables';
import type { TableProvider } from '../../shared/state/table-provider';

export function alwaysRacedTables(tables: TableProvider): TableProvider {
  return {
    async getTable(base) {
      const client = await tables.getTable(base);
      return new Proxy(client, {
        get(target, prop) {
          if (prop === 'updateEntity') {
            return async (...args: Parameters<TableClient['updateEntity']>) => {
              const [entity] = args;
              await target.updateEntity({ partitionKey: entity.partitionKey, rowKey: entity.rowKey, touchedBy: 'someone else' }, 'Merge');
              return target.updateEntity(...args);
            };
          }
          const value: unknown = Reflect.get(target, prop, target);
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
    },
  };
}
