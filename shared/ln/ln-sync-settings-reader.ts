// Reads the synchronizer's settings, sync users and employees from LN (ttapi.aadExchangeSync, tcapi.comEmployee).
// Everything is zod-validated; a bad Settings value fails with an error naming the field.
import { lnEmployeeSchema, lnSettingsSchema, lnUserSchema, type LnEmployee, type LnSettings, type LnUser } from './ln-entities';
import type { LnODataClient } from './ln-odata-client';
import { defaultLnServiceNames, type LnServiceNames } from './ln-service-names';
import { odataKeyPath } from './odata-literals';

export class LnSyncSettingsReader {
  private readonly names: LnServiceNames;

  constructor(
    private readonly client: LnODataClient,
    names?: LnServiceNames,
  ) {
    this.names = names ?? defaultLnServiceNames;
  }

  /** `Settings('default')`; missing is an error, since nothing can be scheduled without it. */
  async readSettings(): Promise<LnSettings> {
    const path = odataKeyPath(this.names.settings, 'default');
    const settings = await this.client.get(this.names.exchangeSync, path, lnSettingsSchema);
    if (!settings) throw new Error(`LN ${this.names.exchangeSync}/${this.names.settings}('default') does not exist`);
    return settings;
  }

  async listUsers(): Promise<LnUser[]> {
    return this.client.list(this.names.exchangeSync, this.names.users, {}, lnUserSchema);
  }

  async listEmployees(): Promise<LnEmployee[]> {
    return this.client.list(this.names.employee, this.names.employees, {}, lnEmployeeSchema);
  }
}
