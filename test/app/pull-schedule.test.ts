// Clock-aligned pull slots (B-P1), pure.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { isDue, slotOf } from '../../shared/app/pull-schedule';

const at = (iso: string): Date => new Date(iso);

it('B-P1: 15 minutes runs at :00, :15, :30 and :45; 1 hour at every full hour; 1 day at midnight UTC', () => {
  const quarter = { number: 15, unit: 'Minutes' as const };
  assert.deepEqual(['10:00', '10:07', '10:15', '10:30', '10:44', '10:45'].map((t) => isDue(quarter, at(`2026-11-21T${t}:00Z`))), [true, false, true, true, false, true]);
  const hour = { number: 1, unit: 'Hours' as const };
  assert.deepEqual(['10:00', '10:15', '11:00'].map((t) => isDue(hour, at(`2026-11-21T${t}:00Z`))), [true, false, true]);
  const dayInterval = { number: 1, unit: 'Days' as const };
  assert.equal(isDue(dayInterval, at('2026-11-22T00:00:30Z')), true, 'any second of the midnight minute');
  assert.equal(isDue(dayInterval, at('2026-11-21T12:00:00Z')), false);
  assert.equal(slotOf(quarter, at('2026-11-21T10:44:59Z')).toISOString(), '2026-11-21T10:30:00.000Z');
});
