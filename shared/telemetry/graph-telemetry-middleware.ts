// Graph SDK middleware placed right before the HTTP handler: every request that goes on the wire (each retry too)
// is a client span under the current job, and 429 answers are counted as throttled Graph requests.
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { endHttpSpan, startHttpSpan } from './traced-fetch';

export class GraphTelemetryMiddleware implements Middleware {
  private next: Middleware | undefined;

  async execute(context: Context): Promise<void> {
    const request = context.request as unknown; // a URL string or a fetch Request
    const url = typeof request === 'string' ? request : (request as { url: string }).url;
    const method = typeof context.options?.method === 'string' ? context.options.method : 'GET';
    const span = startHttpSpan('graph', method.toUpperCase(), url);
    try {
      await this.next?.execute(context);
      endHttpSpan('graph', span, context.response?.status);
    } catch (err) {
      endHttpSpan('graph', span, undefined, err);
      throw err;
    }
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}
