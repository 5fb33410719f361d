// OData v4 literal and key-path builders, so no caller concatenates raw values into a URL or $filter.
// Values go into query strings through URLSearchParams-style encoding in the client, not here.
import { z } from 'zod';

/** `'value'` with every `'` doubled, as OData string literals require. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

const dateTimeOffset = z.iso.datetime({ offset: true });

/** An `Edm.DateTimeOffset` literal (unquoted); rejects anything that is not an ISO 8601 timestamp with zone. */
export function odataDateTime(value: string | Date): string {
  const text = typeof value === 'string' ? value : value.toISOString();
  if (!dateTimeOffset.safeParse(text).success) throw new Error(`not an ISO 8601 date-time with zone: ${JSON.stringify(text)}`);
  return text;
}

/** An enum literal such as `tcapi.comActivity.ActivityType'Appointment'`. */
export function odataEnum(enumType: string, member: string): string {
  return `${enumType}${odataString(member)}`;
}

/** `Contacts('K')` with the key percent-encoded for use as a URL path segment. */
export function odataKeyPath(entitySet: string, key: string | Record<string, string | number>): string {
  const predicate =
    typeof key === 'string'
      ? odataString(key)
      : Object.entries(key)
          .map(([name, v]) => `${name}=${typeof v === 'number' ? String(v) : odataString(v)}`)
          .join(',');
  return `${entitySet}(${encodeURIComponent(predicate)})`;
}
