// A TokenCredential that always returns one fixed bearer token.
// For the Graph simulator and local runs only; production uses DefaultAzureCredential.
import type { AccessToken, TokenCredential } from '@azure/identity';

export class StaticTokenCredential implements TokenCredential {
  constructor(private readonly token: string) {
    if (token === '') throw new Error('StaticTokenCredential: the token must not be empty');
  }

  async getToken(): Promise<AccessToken> {
    return { token: this.token, expiresOnTimestamp: Date.now() + 3_600_000 };
  }
}
