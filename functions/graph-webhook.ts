// POST /api/graph/notifications (anonymous: Graph sends no key; each notification's clientState is checked):
// the validation handshake, change and lifecycle notifications (B-N1, B-N2). Thin adapter over graph-webhook.ts.
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { handleGraphWebhook, MAX_NOTIFICATION_BODY } from '../shared/app/graph-webhook';
import { getRuntime } from '../shared/app/runtime-provider';
import { recordWebhook } from '../shared/telemetry/run-metrics';
import '../shared/app/azure-entry';

export async function graphWebhook(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared >= MAX_NOTIFICATION_BODY) return { status: 413 };
  const answer = await handleGraphWebhook(await getRuntime(), { validationToken: request.query.get('validationToken'), rawBody: await request.text() });
  context.log(`graph notifications: ${answer.note}`);
  if (answer.text === undefined) recordWebhook('graph', answer.status, answer.counts); // the validation handshake is no notification
  if (answer.text !== undefined) return { status: answer.status, body: answer.text, headers: { 'content-type': 'text/plain; charset=utf-8' } };
  return { status: answer.status };
}

app.http('graph-webhook', { methods: ['POST'], authLevel: 'anonymous', route: 'graph/notifications', handler: graphWebhook });
