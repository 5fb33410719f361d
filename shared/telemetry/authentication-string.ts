// Reads APPLICATIONINSIGHTS_AUTHENTICATION_STRING ("Authorization=AAD;ClientId=…"), the setting Azure uses to say
// that telemetry must be sent with an Entra token of the app's managed identity (system-assigned without ClientId).
import { z } from 'zod';

const pairsSchema = z.object({
  Authorization: z.literal('AAD', { error: 'Authorization must be AAD' }),
  ClientId: z.guid({ error: 'ClientId must be the managed identity client id (a GUID)' }).optional(),
});

export type TelemetryAuthentication = { kind: 'managed-identity'; clientId?: string };

/** Undefined when the setting is blank; throws naming the setting when it is malformed. */
export function parseAuthenticationString(raw: string | undefined): TelemetryAuthentication | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const pairs = Object.fromEntries(raw.split(';').filter((p) => p.trim() !== '').map((p) => {
    const at = p.indexOf('=');
    return at < 0 ? [p.trim(), ''] : [p.slice(0, at).trim(), p.slice(at + 1).trim()];
  }));
  const parsed = pairsSchema.safeParse(pairs);
  if (!parsed.success) throw new Error(`APPLICATIONINSIGHTS_AUTHENTICATION_STRING: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return parsed.data.ClientId ? { kind: 'managed-identity', clientId: parsed.data.ClientId } : { kind: 'managed-identity' };
}
