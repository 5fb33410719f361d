// Types a failure to get a Graph access token (B-L7): refused credentials (invalid_client, invalid_grant, …) are
// permanent and name the credentials to check; anything else (network, endpoint down) stays transient.
import { z } from 'zod';
import { ExternalServiceError } from '../domain/external-service-error';

/** What @azure/identity's AuthenticationError carries: the token endpoint's OAuth error. */
const authenticationErrorShape = z.object({
  statusCode: z.number().optional(),
  errorResponse: z.object({ error: z.string(), errorDescription: z.string().optional() }),
});
const aggregateShape = z.object({ errors: z.array(z.unknown()) });

const CREDENTIAL_ERRORS: Record<string, string> = {
  invalid_client: 'Microsoft Entra ID refused the client id or secret of the app registration (AZURE_CLIENT_ID / AZURE_CLIENT_SECRET)',
  unauthorized_client: 'Microsoft Entra ID refused the app registration (AZURE_CLIENT_ID) for this tenant (AZURE_TENANT_ID)',
  invalid_grant: 'Microsoft Entra ID refused the credentials of the app registration (AZURE_CLIENT_ID / AZURE_CLIENT_SECRET or certificate)',
  invalid_request: 'Microsoft Entra ID refused the token request: check AZURE_TENANT_ID and AZURE_CLIENT_ID',
};

export function graphTokenError(err: unknown): ExternalServiceError {
  if (err instanceof ExternalServiceError) return err;
  const refusal = oauthRefusal(err);
  if (refusal) {
    const explanation = CREDENTIAL_ERRORS[refusal.error];
    const detail = refusal.errorDescription?.split(/\r?\n/)[0] ?? refusal.error;
    if (explanation) return new ExternalServiceError('graph', 401, refusal.error, `Graph token request refused (${detail}) — ${explanation}`);
  }
  if (err instanceof Error && err.name === 'CredentialUnavailableError') {
    return new ExternalServiceError('graph', 401, 'CredentialUnavailable', `no credentials for Graph: set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or use a managed identity (${err.message.split(/\r?\n/)[0] ?? ''})`);
  }
  return new ExternalServiceError('graph', 0, 'TokenUnavailable', `Graph token request failed: ${err instanceof Error ? err.message : String(err)}`);
}

function oauthRefusal(err: unknown): { error: string; errorDescription?: string | undefined } | undefined {
  const direct = authenticationErrorShape.safeParse(err);
  if (direct.success) return direct.data.errorResponse;
  const chain = aggregateShape.safeParse(err); // DefaultAzureCredential: the first credential that got an answer
  if (!chain.success) return undefined;
  for (const inner of chain.data.errors) {
    const parsed = authenticationErrorShape.safeParse(inner);
    if (parsed.success) return parsed.data.errorResponse;
  }
  return undefined;
}
