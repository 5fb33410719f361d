// Tests of reading Settings('default'), Users and Employees from the LN simulator (behaviour B-L2).
// A bad Settings value fails with an error that names the field.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { defaultLnServiceNames as n } from '../../shared/ln/ln-service-names';
import { LnSyncSettingsReader } from '../../shared/ln/ln-sync-settings-reader';
import { startLnHarness, type LnHarness } from './ln-test-harness';

describe('LnSyncSettingsReader', () => {
  let h: LnHarness;
  let reader: LnSyncSettingsReader;
  beforeEach(async () => {
    h = await startLnHarness({ pageSize: 1 });
    reader = new LnSyncSettingsReader(h.client);
  });
  afterEach(() => h.close());

  it('B-L2: reads typed settings, users and employees', async () => {
    h.sim.setSettings({ ContactPullInterval: { Number: 1, Unit: 'Hours' }, EnablePushSynchronization: true });
    const settings = await reader.readSettings();
    assert.deepEqual(settings, {
      SynchronizeContacts: true,
      SynchronizeActivities: true,
      ContactPullInterval: { Number: 1, Unit: 'Hours' },
      CalendarPullInterval: { Number: 5, Unit: 'Minutes' },
      EnablePushSynchronization: true,
    });
    h.sim.putUser({ User: 'zed', Name: 'Zed', Active: false, EmailAddress: 'zed@contoso.example' });
    const users = await reader.listUsers();
    assert.deepEqual(
      users.map((u) => [u.User, u.Active]),
      [
        ['adele', true],
        ['megan', true],
        ['zed', false],
      ],
    );
    const employees = await reader.listEmployees();
    assert.deepEqual(
      employees.map((e) => e.User),
      ['adele', 'megan'],
    );
  });

  it('B-L2: a bad Settings value gives an error naming the field', async () => {
    // Written straight into the store, as a misconfigured LN would serve it.
    h.sim.state.set(n.exchangeSync, n.settings).store.put({
      SynchronizeContacts: true,
      SynchronizeActivities: true,
      ContactPullInterval: { Number: 15, Unit: 'Weeks' },
      CalendarPullInterval: { Number: 0, Unit: 'Minutes' },
      EnablePushSynchronization: false,
    });
    await assert.rejects(reader.readSettings(), (err: Error) => {
      assert.match(err.message, /Settings\('default'\)/);
      assert.match(err.message, /ContactPullInterval\.Unit/);
      assert.match(err.message, /CalendarPullInterval\.Number/);
      return true;
    });
  });

  it('missing Settings is an error', async () => {
    h.sim.state.set(n.exchangeSync, n.settings).store.delete('default');
    await assert.rejects(reader.readSettings(), /does not exist/);
  });
});
