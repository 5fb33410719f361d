// Runs a read–change–write attempt again when another writer got in between (HTTP 412, 409 or 404 from the write).
// Gives up after MAX_UPDATE_ATTEMPTS with a transient 412 so the caller's own retry policy can take over.

import { setTimeout as sleep } from 'node:timers/promises';
import { RestError } from '@azure/data-tables';
import { ExternalServiceError } from '../domain/external-service-error';
import { storageStatus, toStorageError } from './storage-error';

export const MAX_UPDATE_ATTEMPTS = 5;

/** Statuses a conditional write answers when the row changed, appeared or vanished since it was read. */
const LOST_RACE = new Set([412, 409, 404]);

export async function retryOnConflict<T>(what: string, attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      // A failure of the caller's own code (the change function, row validation) is not a storage failure.
      if (!(err instanceof RestError)) throw err;
      const status = storageStatus(err);
      if (status === undefined || !LOST_RACE.has(status)) throw toStorageError(err, what);
      if (n >= MAX_UPDATE_ATTEMPTS) {
        throw new ExternalServiceError('storage', 412, 'UpdateConflict', `${what} lost to concurrent writers ${MAX_UPDATE_ATTEMPTS} times`);
      }
      // A little jitter keeps competing writers from colliding again in lockstep.
      await sleep(Math.floor(Math.random() * 10 * n));
    }
  }
}
