// Test helper: one embedded Azurite Table service per test file, stopped when the file's tests end.
// Also hands out random table prefixes so suites and tests never see each other's rows.

import { after } from 'node:test';
import { randomBytes } from 'node:crypto';
import { startEmbeddedAzurite, type EmbeddedAzurite, type EmbeddedAzuriteOptions } from '../../shared/local/embedded-azurite';
import { TableClientFactory } from '../../shared/state/table-client-factory';

/**
 * Starts Azurite and registers its `stop()` with node:test's `after` of the calling scope — synchronously,
 * so it may be called at a file's top level (`const azurite = startAzurite();`) as well as in `before`.
 */
export function startAzurite(options: EmbeddedAzuriteOptions = {}): Promise<EmbeddedAzurite> {
  const started = startEmbeddedAzurite(options);
  after(async () => {
    await (await started).stop();
  });
  return started;
}

/** A table prefix of letters and digits, unique enough for one test run. */
export function randomTablePrefix(): string {
  return `t${randomBytes(5).toString('hex')}`;
}

/** A factory over the given Azurite whose tables no other test shares. */
export function isolatedTables(azurite: EmbeddedAzurite): TableClientFactory {
  return new TableClientFactory({ connectionString: azurite.connectionString, tablePrefix: randomTablePrefix() });
}
