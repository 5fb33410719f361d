// Decision table for contacts, one test per cell: each asserts the action and the rule it cites.
// Pure: no I/O, only the planner.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { planContact } from '../../shared/sync/contact-planner';
import type { ContactAction } from '../../shared/sync/contact-action';
import { exSnap, link, lnSnap, planCtx } from './contact-fixtures';

function sync(action: ContactAction): Extract<ContactAction, { type: 'sync' }> {
  assert.equal(action.type, 'sync');
  return action;
}

describe('contact planner: unlinked pairs', () => {
  it('B-C1: LN sync-group contact without a copy is created in Exchange', () => {
    const a = planContact({ link: undefined, ln: { kind: 'present', snap: lnSnap('C1') }, ex: { kind: 'absent' } }, planCtx());
    assert.equal(a.type, 'create-exchange');
    assert.match(a.reason, /B-C1/);
  });
  it('B-C5: contact on both sides is linked, stamped, and only differing fields move', () => {
    const a = sync(planContact({ link: undefined, ln: { kind: 'present', snap: lnSnap('C1', { jobTitle: 'Countess' }) }, ex: { kind: 'present', snap: exSnap('X1', { jobTitle: '' , mobilePhone: '+31 6 1' }) } }, planCtx()));
    assert.equal(a.lastAction, 'linked');
    assert.equal(a.stampLnKey, true);
    assert.deepEqual(a.exPatch, { jobTitle: 'Countess' });
    assert.deepEqual(a.lnPatch, { mobilePhone: '+31 6 1' });
    assert.deepEqual(a.conflicts, []);
  });
  it('B-C3: new Outlook contact is created in LN in two-way mode with a deterministic ExternalReference', () => {
    const a = planContact({ link: undefined, ln: { kind: 'absent' }, ex: { kind: 'present', snap: exSnap('X9') } }, planCtx());
    assert.equal(a.type, 'create-ln');
    assert.equal((a).externalReference, 'EX-X9');
  });
  it('B-C11: new Outlook contact is ignored in ln-to-exchange mode', () => {
    const a = planContact({ link: undefined, ln: { kind: 'absent' }, ex: { kind: 'present', snap: exSnap('X9') } }, planCtx('ln-to-exchange'));
    assert.equal(a.type, 'ignore');
  });
  it('B-C8: stamped copy of a contact that left the sync group is removed', () => {
    const a = planContact({ link: undefined, ln: { kind: 'left-group', snap: lnSnap('C1', {}, { synchronize: false }) }, ex: { kind: 'present', snap: exSnap('X1', {}, { lnKey: 'C1' }) } }, planCtx());
    assert.equal(a.type, 'remove-exchange');
  });
  it('B-C5: unstamped Outlook contact matching a non-group LN contact joins it to the group', () => {
    const a = sync(planContact({ link: undefined, ln: { kind: 'left-group', snap: lnSnap('C1', {}, { synchronize: false }) }, ex: { kind: 'present', snap: exSnap('X1') } }, planCtx()));
    assert.equal(a.joinGroup, true);
  });
  it('B-C7: stamped copy of a deleted LN contact is removed; an unstamped one is left alone', () => {
    assert.equal(planContact({ link: undefined, ln: { kind: 'deleted' }, ex: { kind: 'present', snap: exSnap('X1', {}, { lnKey: 'C1' }) } }, planCtx()).type, 'remove-exchange');
    assert.equal(planContact({ link: undefined, ln: { kind: 'deleted' }, ex: { kind: 'present', snap: exSnap('X1') } }, planCtx()).type, 'ignore');
  });
  it('B-I1: a second stamped copy is removed as a duplicate', () => {
    const a = planContact({ link: undefined, ln: { kind: 'absent' }, ex: { kind: 'present', snap: exSnap('X2', {}, { lnKey: 'C1' }) }, anomaly: 'duplicate-copy' }, planCtx());
    assert.equal(a.type, 'remove-exchange');
    assert.match(a.reason, /B-I1/);
  });
});

describe('contact planner: linked pairs', () => {
  it('B-C6: unchanged on both sides plans nothing', () => {
    const l = link('C1', 'X1');
    const a = planContact({ link: l, ln: { kind: 'present', snap: lnSnap('C1') }, ex: { kind: 'present', snap: exSnap('X1', {}, { lnKey: 'C1' }) } }, planCtx());
    assert.equal(a.type, 'noop');
  });
  it('B-C6: edited in LN only is copied to Exchange', () => {
    const a = sync(planContact({ link: link('C1', 'X1'), ln: { kind: 'present', snap: lnSnap('C1', { jobTitle: 'CTO' }) }, ex: { kind: 'unchanged' } }, planCtx()));
    assert.deepEqual(a.exPatch, { jobTitle: 'CTO' });
    assert.deepEqual(a.lnPatch, {});
  });
  it('B-C6: edited in Exchange only is copied to LN', () => {
    const a = sync(planContact({ link: link('C1', 'X1'), ln: { kind: 'unchanged' }, ex: { kind: 'present', snap: exSnap('X1', { homePhone: '123' }, { lnKey: 'C1' }) } }, planCtx()));
    assert.deepEqual(a.lnPatch, { homePhone: '123' });
    assert.deepEqual(a.exPatch, {});
  });
  it('B-C6: edits of different fields on both sides are merged without conflict', () => {
    const a = sync(planContact({
      link: link('C1', 'X1'),
      ln: { kind: 'present', snap: lnSnap('C1', { jobTitle: 'CTO' }) },
      ex: { kind: 'present', snap: exSnap('X1', { homePhone: '123' }, { lnKey: 'C1' }) },
    }, planCtx()));
    assert.deepEqual(a.exPatch, { jobTitle: 'CTO' });
    assert.deepEqual(a.lnPatch, { homePhone: '123' });
    assert.equal(a.conflicts.length, 0);
  });
  for (const [policy, lnTime, exTime, winner] of [
    ['latest-wins', '2026-11-21T10:00:00Z', '2026-11-21T11:00:00Z', 'exchange'],
    ['latest-wins', '2026-11-21T12:00:00Z', '2026-11-21T11:00:00Z', 'ln'],
    ['ln-wins', '2026-11-21T10:00:00Z', '2026-11-21T11:00:00Z', 'ln'],
    ['exchange-wins', '2026-11-21T12:00:00Z', '2026-11-21T11:00:00Z', 'exchange'],
  ] as const) {
    it(`B-C6: same field edited on both sides follows ${policy} (${winner} wins) and is recorded`, () => {
      const a = sync(planContact({
        link: link('C1', 'X1'),
        ln: { kind: 'present', snap: lnSnap('C1', { jobTitle: 'LN title' }, { modifiedAt: lnTime }) },
        ex: { kind: 'present', snap: exSnap('X1', { jobTitle: 'EX title' }, { lnKey: 'C1', modifiedAt: exTime }) },
      }, planCtx('two-way', policy)));
      assert.deepEqual(a.conflicts, [{ field: 'jobTitle', lnValue: 'LN title', exchangeValue: 'EX title', winner }]);
      if (winner === 'ln') assert.deepEqual(a.exPatch, { jobTitle: 'LN title' });
      else assert.deepEqual(a.lnPatch, { jobTitle: 'EX title' });
    });
  }
  it('B-C4: a company edit in Exchange is not sent to LN, only recorded', () => {
    const a = sync(planContact({ link: link('C1', 'X1'), ln: { kind: 'unchanged' }, ex: { kind: 'present', snap: exSnap('X1', { companyName: 'Other Ltd' }, { lnKey: 'C1' }) } }, planCtx()));
    assert.deepEqual(a.lnPatch, {});
    assert.deepEqual(a.exPatch, {});
    assert.equal(a.lastAction, 'recorded');
    assert.equal(a.exValues.companyName, 'Other Ltd');
  });
  it('B-C2: an address change sends the whole work address', () => {
    const base = { street: 'Main 1', city: 'Ede', country: 'NL' };
    const a = sync(planContact({ link: link('C1', 'X1', base), ln: { kind: 'present', snap: lnSnap('C1', { ...base, city: 'Arnhem' }) }, ex: { kind: 'unchanged' } }, planCtx()));
    assert.deepEqual(a.exPatch, { street: 'Main 1', city: 'Arnhem', postalCode: '', state: '', country: 'NL' });
  });
  it('B-C7: deleted in LN removes the copy; a moved-out copy only loses its link', () => {
    assert.equal(planContact({ link: link('C1', 'X1'), ln: { kind: 'deleted' }, ex: { kind: 'unchanged' } }, planCtx()).type, 'remove-exchange');
    assert.equal(planContact({ link: link('C1', 'X1'), ln: { kind: 'deleted' }, ex: { kind: 'moved-out' } }, planCtx()).type, 'drop-link');
  });
  it('B-C8: Synchronize cleared removes the copy', () => {
    const a = planContact({ link: link('C1', 'X1'), ln: { kind: 'left-group', snap: lnSnap('C1', {}, { synchronize: false }) }, ex: { kind: 'unchanged' } }, planCtx());
    assert.equal(a.type, 'remove-exchange');
    assert.match(a.reason, /B-C8/);
  });
  it('B-C9: moved out of the sync folder excludes, in both modes', () => {
    for (const mode of ['two-way', 'ln-to-exchange'] as const) {
      assert.equal(planContact({ link: link('C1', 'X1'), ln: { kind: 'unchanged' }, ex: { kind: 'moved-out' } }, planCtx(mode)).type, 'exclude');
    }
  });
  it('B-C10: deleted in Exchange excludes in two-way mode and recreates in ln-to-exchange mode', () => {
    assert.equal(planContact({ link: link('C1', 'X1'), ln: { kind: 'unchanged' }, ex: { kind: 'deleted' } }, planCtx('two-way')).type, 'exclude');
    const a = planContact({ link: link('C1', 'X1'), ln: { kind: 'unchanged' }, ex: { kind: 'deleted' } }, planCtx('ln-to-exchange'));
    assert.equal(a.type, 'create-exchange');
    assert.ok((a).previousLink);
  });
  it('B-C11: in ln-to-exchange mode an Outlook edit is not sent to LN, and the next LN change rewrites the copy', () => {
    const l = link('C1', 'X1');
    const edit = sync(planContact({ link: l, ln: { kind: 'unchanged' }, ex: { kind: 'present', snap: exSnap('X1', { homePhone: '999' }, { lnKey: 'C1' }) } }, planCtx('ln-to-exchange')));
    assert.deepEqual(edit.lnPatch, {});
    assert.deepEqual(edit.exPatch, {});
    const recorded = { ...l, exValues: edit.exValues, exHash: 'changed' };
    const next = sync(planContact({ link: recorded, ln: { kind: 'present', snap: lnSnap('C1', { jobTitle: 'New' }) }, ex: { kind: 'unchanged' } }, planCtx('ln-to-exchange')));
    assert.deepEqual(next.exPatch, { jobTitle: 'New', homePhone: '' });
  });
});

describe('contact planner: excluded links', () => {
  const excluded = link('C1', 'X1', {}, { state: 'excluded' });
  it('B-C9: an excluded contact is not recreated even when changed in LN', () => {
    assert.equal(planContact({ link: excluded, ln: { kind: 'present', snap: lnSnap('C1', { jobTitle: 'x' }) }, ex: { kind: 'unchanged' } }, planCtx()).type, 'noop');
  });
  it('B-C9: moved back into the sync folder ends the exclusion', () => {
    const a = sync(planContact({ link: excluded, ln: { kind: 'unchanged' }, ex: { kind: 'present', snap: exSnap('X1', {}, { lnKey: 'C1' }) } }, planCtx()));
    assert.equal(a.lastAction, 'relinked');
  });
  it('B-C7: deleted in LN drops an exclusion and leaves the copy alone', () => {
    assert.equal(planContact({ link: excluded, ln: { kind: 'deleted' }, ex: { kind: 'unchanged' } }, planCtx()).type, 'drop-link');
  });
});
