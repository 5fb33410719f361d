// Dispatches one Graph request (top-level or $batch sub-request): faults, mailbox lookup, concurrency, then the route (folders, contacts, calendar).
// Route errors become Graph error bodies; every request into a mailbox holds one concurrency slot while it runs. Also /subscriptions.
import { setTimeout as sleep } from 'node:timers/promises';
import { contactRoutes } from './contact-routes';
import { eventRoutes } from './event-routes';
import { folderRoutes } from './folder-routes';
import type { GraphFaults } from './graph-faults';
import type { GraphSubscriptions } from './graph-subscriptions';
import { graphErrorResponse, GraphSimError, type SimResponse } from './graph-sim-response';
import type { MailboxConcurrency, MailboxRequestWindow } from './graph-throttle';
import type { SimContext, SimRequest } from './sim-request';
import { subscriptionRoutes } from './subscription-routes';

export interface RouterDeps {
  ctx: SimContext;
  faults: GraphFaults;
  concurrency: MailboxConcurrency;
  /** 10,000 requests per 10 minutes per mailbox (absent: no window). */
  window?: MailboxRequestWindow;
  /** How long each mailbox request holds its slot, so that concurrency is observable. */
  latencyMs: number;
  /** /subscriptions and change notifications (absent: the segment is unknown). */
  subscriptions?: GraphSubscriptions;
}

export async function routeGraphRequest(req: SimRequest, deps: RouterDeps): Promise<SimResponse> {
  const fault = deps.faults.take(req.method, req.path, false);
  if (fault) return injectedFault(fault.status, fault.retryAfterSeconds);
  const segments = req.path.split('/').filter(Boolean);
  if (segments[0]?.toLowerCase() === 'subscriptions' && deps.subscriptions) return routeSubscriptions(req, deps.subscriptions, deps.ctx.baseUrl, segments.slice(1));
  if (segments[0]?.toLowerCase() !== 'users' || segments[1] === undefined) {
    return graphErrorResponse(400, 'BadRequest', `Resource not found for the segment '${segments[0] ?? ''}'.`);
  }
  const mailbox = deps.ctx.store.find(segments[1]);
  if (!mailbox) return unknownMailbox(deps, segments);
  const throttled = throttle(deps, mailbox.id);
  if (throttled) return throttled;
  try {
    await sleep(deps.latencyMs);
    if (!deps.ctx.store.find(mailbox.id)) return graphErrorResponse(404, 'MailboxNotEnabledForRESTAPI', 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.');
    const rest = segments.slice(2);
    const answer = folderRoutes(req, deps.ctx, mailbox, rest) ?? contactRoutes(req, deps.ctx, mailbox, rest) ?? eventRoutes(req, deps.ctx, mailbox, rest);
    return answer ?? graphErrorResponse(400, 'BadRequest', `Resource not found for the segment '${rest[rest.length - 1] ?? ''}'.`);
  } catch (err) {
    if (err instanceof GraphSimError) return graphErrorResponse(err.status, err.code, err.message);
    throw err;
  } finally {
    deps.concurrency.leave(mailbox.id);
  }
}

/** Exchange's per-mailbox limits, in the order a request meets them; undefined when the request may run (it then holds a slot). */
function throttle(deps: RouterDeps, mailboxId: string): SimResponse | undefined {
  const random = deps.faults.takeRandomThrottle();
  if (random !== undefined) return graphErrorResponse(429, 'ApplicationThrottled', 'Application is over its MailboxConcurrency limit.', { 'Retry-After': String(random) });
  const wait = deps.window?.tryAdmit(mailboxId);
  if (wait !== undefined) return graphErrorResponse(429, 'ApplicationThrottled', 'Application is over its request limit for this mailbox (10000 requests per 10 minutes).', { 'Retry-After': String(wait) });
  if (!deps.concurrency.tryEnter(mailboxId)) {
    return graphErrorResponse(429, 'ApplicationThrottled', 'Application is over its MailboxConcurrency limit.', { 'Retry-After': '1' });
  }
  return undefined;
}

async function routeSubscriptions(req: SimRequest, subscriptions: GraphSubscriptions, baseUrl: string, rest: string[]): Promise<SimResponse> {
  try {
    const answer = await subscriptionRoutes(req, subscriptions, baseUrl, rest);
    return answer ?? graphErrorResponse(400, 'BadRequest', `Resource not found for the segment '${rest[rest.length - 1] ?? ''}'.`);
  } catch (err) {
    if (err instanceof GraphSimError) return graphErrorResponse(err.status, err.code, err.message);
    throw err;
  }
}

/** The user resource answers like the directory; mailbox resources like Exchange (removed vs never known). */
function unknownMailbox(deps: RouterDeps, segments: string[]): SimResponse {
  const user = segments[1] ?? '';
  if (segments.length === 2) return graphErrorResponse(404, 'Request_ResourceNotFound', `Resource '${user}' does not exist or one of its queried reference-property objects are not present.`);
  if (deps.ctx.store.wasRemoved(user)) return graphErrorResponse(404, 'MailboxNotEnabledForRESTAPI', 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.');
  return graphErrorResponse(404, 'ErrorInvalidUser', `The requested user '${user}' is invalid.`);
}

export function injectedFault(status: number, retryAfterSeconds: number | undefined): SimResponse {
  const headers: Record<string, string> = retryAfterSeconds !== undefined ? { 'Retry-After': String(retryAfterSeconds) } : {};
  const [code, message] = FAULT_TEXT[status] ?? ['InternalServerError', 'An internal server error occurred.'];
  return graphErrorResponse(status, code, message, headers);
}

const FAULT_TEXT: Record<number, [string, string]> = {
  429: ['TooManyRequests', 'Too many requests, please retry after the time given in Retry-After.'],
  500: ['InternalServerError', 'An internal server error occurred.'],
  502: ['BadGateway', 'The server received an invalid response from the upstream server.'],
  503: ['ServiceUnavailable', 'The service is temporarily unavailable. Please retry later.'],
  504: ['GatewayTimeout', 'The operation timed out.'],
  401: ['InvalidAuthenticationToken', 'Access token has expired or is not yet valid.'],
  403: ['ErrorAccessDenied', 'Access is denied. Check credentials and try again.'],
  404: ['ErrorItemNotFound', 'The specified object was not found in the store.'],
  409: ['ErrorIrresolvableConflict', 'The send or update operation could not be performed because of a conflict.'],
  412: ['ErrorIrresolvableConflict', 'The change key passed in the request does not match the current change key for the item.'],
};
