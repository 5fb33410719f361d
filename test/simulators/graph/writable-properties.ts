// What Graph keeps of a POST/PATCH body: annotations and read-only properties are dropped, a foreign
// `@odata.type` is refused as Graph refuses it. Shared by the contact and event body checks.
import { GraphSimError } from './graph-sim-response';

export function writableProperties(body: Record<string, unknown>, odataType: string, readOnly: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === '@odata.type' && v !== odataType) {
      throw new GraphSimError(400, 'RequestBodyRead', `A type named '${String(v).replace(/^#/, '')}' could not be resolved by the model.`);
    }
    if (k.includes('@') || readOnly.includes(k)) continue;
    out[k] = v;
  }
  return out;
}
