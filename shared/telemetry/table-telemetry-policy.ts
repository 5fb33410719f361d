// Azure SDK pipeline policy for the Table Storage clients: each request is a client span under the current job,
// and 429/503 "server busy" answers are counted as throttled Table requests.
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { endHttpSpan, startHttpSpan } from './traced-fetch';

export const tableTelemetryPolicy: PipelinePolicy = {
  name: 'tableTelemetryPolicy',
  async sendRequest(request, next) {
    const span = startHttpSpan('table', request.method, request.url);
    try {
      const response = await next(request);
      endHttpSpan('table', span, response.status);
      return response;
    } catch (err) {
      const status = (err as { statusCode?: unknown }).statusCode;
      endHttpSpan('table', span, typeof status === 'number' ? status : undefined, err);
      throw err;
    }
  },
};
