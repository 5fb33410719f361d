// Raised when LN answers 2xx with a body that does not match the expected entity schema.
// Not an ExternalServiceError: retrying cannot fix a contract mismatch, so it must surface as a bug.

export class LnInvalidResponseError extends Error {
  constructor(
    readonly resource: string,
    readonly details: string,
  ) {
    super(`LN ${resource}: unexpected response: ${details}`);
    this.name = 'LnInvalidResponseError';
  }
}
