// Maps failures of @azure/data-tables calls to ExternalServiceError with service 'storage'.
// Keeps the HTTP status (0 for network failures) and the Table service error code; never the request.

import { ExternalServiceError } from '../domain/external-service-error';

interface RestErrorLike {
  statusCode?: unknown;
  code?: unknown;
  message?: unknown;
}

/** HTTP status of a Table Storage failure, or undefined when there was no response. */
export function storageStatus(err: unknown): number | undefined {
  const status = (err as RestErrorLike | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

export function toStorageError(err: unknown, operation: string): ExternalServiceError {
  if (err instanceof ExternalServiceError) return err;
  const e = (err ?? {}) as RestErrorLike;
  const status = storageStatus(err) ?? 0;
  const code = typeof e.code === 'string' && e.code !== '' ? e.code : status === 0 ? 'NetworkError' : `Http${status}`;
  const detail = typeof e.message === 'string' ? (e.message.split('\n')[0] ?? '') : String(err);
  return new ExternalServiceError('storage', status, code, `${operation} failed: ${detail}`);
}

/** Runs a storage call and rethrows any failure as ExternalServiceError. */
export async function storageCall<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toStorageError(err, operation);
  }
}
