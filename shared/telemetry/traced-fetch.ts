// Wraps a fetch function so each HTTP call is a client span under the current job (B-O1) and 429s are counted per
// service (B-O2). The one wrapping point of the LN client; the Graph and Table adapters have their own below.
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { instruments, tracer } from './instruments';

export type TracedService = 'ln' | 'graph' | 'table';

/** Records one finished HTTP exchange on `span` and counts throttling. */
export function endHttpSpan(service: TracedService, span: import('@opentelemetry/api').Span, status: number | undefined, err?: unknown): void {
  if (status !== undefined) {
    span.setAttribute('http.response.status_code', status);
    // Table Storage says "server busy" with 503 where Graph and LN say 429.
    if (status === 429 || (service === 'table' && status === 503)) instruments().throttled.add(1, { 'sync.service': service });
    if (status >= 400) span.setStatus({ code: SpanStatusCode.ERROR, message: `HTTP ${status}` });
  }
  if (err !== undefined) {
    const error = err instanceof Error ? err : new Error(typeof err === 'string' ? err : 'request failed');
    span.recordException(error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
  }
  span.end();
}

/** Starts a client span named after the service, method and path (no query: it may carry names and filters). */
export function startHttpSpan(service: TracedService, method: string, url: string): import('@opentelemetry/api').Span {
  const parsed = new URL(url);
  return tracer().startSpan(`${service.toUpperCase()} ${method} ${parsed.pathname}`, {
    kind: SpanKind.CLIENT,
    attributes: { 'http.request.method': method, 'server.address': parsed.hostname, 'url.path': parsed.pathname, 'sync.service': service },
  });
}

export function tracedFetch(service: TracedService, inner: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url;
    const method = init?.method ?? (typeof input === 'object' && 'method' in input ? input.method : 'GET');
    const span = startHttpSpan(service, method.toUpperCase(), url);
    try {
      const response = await inner(input, init);
      endHttpSpan(service, span, response.status);
      return response;
    } catch (err) {
      endHttpSpan(service, span, undefined, err);
      throw err;
    }
  };
}

/** Exchange throttles each part of a $batch on its own: 429 parts inside a 200 batch answer count too (B-O2). */
export function countThrottledBatchParts(count: number): void {
  instruments().throttled.add(count, { 'sync.service': 'graph', 'sync.batch.part': true });
}
