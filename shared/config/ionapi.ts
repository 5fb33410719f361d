// Reads the fields of an Infor ION API credentials file (.ionapi) the LN client needs.
// Token URL is `{pu}{ot}`, LN OData base URL is `{iu}/{ti}/LN/lnapi/odata`.

import { z } from 'zod';

export const ionapiSchema = z.object({
  ti: z.string().min(1),
  ci: z.string().min(1),
  cs: z.string().min(1),
  iu: z.url(),
  pu: z.url(),
  ot: z.string().min(1),
  saak: z.string().min(1),
  sask: z.string().min(1),
});

export type Ionapi = z.infer<typeof ionapiSchema>;

export function ionapiTokenUrl(ionapi: Ionapi): string {
  return `${ionapi.pu}${ionapi.ot}`;
}

export function ionapiLnBaseUrl(ionapi: Ionapi): string {
  return `${ionapi.iu.replace(/\/+$/, '')}/${ionapi.ti}/LN/lnapi/odata`;
}

/** Parses .ionapi text; returns the problem (field names only, never values) instead of throwing. */
export function parseIonapi(text: string): { ok: true; value: Ionapi } | { ok: false; problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'is not valid JSON' };
  }
  const result = ionapiSchema.safeParse(json);
  if (result.success) return { ok: true, value: result.data };
  const fields = [...new Set(result.error.issues.map((i) => String(i.path[0] ?? '(root)')))];
  return { ok: false, problem: `.ionapi content has missing or invalid fields: ${fields.join(', ')}` };
}
