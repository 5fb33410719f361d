// Routes for /subscriptions: create (after the validation handshake), list, get, renew (PATCH), delete and reauthorize.
// Bodies are checked with zod like Graph checks them; answers follow Graph (201/200 with the subscription, 204 on delete).
import { z } from 'zod';
import { only } from './folder-routes';
import type { GraphSubscriptions } from './graph-subscriptions';
import { GraphSimError, jsonResponse, noContent, type SimResponse } from './graph-sim-response';
import { parsePrefer } from './odata-query';
import type { SimRequest } from './sim-request';

const optionalText = z.string().nullable().optional();
const readOnly = {
  id: z.string().optional(), applicationId: optionalText, creatorId: optionalText, '@odata.type': z.literal('#microsoft.graph.subscription').optional(),
};
const createBody = z.strictObject({
  ...readOnly,
  changeType: z.string({ error: 'changeType is a required property for subscription creation.' }).min(1),
  notificationUrl: z.string({ error: 'notificationUrl is a required property for subscription creation.' }).min(1),
  resource: z.string({ error: 'resource is a required property for subscription creation.' }).min(1),
  expirationDateTime: z.string({ error: 'expirationDateTime is a required property for subscription creation.' }),
  lifecycleNotificationUrl: optionalText,
  clientState: z.string().max(255, 'clientState must be at most 255 characters.').nullable().optional(),
  latestSupportedTlsVersion: z.enum(['v1_0', 'v1_1', 'v1_2', 'v1_3']).nullable().optional(),
  includeResourceData: z.literal(false, 'includeResourceData is not supported by the simulator (no encryption certificate handling).').nullable().optional(),
  encryptionCertificate: z.null().optional(),
  encryptionCertificateId: z.null().optional(),
  notificationQueryOptions: z.null().optional(),
});
const updateBody = z.strictObject({
  expirationDateTime: z.string().optional(),
  notificationUrl: z.string().min(1).optional(),
  '@odata.type': z.literal('#microsoft.graph.subscription').optional(),
});

/** `rest` is the path after `/subscriptions` (already split). */
export async function subscriptionRoutes(req: SimRequest, subscriptions: GraphSubscriptions, baseUrl: string, rest: string[]): Promise<SimResponse | undefined> {
  const [id, action, ...more] = rest;
  if (more.length > 0) return undefined;
  if (id === undefined) {
    if (req.method === 'POST') return create(req, subscriptions, baseUrl);
    return only(req, 'GET', () => jsonResponse(200, {
      '@odata.context': `${baseUrl}/$metadata#subscriptions`,
      value: subscriptions.list().map((s) => subscriptions.json(s, false)),
    }));
  }
  if (action !== undefined) {
    if (action.toLowerCase() !== 'reauthorize') return undefined;
    return only(req, 'POST', () => (subscriptions.get(id), noContent()));
  }
  if (req.method === 'PATCH') return update(req, subscriptions, baseUrl, id);
  if (req.method === 'DELETE') {
    subscriptions.remove(id);
    return noContent();
  }
  return only(req, 'GET', () => jsonResponse(200, entity(baseUrl, subscriptions.json(subscriptions.get(id), false))));
}

async function create(req: SimRequest, subscriptions: GraphSubscriptions, baseUrl: string): Promise<SimResponse> {
  const parsed = createBody.safeParse(req.body);
  if (!parsed.success) throw new GraphSimError(400, 'InvalidRequest', parsed.error.issues[0]?.message ?? 'Could not process subscription creation payload.');
  const created = await subscriptions.create(parsed.data, parsePrefer(req.headers['prefer']).immutableIds);
  return jsonResponse(201, entity(baseUrl, subscriptions.json(created)));
}

async function update(req: SimRequest, subscriptions: GraphSubscriptions, baseUrl: string, id: string): Promise<SimResponse> {
  const parsed = updateBody.safeParse(req.body);
  if (!parsed.success) throw new GraphSimError(400, 'InvalidRequest', `Only expirationDateTime and notificationUrl can be updated: ${parsed.error.issues[0]?.message ?? 'bad body'}.`);
  const updated = await subscriptions.update(id, parsed.data);
  return jsonResponse(200, entity(baseUrl, subscriptions.json(updated)));
}

function entity(baseUrl: string, json: Record<string, unknown>): Record<string, unknown> {
  return { '@odata.context': `${baseUrl}/$metadata#subscriptions/$entity`, ...json };
}
