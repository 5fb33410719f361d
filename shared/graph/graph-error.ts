// Turns a failed Graph answer (status, JSON error body, Retry-After) into an ExternalServiceError.
// Graph's own error code (e.g. ErrorItemNotFound, ApplicationThrottled) is kept as the code.
import { z } from 'zod';
import { ExternalServiceError } from '../domain/external-service-error';
import { retryAfterSeconds } from './retry-after-seconds';

const graphErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string().optional() }),
});

export function graphError(status: number, body: unknown, retryAfter?: string | null): ExternalServiceError {
  const parsed = graphErrorBody.safeParse(body);
  const code = parsed.success ? parsed.data.error.code : `Http${status}`;
  const message = parsed.success ? (parsed.data.error.message ?? code) : `Graph answered ${status} without an error body`;
  return new ExternalServiceError('graph', status, code, message, retryAfterSeconds(retryAfter));
}
