// The simulator's OAuth token endpoint: password and refresh_token grants, expiring bearer tokens.
// Checks client id/secret and the service-account credentials exactly as the `.ionapi` file holds them.
import { randomBytes } from 'node:crypto';

export interface LnTokenCredentials {
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
}

export interface TokenAnswer {
  status: number;
  body: Record<string, unknown>;
}

export class LnTokenIssuer {
  private readonly accessTokens = new Map<string, number>();
  private readonly refreshTokens = new Set<string>();
  issuedCount = 0;

  constructor(
    private readonly credentials: LnTokenCredentials,
    private readonly lifetimeSeconds: number,
  ) {}

  handle(form: URLSearchParams): TokenAnswer {
    const c = this.credentials;
    if (form.get('client_id') !== c.clientId || form.get('client_secret') !== c.clientSecret) {
      return { status: 401, body: { error: 'invalid_client', error_description: 'unknown client or wrong secret' } };
    }
    const grant = form.get('grant_type');
    if (grant === 'password') {
      if (form.get('username') !== c.username || form.get('password') !== c.password) {
        return { status: 400, body: { error: 'invalid_grant', error_description: 'wrong service-account credentials' } };
      }
      return this.issue();
    }
    if (grant === 'refresh_token') {
      const refresh = form.get('refresh_token') ?? '';
      if (!this.refreshTokens.delete(refresh)) {
        return { status: 400, body: { error: 'invalid_grant', error_description: 'unknown or used refresh token' } };
      }
      return this.issue();
    }
    return { status: 400, body: { error: 'unsupported_grant_type', error_description: `grant_type '${grant ?? ''}'` } };
  }

  isValid(token: string): boolean {
    const expiresAt = this.accessTokens.get(token);
    return expiresAt !== undefined && Date.now() < expiresAt;
  }

  /** Every issued access token stops working; refresh tokens stay valid. */
  expireAll(): void {
    this.accessTokens.clear();
  }

  private issue(): TokenAnswer {
    const access = randomBytes(18).toString('base64url');
    const refresh = randomBytes(18).toString('base64url');
    this.accessTokens.set(access, Date.now() + this.lifetimeSeconds * 1000);
    this.refreshTokens.add(refresh);
    this.issuedCount++;
    return {
      status: 200,
      body: { access_token: access, token_type: 'Bearer', expires_in: this.lifetimeSeconds, refresh_token: refresh },
    };
  }
}
