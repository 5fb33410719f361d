// What a table-backed store needs from the outside: a ready TableClient for a table's base name.
// TableClientFactory implements it; tests may pass anything that hands out clients.

import type { TableClient } from '@azure/data-tables';

export interface TableProvider {
  getTable(base: string): Promise<TableClient>;
}
