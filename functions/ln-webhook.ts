// POST /api/ln/notifications (anonymous: requests are signed with the shared secret, ln-api.md): LN's push for
// changed contacts and activities (B-N3). Thin adapter over shared/app/ln-webhook.ts.
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { handleLnWebhook } from '../shared/app/ln-webhook';
import { MAX_NOTIFICATION_BODY } from '../shared/app/graph-webhook';
import { getRuntime } from '../shared/app/runtime-provider';
import { recordWebhook } from '../shared/telemetry/run-metrics';
import '../shared/app/azure-entry';

export async function lnWebhook(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const rawBody = new Uint8Array(await request.arrayBuffer()); // signed bytes, BOM and all (text() would drop a BOM)
  if (rawBody.byteLength >= MAX_NOTIFICATION_BODY) return { status: 400, jsonBody: { error: 'body too large' } };
  const answer = await handleLnWebhook(await getRuntime(), {
    rawBody,
    timestamp: request.headers.get('x-ln-timestamp'),
    signature: request.headers.get('x-ln-signature'),
  });
  context.log(`LN notifications: ${answer.status} ${answer.note}`);
  recordWebhook('ln', answer.status);
  return answer.status === 202 ? { status: 202 } : { status: answer.status, jsonBody: { error: answer.note } };
}

app.http('ln-webhook', { methods: ['POST'], authLevel: 'anonymous', route: 'ln/notifications', handler: lnWebhook });
