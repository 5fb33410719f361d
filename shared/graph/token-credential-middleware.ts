// Graph SDK middleware that adds `Authorization: Bearer …` from an @azure/identity TokenCredential.
// Used instead of the SDK's AuthenticationHandler, which only authenticates https Graph hosts (not a local simulator).
import type { TokenCredential } from '@azure/identity';
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { ExternalServiceError } from '../domain/external-service-error';
import { fetchHeaders } from './fetch-headers';
import { graphTokenError } from './graph-token-error';
import { requireNext } from './require-next';

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
/** A cached token is renewed this long before it expires. */
const EXPIRY_MARGIN_MS = 5 * 60_000;

export class TokenCredentialMiddleware implements Middleware {
  private next?: Middleware;
  private cached?: { token: string; expiresOnTimestamp: number };

  constructor(private readonly credential: TokenCredential) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    context.options ??= {};
    fetchHeaders.set(context.options, 'Authorization', `Bearer ${await this.token()}`);
    await requireNext(this.next).execute(context);
  }

  private async token(): Promise<string> {
    if (this.cached && this.cached.expiresOnTimestamp - EXPIRY_MARGIN_MS > Date.now()) return this.cached.token;
    const access = await this.credential.getToken(GRAPH_SCOPE).catch((err: unknown) => {
      throw graphTokenError(err); // B-L7: refused credentials are permanent and say which ones
    });
    if (access === null) throw new ExternalServiceError('graph', 401, 'NoToken', 'the credential returned no access token for Graph');
    this.cached = { token: access.token, expiresOnTimestamp: access.expiresOnTimestamp };
    return access.token;
  }
}
