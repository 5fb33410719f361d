// Loads AppConfig once at start-up from the environment, with local.settings.json `Values` underneath (env wins).
// Throws ConfigError listing every bad or missing variable by name, never by value.
// A Key Vault reference App Service could not resolve arrives as its literal text and is refused by name.

import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { appConfigSchema, type AppConfig } from './config-schema';
import { ConfigError } from './config-error';

const localSettingsSchema = z.object({
  Values: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});

/** Blank values count as unset, as the Functions host and shells produce them for "not configured". */
function setValues(source: Record<string, string | number | boolean | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (value === undefined) continue;
    const text = String(value);
    if (text.trim() !== '') out[name] = text;
  }
  return out;
}

/** The `Values` of a local.settings.json (none when the file is absent), blank ones left out. */
export function readLocalSettings(path: string | null): Record<string, string> {
  if (path === null || !existsSync(path)) return {};
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new ConfigError([`${path}: is not valid JSON`]);
  }
  const parsed = localSettingsSchema.safeParse(json);
  if (!parsed.success) throw new ConfigError([`${path}: Values must be an object of strings, numbers or booleans`]);
  return setValues(parsed.data.Values ?? {});
}

function describeIssue(issue: z.core.$ZodIssue): string {
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

/** App Service leaves `@Microsoft.KeyVault(...)` as it is when it cannot read the secret (no role, wrong identity, no secret). */
const UNRESOLVED_KEY_VAULT_REFERENCE = /^\s*@Microsoft\.KeyVault\s*\(/i;

function unresolvedReferences(values: Record<string, string>): string[] {
  return Object.entries(values)
    .filter(([, value]) => UNRESOLVED_KEY_VAULT_REFERENCE.test(value))
    .map(([name]) => `${name}: is an unresolved Key Vault reference: App Service could not read the secret (check that it exists, that the app's identity has Key Vault Secrets User on the vault, and keyVaultReferenceIdentity)`);
}

export function loadConfig(env: Record<string, string | undefined> = process.env, localSettingsPath: string | null = 'local.settings.json'): AppConfig {
  const values = { ...readLocalSettings(localSettingsPath), ...setValues(env) };
  const unresolved = unresolvedReferences(values);
  if (unresolved.length > 0) throw new ConfigError(unresolved);
  const result = appConfigSchema.safeParse(values);
  if (!result.success) throw new ConfigError(result.error.issues.map(describeIssue));
  return result.data;
}
