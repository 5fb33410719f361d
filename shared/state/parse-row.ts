// Validates an entity read back from Table Storage against its zod schema.
// A row that does not fit is reported as a non-retryable storage error naming the table and the fields.

import type { z } from 'zod';
import { ExternalServiceError } from '../domain/external-service-error';

export function parseRow<S extends z.ZodType>(schema: S, row: unknown, table: string): z.output<S> {
  const result = schema.safeParse(row);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.') || '(row)'}: ${i.message}`).join('; ');
  throw new ExternalServiceError('storage', 422, 'InvalidStoredRow', `row in table '${table}' is invalid: ${problems}`);
}
