// The `.ionapi` credentials file of an ION API client: schema, parsing, and the LN base URL it implies.
// Only the fields the LN contract needs are required; the rest are kept when present.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { describeZodError } from './describe-zod-error';

const nonEmpty = z.string().trim().min(1);

export const ionApiFileSchema = z.object({
  ti: nonEmpty, // tenant
  cn: z.string().optional(), // connection name
  ci: nonEmpty, // client id
  cs: nonEmpty, // client secret
  iu: z.url(), // ION API gateway URL
  pu: z.url(), // authorization server URL (ends with "/")
  oa: z.string().optional(), // authorization endpoint
  ot: nonEmpty, // token endpoint, relative to pu
  or: z.string().optional(), // revocation endpoint
  ev: z.string().optional(),
  v: z.string().optional(),
  saak: nonEmpty, // service account access key (username)
  sask: nonEmpty, // service account secret key (password)
});

export type IonApiFile = z.output<typeof ionApiFileSchema>;

/** Validates a parsed `.ionapi` JSON object; the error names every bad field (never its value). */
export function parseIonApi(json: unknown): IonApiFile {
  const result = ionApiFileSchema.safeParse(json);
  if (!result.success) throw new Error(`invalid .ionapi file: ${describeZodError(result.error)}`);
  return result.data;
}

export async function readIonApiFile(path: string): Promise<IonApiFile> {
  const text = await readFile(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`invalid .ionapi file ${path}: not JSON`);
  }
  return parseIonApi(json);
}

/** `{iu}/{ti}/LN/lnapi/odata`, without a trailing slash. */
export function lnODataBaseUrl(ionapi: IonApiFile): string {
  return `${ionapi.iu.replace(/\/+$/, '')}/${ionapi.ti}/LN/lnapi/odata`;
}

/** `{pu}{ot}`: where tokens are requested. */
export function ionApiTokenUrl(ionapi: IonApiFile): string {
  return `${ionapi.pu}${ionapi.ot}`;
}

/** What the OAuth password grant needs, from an `.ionapi` file or from separate settings. */
export interface LnOAuthCredentials {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
}

export function ionApiCredentials(file: IonApiFile): LnOAuthCredentials {
  return { tokenUrl: ionApiTokenUrl(file), clientId: file.ci, clientSecret: file.cs, username: file.saak, password: file.sask };
}
