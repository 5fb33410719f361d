// GraphSubscriptionPort over Microsoft Graph: create, renew (PATCH expirationDateTime), remove and list /subscriptions.
// Requests go through the project's SDK client, which asks for immutable ids; the clientState is sent, never logged.
import type { Client } from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import { ExternalServiceError, isNotFound } from '../domain/external-service-error';
import type { GraphSubscription, GraphSubscriptionPort, NewGraphSubscription } from '../sync/ports/graph-subscription-port';
import { graphPathOfLink, seg } from './graph-path';
import { graphRequest } from './graph-request';

const subscriptionSchema = z.object({
  id: z.string().min(1),
  resource: z.string(),
  notificationUrl: z.string(),
  expirationDateTime: z.string().min(1),
});
const subscriptionPageSchema = z.object({
  value: z.array(subscriptionSchema),
  '@odata.nextLink': z.string().optional(),
});

export class GraphSubscriptionClient implements GraphSubscriptionPort {
  constructor(private readonly client: Client) {}

  async create(input: NewGraphSubscription): Promise<GraphSubscription> {
    const body = {
      changeType: input.changeType,
      notificationUrl: input.notificationUrl,
      lifecycleNotificationUrl: input.lifecycleNotificationUrl,
      resource: input.resource,
      expirationDateTime: input.expirationDateTime,
      clientState: input.clientState,
    };
    return toSubscription(await graphRequest(this.client, { method: 'POST', path: '/subscriptions', body }, subscriptionSchema));
  }

  async renew(id: string, expirationDateTime: string): Promise<GraphSubscription> {
    const path = `/subscriptions/${seg(id)}`;
    // Graph answers 200 with the subscription; its OpenAPI description allows 204, so read it back then.
    const answer = await graphRequest(this.client, { method: 'PATCH', path, body: { expirationDateTime } }, subscriptionSchema.optional());
    return toSubscription(answer ?? (await graphRequest(this.client, { method: 'GET', path }, subscriptionSchema)));
  }

  async remove(id: string): Promise<void> {
    try {
      await graphRequest(this.client, { method: 'DELETE', path: `/subscriptions/${seg(id)}` });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  async list(): Promise<GraphSubscription[]> {
    const found: GraphSubscription[] = [];
    const seen = new Set<string>();
    let path: string | undefined = '/subscriptions';
    while (path !== undefined) {
      seen.add(path);
      const page: z.output<typeof subscriptionPageSchema> = await graphRequest(this.client, { method: 'GET', path }, subscriptionPageSchema);
      found.push(...page.value.map(toSubscription));
      const next = page['@odata.nextLink'];
      path = next === undefined ? undefined : graphPathOfLink(next);
      if (path !== undefined && seen.has(path)) throw new ExternalServiceError('graph', 200, 'UnexpectedResponse', 'GET /subscriptions: the same @odata.nextLink came back twice');
    }
    return found;
  }
}

/** Only the fields the service uses; Graph echoes more (clientState among them on create) that must not travel on. */
function toSubscription(s: z.output<typeof subscriptionSchema>): GraphSubscription {
  return { id: s.id, resource: s.resource, notificationUrl: s.notificationUrl, expirationDateTime: s.expirationDateTime };
}
