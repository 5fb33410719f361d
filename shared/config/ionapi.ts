// Reads `.ionapi` text for configuration: reuses the LN module's schema, reports problems instead of throwing.
// Token URL is `{pu}{ot}`, LN OData base URL is `{iu}/{ti}/LN/lnapi/odata`.
import { ionApiFileSchema, ionApiTokenUrl, lnODataBaseUrl, type IonApiFile } from '../ln/ionapi';

export type Ionapi = IonApiFile;
export const ionapiTokenUrl = ionApiTokenUrl;
export const ionapiLnBaseUrl = lnODataBaseUrl;

/** Parses .ionapi text; returns the problem (field names only, never values) instead of throwing. */
export function parseIonapi(text: string): { ok: true; value: Ionapi } | { ok: false; problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'is not valid JSON' };
  }
  const result = ionApiFileSchema.safeParse(json);
  if (result.success) return { ok: true, value: result.data };
  const fields = [...new Set(result.error.issues.map((i) => String(i.path[0] ?? '(root)')))];
  return { ok: false, problem: `.ionapi content has missing or invalid fields: ${fields.join(', ')}` };
}
