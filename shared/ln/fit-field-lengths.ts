// Shortens the strings of an LN write body to their fields' lengths (B-C12), and words the warning for the item.
// Pure: the lengths come in as a function of the property path (`JobTitle`, `WorkAddress/Country`).

/** MaxLength of a property path, undefined when the field has no known limit. */
export type FieldLengthOf = (path: string) => number | undefined;

export interface ShortenedField {
  /** Property path, or a description such as `company name`. */
  path: string;
  limit: number;
  /** What was stored instead, when worth naming (e.g. the account a contact got). */
  note?: string;
}

export interface FittedBody<T> {
  body: T;
  shortened: ShortenedField[];
  /** Identifiers (`exact` paths) longer than their field: shortening them would break lookups, so nothing is cut. */
  tooLong: ShortenedField[];
}

/** `text` cut to `max` characters (whole code points, as OData counts them), trailing spaces dropped. */
export function shortenText(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max).join('').trimEnd();
}

/** Every string of `body` (nested objects included; arrays are left to the caller) cut to its field's length. */
export function fitFieldLengths<T extends object>(body: T, lengthOf: FieldLengthOf, exact: ReadonlySet<string> = new Set()): FittedBody<T> {
  const shortened: ShortenedField[] = [];
  const tooLong: ShortenedField[] = [];
  const fit = (data: Record<string, unknown>, prefix: string): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(data)) {
      const path = `${prefix}${key}`;
      const limit = lengthOf(path);
      if (typeof value === 'string' && limit !== undefined && [...value].length > limit) {
        if (exact.has(path)) {
          tooLong.push({ path, limit });
          out[key] = value;
        } else {
          shortened.push({ path, limit });
          out[key] = shortenText(value, limit);
        }
      } else {
        out[key] = isPlainObject(value) ? fit(value, `${path}/`) : value;
      }
    }
    return out;
  };
  return { body: fit(body as Record<string, unknown>, '') as T, shortened, tooLong };
}

/** One warning per item naming every shortened field; undefined when nothing was shortened. */
export function fieldLengthWarning(item: string, shortened: readonly ShortenedField[]): string | undefined {
  if (shortened.length === 0) return undefined;
  const fields = shortened.map((f) => `${f.path} (${f.limit} characters${f.note ? `; ${f.note}` : ''})`);
  return `B-C12: ${item} had values longer than LN's fields, shortened to fit: ${fields.join(', ')}`;
}

/** The message of a refused write: an identifier does not fit its LN field. */
export function tooLongMessage(item: string, tooLong: readonly ShortenedField[]): string {
  const fields = tooLong.map((f) => `${f.path} holds ${f.limit} characters`);
  return `${item} cannot be written: ${fields.join(', ')} in LN and the value is longer; it is an identifier and is not shortened (widen the field in LN)`;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
