// Tests how links to write are split into entity-group transactions: per partition, at most 100 operations,
// under the payload budget, and never the same row twice in one transaction.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { transactionGroups, type TransactionMember } from '../../shared/state/link-transaction-groups';

const member = (index: number, partition = 'p', rows = [`r${index}`, `x${index}`], bytes = 1000): TransactionMember => ({ index, partition, rows, bytes });

void describe('transactionGroups', () => {
  void it('puts 50 two-row links in a transaction and starts another at the 51st', () => {
    const groups = transactionGroups(Array.from({ length: 120 }, (_, i) => member(i)));
    assert.deepEqual(groups.map((g) => g.length), [50, 50, 20]);
    assert.deepEqual(groups.flat(), Array.from({ length: 120 }, (_, i) => i));
  });

  void it('keeps partitions apart', () => {
    const groups = transactionGroups([member(0, 'a'), member(1, 'b'), member(2, 'a')]);
    assert.deepEqual(groups, [[0, 2], [1]]);
  });

  void it('never writes a row twice in one transaction', () => {
    const groups = transactionGroups([member(0, 'p', ['r1', 'x1']), member(1, 'p', ['r2', 'x1']), member(2, 'p', ['r3', 'x3'])]);
    assert.deepEqual(groups, [[0], [1, 2]]);
  });

  void it('stays under the payload budget of a transaction', () => {
    const big = 1024 * 1024;
    const groups = transactionGroups(Array.from({ length: 5 }, (_, i) => member(i, 'p', [`r${i}`], big)));
    assert.deepEqual(groups.map((g) => g.length), [3, 2]);
  });
});
