// OAuth 2.0 access tokens for the ION API gateway: password grant from the `.ionapi` file, cached, refreshed.
// `invalidate()` is the 401 path; `staticTokenProvider` serves fixed tokens to simulators and tests.
import { z } from 'zod';
import { ExternalServiceError } from '../domain/external-service-error';
import { describeZodError } from './describe-zod-error';
import type { LnOAuthCredentials } from './ionapi';

export interface LnTokenProvider {
  getToken(): Promise<string>;
  /** Forgets the cached access token (it was refused); the next `getToken` fetches a new one. */
  invalidate(): void;
}

export function staticTokenProvider(token: string): LnTokenProvider {
  return { getToken: async () => token, invalidate: () => undefined };
}

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive(),
  refresh_token: z.string().min(1).optional(),
  token_type: z.string().optional(),
});

const tokenErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

export interface IonApiTokenProviderOptions {
  credentials: LnOAuthCredentials;
  fetch?: typeof fetch;
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
  /** Renew this long before expiry (capped at half the token lifetime). Default 60 s. */
  refreshMarginSeconds?: number;
  timeoutMs?: number;
}

interface CachedToken {
  accessToken: string;
  refreshToken: string | undefined;
  renewAt: number;
}

export class IonApiTokenProvider implements LnTokenProvider {
  private cached: CachedToken | undefined;
  private refreshToken: string | undefined;
  private inFlight: Promise<string> | undefined;
  private readonly fetchFn: typeof fetch;
  private readonly now: () => number;

  constructor(private readonly options: IonApiTokenProviderOptions) {
    this.fetchFn = options.fetch ?? fetch;
    this.now = options.now ?? Date.now;
  }

  async getToken(): Promise<string> {
    if (this.cached && this.now() < this.cached.renewAt) return this.cached.accessToken;
    // Concurrent callers share one token request.
    this.inFlight ??= this.renew().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  invalidate(): void {
    if (this.cached) this.refreshToken = this.cached.refreshToken;
    this.cached = undefined;
  }

  private async renew(): Promise<string> {
    const refreshToken = this.cached?.refreshToken ?? this.refreshToken;
    this.cached = undefined;
    if (refreshToken) {
      try {
        return await this.request({ grant_type: 'refresh_token', refresh_token: refreshToken });
      } catch {
        // An expired or revoked refresh token: fall back to the password grant.
      }
    }
    const { credentials } = this.options;
    return this.request({ grant_type: 'password', username: credentials.username, password: credentials.password });
  }

  private async request(grant: Record<string, string>): Promise<string> {
    const { credentials } = this.options;
    const body = new URLSearchParams({ ...grant, client_id: credentials.clientId, client_secret: credentials.clientSecret });
    let response: Response;
    try {
      response = await this.fetchFn(credentials.tokenUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: body.toString(),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
    } catch (err) {
      throw new ExternalServiceError('ln', 0, 'NetworkError', `token request failed: ${(err as Error).message}`);
    }
    const json: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const parsed = tokenErrorSchema.safeParse(json);
      const code = parsed.success ? parsed.data.error : `HTTP${response.status}`;
      const message = parsed.success ? (parsed.data.error_description ?? parsed.data.error) : 'token request refused';
      throw new ExternalServiceError('ln', response.status, code, `${grant.grant_type} grant: ${message}${CREDENTIAL_ERRORS[code] ?? ''}`);
    }
    const parsed = tokenResponseSchema.safeParse(json);
    if (!parsed.success) throw new Error(`LN token response invalid: ${describeZodError(parsed.error)}`);
    const lifetimeMs = parsed.data.expires_in * 1000;
    const marginMs = Math.min((this.options.refreshMarginSeconds ?? 60) * 1000, lifetimeMs / 2);
    this.cached = {
      accessToken: parsed.data.access_token,
      refreshToken: parsed.data.refresh_token ?? refreshTokenOf(grant),
      renewAt: this.now() + lifetimeMs - marginMs,
    };
    this.refreshToken = this.cached.refreshToken;
    return parsed.data.access_token;
  }
}

/** OAuth 2.0 (RFC 6749 §5.2) errors that only new credentials fix: the message says which (400/401 ⇒ not retried). */
const CREDENTIAL_ERRORS: Record<string, string> = {
  invalid_client: ' — LN refused the client id or secret of the .ionapi credentials (ci/cs)',
  unauthorized_client: ' — LN refused the client id of the .ionapi credentials (ci)',
  invalid_grant: ' — LN refused the service account of the .ionapi credentials (saak/sask)',
};

/** A refresh response may omit a new refresh token; the old one stays valid then. */
function refreshTokenOf(grant: Record<string, string>): string | undefined {
  return grant.grant_type === 'refresh_token' ? grant.refresh_token : undefined;
}
