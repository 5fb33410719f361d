// Stores a value as JSON text in one or more string properties (`name`, `name_1`, …) and reads it back validated.
// Table Storage caps a string property at 64 KiB (32K UTF-16 chars); longer JSON is split, the entity stays under 1 MiB.

import { z } from 'zod';
import { parseRow } from './parse-row';

/** Characters per property: below the 32,768 UTF-16 code units a string property may hold. */
export const JSON_CHUNK_CHARS = 30_000;

/** Sets `name` (and `name_1`, `name_2`, … when needed) on `entity` to the JSON text of `value`. */
export function putJson(entity: Record<string, unknown>, name: string, value: unknown): void {
  const text = JSON.stringify(value);
  let start = 0;
  let part = 0;
  do {
    let end = Math.min(start + JSON_CHUNK_CHARS, text.length);
    // Never cut between the two halves of a surrogate pair.
    if (end < text.length && /[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end--;
    entity[part === 0 ? name : `${name}_${part}`] = text.slice(start, end);
    start = end;
    part++;
  } while (start < text.length);
}

/**
 * The value stored by putJson under `name`, validated with `schema`; undefined when the row has no such property.
 * Text that is not JSON, or JSON that does not fit, is an InvalidStoredRow error naming the table and property.
 */
export function readJson<S extends z.ZodType>(row: Record<string, unknown>, name: string, schema: S, table: string): z.output<S> | undefined {
  const first = row[name];
  if (first === undefined) return undefined;
  const parts: unknown[] = [first];
  for (let part = 1; row[`${name}_${part}`] !== undefined; part++) parts.push(row[`${name}_${part}`]);
  const text = parts.every((p): p is string => typeof p === 'string') ? parts.join('') : first;
  return parseRow(z.object({ [name]: jsonText(schema) }), { [name]: text }, table)[name];
}

function jsonText<S extends z.ZodType>(schema: S) {
  return z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'is not valid JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);
}
