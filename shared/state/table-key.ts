// Escapes arbitrary text into a Table Storage PartitionKey/RowKey segment and back.
// Forbidden characters (/ \ # ? and control chars), the escape char % and a few OData-awkward ones become %XX.

/** Letters, digits, `-`, `_`, `.` and `~` stay; everything else is percent-encoded as UTF-8. */
export function escapeKey(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function unescapeKey(key: string): string {
  return decodeURIComponent(key);
}
