// Turns a zod error into one line naming each bad field and what was wrong with it.
// Values are never echoed, so secrets in the input cannot leak into messages or logs.
import type { z } from 'zod';

export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}
