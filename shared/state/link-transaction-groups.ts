// Splits links to write into entity-group transactions: one partition each, at most 100 operations (50 links of two
// rows), well under the 4 MiB payload, and no row twice (a transaction may touch a row only once).

/** Entity-group transactions take at most 100 operations. */
const OPERATIONS_PER_TRANSACTION = 100;
/** Payload kept per transaction, below the service's 4 MiB (leaves room for the multipart framing). */
const BYTES_PER_TRANSACTION = 3 * 1024 * 1024;

export interface TransactionMember {
  /** Position in the caller's list. */
  index: number;
  partition: string;
  /** Row keys the member writes (the link row and its index row). */
  rows: string[];
  /** Serialized size of its entities. */
  bytes: number;
}

/** Groups of member indexes, in input order within each group. */
export function transactionGroups(members: readonly TransactionMember[]): number[][] {
  const open = new Map<string, { indexes: number[]; operations: number; bytes: number; rows: Set<string> }>();
  const groups: number[][] = [];
  for (const m of members) {
    let group = open.get(m.partition);
    const fits = group !== undefined && group.operations + m.rows.length <= OPERATIONS_PER_TRANSACTION
      && group.bytes + m.bytes <= BYTES_PER_TRANSACTION && !m.rows.some((r) => group!.rows.has(r));
    if (!fits) {
      group = { indexes: [], operations: 0, bytes: 0, rows: new Set() };
      groups.push(group.indexes);
      open.set(m.partition, group);
    }
    group!.indexes.push(m.index);
    group!.operations += m.rows.length;
    group!.bytes += m.bytes;
    for (const r of m.rows) group!.rows.add(r);
  }
  return groups;
}
