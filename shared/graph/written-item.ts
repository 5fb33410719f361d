// Helpers both Graph stores use after a batched write: parse the item Graph returned, and work out its
// extended properties (Graph echoes only some of them) from what was there, what was sent and what came back.
import { z } from 'zod';
import { ExternalServiceError } from '../domain/external-service-error';
import type { WriteResult } from '../sync/ports/exchange-contact-port';
import type { GraphExtendedProperty } from './graph-contact-schema';
import { samePropertyId } from './graph-extended-properties';

export function parseWritten<T>(schema: z.ZodType<T>, body: unknown, label: string): WriteResult<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, error: new ExternalServiceError('graph', 200, 'UnexpectedResponse', `${label} JSON: ${parsed.error.message}`) };
}

/** The extended properties a request body carried. */
export function sentExtended(body: Record<string, unknown>): GraphExtendedProperty[] {
  const parsed = z.array(z.object({ id: z.string(), value: z.string() })).safeParse(body['singleValueExtendedProperties']);
  return parsed.success ? parsed.data : [];
}

/** Later layers win per property id (ids compare as Exchange compares them). */
export function mergeById(...layers: GraphExtendedProperty[][]): GraphExtendedProperty[] {
  const out: GraphExtendedProperty[] = [];
  for (const property of layers.flat()) {
    const at = out.findIndex((p) => samePropertyId(p.id, property.id));
    if (at >= 0) out[at] = property;
    else out.push(property);
  }
  return out;
}
