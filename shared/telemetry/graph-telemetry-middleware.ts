// Graph SDK middleware placed right before the HTTP handler: every request that goes on the wire (each retry too)
// is a client span under the current job, and 429 answers are counted as throttled Graph requests, batch parts included.
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { instruments } from './instruments';
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
      if (new URL(url).pathname.endsWith('/$batch')) await countThrottledParts(context.response);
    } catch (err) {
      endHttpSpan('graph', span, undefined, err);
      throw err;
    }
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

/** Exchange throttles each part of a $batch on its own: a 200 batch answer can hold 429 parts, and they count too. */
async function countThrottledParts(response: Response | undefined): Promise<void> {
  if (!response?.ok) return;
  const parts = await throttledParts(response.clone());
  if (parts > 0) instruments().throttled.add(parts, { 'sync.service': 'graph', 'sync.batch.part': true });
}

async function throttledParts(response: Response): Promise<number> {
  try {
    const body = (await response.json()) as { responses?: unknown };
    if (!Array.isArray(body.responses)) return 0;
    return body.responses.filter((r: unknown) => typeof r === 'object' && r !== null && (r as { status?: unknown }).status === 429).length;
  } catch {
    return 0; // not JSON: the batch reader reports it; telemetry only counts
  }
}
