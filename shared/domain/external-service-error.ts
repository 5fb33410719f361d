// Typed failure of a call to LN or Graph: carries the HTTP status and whether a retry can help.
// The worker uses `transient` to choose between retry with backoff and dead-lettering.

export type ExternalService = 'ln' | 'graph' | 'storage';

export class ExternalServiceError extends Error {
  constructor(
    readonly service: ExternalService,
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(`${service} ${status} ${code}: ${message}`);
    this.name = 'ExternalServiceError';
  }

  /** 408, 409 (conflict on a concurrent write), 412, 429 and 5xx can succeed on retry; other 4xx cannot. */
  get transient(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 409 || this.status === 412 || this.status === 429 || this.status >= 500;
  }
}

/** Thrown by stores when an entity's ETag no longer matches (HTTP 412). */
export function isPreconditionFailed(err: unknown): boolean {
  return err instanceof ExternalServiceError && err.status === 412;
}

export function isNotFound(err: unknown): boolean {
  return err instanceof ExternalServiceError && err.status === 404;
}
