// The mass-deletion guard (B-I3): thresholds and the plan it leaves behind.
// Pure: no I/O.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { checkMassDeletion, withoutDeletions } from '../../shared/sync/mass-delete-guard';
import type { ContactAction } from '../../shared/sync/contact-action';

const removes = (n: number): ContactAction[] => Array.from({ length: n }, (_, i) => ({ type: 'remove-exchange', lnKey: `C${i}`, exchangeId: `X${i}`, reason: 'r' }));
const limits = { maxShare: 0.2, minCount: 10 };

it('B-I3: more than 20 % and more than 10 deletions are held back', () => {
  assert.equal(checkMassDeletion(removes(11), 50, limits).blocked, true);
  assert.equal(checkMassDeletion(removes(10), 20, limits).blocked, false, 'ten or fewer never block');
  assert.equal(checkMassDeletion(removes(11), 60, limits).blocked, false, '11 of 60 is under 20 %');
});

it('B-I3: a held plan keeps every other action and deletes nothing', () => {
  const plan: ContactAction[] = [...removes(3), { type: 'create-exchange', lnKey: 'N', fields: {} as never, reason: 'r' }];
  const kept = withoutDeletions(plan, 'held');
  assert.equal(kept.filter((a) => a.type === 'remove-exchange').length, 0);
  assert.equal(kept.filter((a) => a.type === 'create-exchange').length, 1);
  assert.equal(kept.length, plan.length);
});
