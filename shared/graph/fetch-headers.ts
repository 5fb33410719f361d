// Case-insensitive read and write of the headers in a fetch RequestInit the Graph SDK hands to middleware.
// The SDK passes a plain object; a Headers instance or tuple list is also handled.
import type { FetchOptions } from '@microsoft/microsoft-graph-client';

export const fetchHeaders = {
  get(options: FetchOptions | undefined, name: string): string | undefined {
    const headers = options?.headers;
    if (headers === undefined) return undefined;
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const lower = name.toLowerCase();
    const entries: Array<[string, string]> = Array.isArray(headers) ? (headers as Array<[string, string]>) : Object.entries(headers as Record<string, string>);
    return entries.find(([k]) => k.toLowerCase() === lower)?.[1];
  },

  set(options: FetchOptions, name: string, value: string): void {
    const headers = options.headers;
    if (headers instanceof Headers) {
      headers.set(name, value);
      return;
    }
    const lower = name.toLowerCase();
    const record: Record<string, string> = Array.isArray(headers) ? Object.fromEntries(headers as Array<[string, string]>) : { ...((headers ?? {}) as Record<string, string>) };
    for (const key of Object.keys(record)) if (key.toLowerCase() === lower) delete record[key];
    record[name] = value;
    options.headers = record;
  },
};
