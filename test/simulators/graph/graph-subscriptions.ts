// Graph change notifications for the simulator: subscriptions (validation handshake, expiry cap, renewal), change notifications
// batched per notificationUrl and retried, lifecycle notifications, pausing (for `missed`) and a record of every delivery.
import { randomUUID } from 'node:crypto';
import type { GraphMailboxStore, ItemChange } from './graph-mailbox-store';
import { GraphSimError } from './graph-sim-response';
import { resolveSubscriptionResource, type WatchedResource } from './subscription-resource';
import { postToWebhook } from './webhook-post';

export type ChangeType = 'created' | 'updated' | 'deleted';
export type LifecycleEvent = 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed';

/** Outlook resources (events, contacts) without resource data: at most 10080 minutes ahead. */
export const MAX_OUTLOOK_SUBSCRIPTION_MINUTES = 10080;

export interface StoredSubscription extends WatchedResource {
  id: string;
  /** As the client wrote it. */
  resource: string;
  changeType: string;
  changeTypes: Set<ChangeType>;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  expiration: number;
  clientState: string | null;
  latestSupportedTlsVersion: string;
  /** Created with `Prefer: IdType="ImmutableId"`: notifications carry immutable ids. */
  immutableIds: boolean;
}

export interface NewSubscription {
  resource: string;
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl?: string | null | undefined;
  expirationDateTime: string;
  clientState?: string | null | undefined;
  latestSupportedTlsVersion?: string | null | undefined;
}

export interface NotificationRecord {
  url: string;
  body: unknown;
  /** The endpoint's status; 0 when it was unreachable or too slow. */
  status: number;
  at: number;
}

export interface SubscriptionSettings {
  now: () => Date;
  tenantId: string;
  applicationId: string;
  creatorId: string;
  /** Changes within this window go out in one POST per notificationUrl (default 50 ms). */
  batchMs: number;
  /** Further attempts after a failed delivery (default 3) and the delay before the first (grows linearly). */
  retries: number;
  retryDelayMs: number;
  /** The endpoint must answer the handshake within this (Graph: 10 s) and a notification within notificationTimeoutMs (Graph: 3 s). */
  validationTimeoutMs: number;
  notificationTimeoutMs: number;
}

const CHANGE_TYPES: ChangeType[] = ['created', 'updated', 'deleted'];

export class GraphSubscriptions {
  readonly notifications: NotificationRecord[] = [];
  private readonly subscriptions = new Map<string, StoredSubscription>();
  private readonly queues = new Map<string, { items: Array<Record<string, unknown>>; timer: NodeJS.Timeout }>();
  private readonly inFlight = new Set<Promise<void>>();
  private paused = false;
  private closed = false;

  constructor(private readonly store: GraphMailboxStore, private readonly settings: SubscriptionSettings) {
    store.changeListeners.push((change) => this.onChange(change));
  }

  /** POST /subscriptions: checks the body, validates both endpoints like Graph, then stores the subscription. */
  async create(input: NewSubscription, immutableIds: boolean): Promise<StoredSubscription> {
    const changeTypes = parseChangeTypes(input.changeType);
    const expiration = this.checkExpiration(input.expirationDateTime, 'Create');
    const watched = resolveSubscriptionResource(this.store, input.resource);
    await this.validateEndpoint(input.notificationUrl);
    if (input.lifecycleNotificationUrl) await this.validateEndpoint(input.lifecycleNotificationUrl);
    const subscription: StoredSubscription = {
      ...watched, id: randomUUID(), resource: input.resource, changeType: input.changeType, changeTypes,
      notificationUrl: input.notificationUrl, lifecycleNotificationUrl: input.lifecycleNotificationUrl ?? null, expiration,
      clientState: input.clientState ?? null, latestSupportedTlsVersion: input.latestSupportedTlsVersion ?? 'v1_2', immutableIds,
    };
    this.subscriptions.set(subscription.id, subscription);
    return subscription;
  }

  /** Active (not expired) subscriptions, oldest first. */
  list(): StoredSubscription[] {
    return [...this.subscriptions.values()].filter((s) => this.isActive(s));
  }

  /** An active subscription; an expired one is gone, as in Graph. */
  get(id: string): StoredSubscription {
    const subscription = this.subscriptions.get(id);
    if (!subscription || !this.isActive(subscription)) throw new GraphSimError(404, 'ResourceNotFound', 'The object was not found.');
    return subscription;
  }

  /** PATCH: renews (expirationDateTime) and/or moves delivery to a new, validated notificationUrl. */
  async update(id: string, patch: { expirationDateTime?: string | undefined; notificationUrl?: string | undefined }): Promise<StoredSubscription> {
    const subscription = this.get(id);
    const expiration = patch.expirationDateTime !== undefined ? this.checkExpiration(patch.expirationDateTime, 'Update') : undefined;
    if (patch.notificationUrl !== undefined && patch.notificationUrl !== subscription.notificationUrl) await this.validateEndpoint(patch.notificationUrl);
    const current = this.get(id);
    if (expiration !== undefined) current.expiration = expiration;
    if (patch.notificationUrl !== undefined) current.notificationUrl = patch.notificationUrl;
    return current;
  }

  remove(id: string): void {
    this.get(id);
    this.subscriptions.delete(id);
  }

  /** Test helper: the subscription expires now (it stops notifying and is gone for the API). */
  expire(id: string): void {
    const subscription = this.subscriptions.get(id);
    if (!subscription) throw new Error(`graph simulator: no subscription ${id}`);
    subscription.expiration = Math.min(subscription.expiration, this.settings.now().getTime() - 1);
  }

  /** While paused, changes produce no notifications at all (they are missed, as when Graph throttles an endpoint). */
  setPaused(paused: boolean): void {
    this.paused = paused;
  }

  /** POSTs Graph's lifecycle notification to the lifecycleNotificationUrl; `subscriptionRemoved` deletes the subscription first. */
  async sendLifecycleEvent(id: string, lifecycleEvent: LifecycleEvent): Promise<void> {
    const subscription = this.subscriptions.get(id);
    if (!subscription) throw new Error(`graph simulator: no subscription ${id}`);
    if (lifecycleEvent === 'subscriptionRemoved') this.subscriptions.delete(id);
    if (!subscription.lifecycleNotificationUrl) return;
    const item = {
      subscriptionId: subscription.id, subscriptionExpirationDateTime: graphDateTime(subscription.expiration),
      tenantId: this.settings.tenantId, clientState: subscription.clientState, lifecycleEvent,
    };
    await this.track(this.deliver(subscription.lifecycleNotificationUrl, { value: [item] }));
  }

  /** Subscription JSON as Graph answers it (`clientState` only where Graph echoes it). */
  json(subscription: StoredSubscription, withClientState = true): Record<string, unknown> {
    return {
      id: subscription.id, resource: subscription.resource, applicationId: this.settings.applicationId, changeType: subscription.changeType,
      clientState: withClientState ? subscription.clientState : null, notificationUrl: subscription.notificationUrl, notificationQueryOptions: null,
      lifecycleNotificationUrl: subscription.lifecycleNotificationUrl, expirationDateTime: graphDateTime(subscription.expiration),
      creatorId: this.settings.creatorId, includeResourceData: null, latestSupportedTlsVersion: subscription.latestSupportedTlsVersion,
      encryptionCertificate: null, encryptionCertificateId: null,
    };
  }

  /** Sends what is queued now and waits until every delivery (with its retries) is over. */
  async flush(): Promise<void> {
    for (const url of [...this.queues.keys()]) this.sendQueued(url);
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  close(): void {
    this.closed = true;
    for (const queue of this.queues.values()) clearTimeout(queue.timer);
    this.queues.clear();
  }

  private isActive(subscription: StoredSubscription): boolean {
    return subscription.expiration > this.settings.now().getTime();
  }

  private checkExpiration(raw: string, operation: 'Create' | 'Update'): number {
    const ms = Date.parse(/(Z|[+-]\d\d:\d\d)$/i.test(raw) ? raw : `${raw}Z`);
    if (Number.isNaN(ms)) throw new GraphSimError(400, 'InvalidRequest', `Cannot convert the literal '${raw}' to the expected type 'Edm.DateTimeOffset'.`);
    const now = this.settings.now().getTime();
    if (ms <= now) throw new GraphSimError(400, 'ExtensionError', `Operation: ${operation}; Exception: [Status Code: BadRequest; Reason: Subscription expiration time must be in the future.]`);
    if (ms > now + MAX_OUTLOOK_SUBSCRIPTION_MINUTES * 60_000) {
      throw new GraphSimError(400, 'ExtensionError', `Operation: ${operation}; Exception: [Status Code: BadRequest; Reason: Subscription expiration can only be ${MAX_OUTLOOK_SUBSCRIPTION_MINUTES} minutes in the future.]`);
    }
    return ms;
  }

  /** Graph's handshake: POST ?validationToken=… (text/plain); the endpoint must echo the decoded token, 200 text/plain, within 10 s. */
  private async validateEndpoint(url: string): Promise<void> {
    const token = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
    const encoded = encodeURIComponent(token).replace(/%20/g, '+');
    const answer = await postToWebhook(`${url}${url.includes('?') ? '&' : '?'}validationToken=${encoded}`, '', 'text/plain; charset=utf-8', this.settings.validationTimeoutMs);
    const failed = 'Subscription validation request failed.';
    if (answer.status !== 200) throw new GraphSimError(400, 'ValidationError', `${failed} Notification endpoint must respond with 200 OK to validation request.`);
    if (answer.contentType !== 'text/plain') throw new GraphSimError(400, 'ValidationError', `${failed} Must respond with 200 OK to this request with the validationToken as text/plain.`);
    if (answer.text !== token) throw new GraphSimError(400, 'ValidationError', `${failed} Response must exactly match validationToken query parameter.`);
  }

  private onChange(change: ItemChange): void {
    if (this.closed || this.paused) return;
    for (const subscription of this.list()) {
      if (subscription.mailboxId !== change.mailbox.id || subscription.kind !== change.kind || !subscription.changeTypes.has(change.changeType)) continue;
      if (subscription.kind === 'contact' && subscription.folderId !== change.folderId) continue;
      this.enqueue(subscription.notificationUrl, this.notification(subscription, change));
    }
  }

  private notification(subscription: StoredSubscription, change: ItemChange): Record<string, unknown> {
    const id = subscription.immutableIds ? change.immutableId : change.regularId;
    const resource = `Users/${change.mailbox.id}/${change.kind === 'event' ? 'Events' : 'Contacts'}/${id}`;
    return {
      subscriptionId: subscription.id, subscriptionExpirationDateTime: graphDateTime(subscription.expiration), changeType: change.changeType, resource,
      resourceData: { '@odata.type': change.kind === 'event' ? '#Microsoft.Graph.Event' : '#Microsoft.Graph.Contact', '@odata.id': resource, '@odata.etag': `W/"${change.changeKey}"`, id },
      clientState: subscription.clientState, tenantId: this.settings.tenantId,
    };
  }

  private enqueue(url: string, item: Record<string, unknown>): void {
    const queue = this.queues.get(url);
    if (queue) {
      queue.items.push(item);
      return;
    }
    const timer = setTimeout(() => this.sendQueued(url), this.settings.batchMs);
    timer.unref();
    this.queues.set(url, { items: [item], timer });
  }

  private sendQueued(url: string): void {
    const queue = this.queues.get(url);
    if (!queue) return;
    clearTimeout(queue.timer);
    this.queues.delete(url);
    void this.track(this.deliver(url, { value: queue.items }));
  }

  private track(delivery: Promise<void>): Promise<void> {
    this.inFlight.add(delivery);
    return delivery.finally(() => this.inFlight.delete(delivery));
  }

  /** One POST, retried on anything but 2xx while the simulator runs; every attempt is recorded. */
  private async deliver(url: string, body: { value: unknown[] }): Promise<void> {
    const text = JSON.stringify(body);
    for (let attempt = 0; attempt <= this.settings.retries && !this.closed; attempt++) {
      if (attempt > 0) await pause(this.settings.retryDelayMs * attempt);
      const answer = await postToWebhook(url, text, 'application/json; charset=utf-8', this.settings.notificationTimeoutMs);
      this.notifications.push({ url, body: JSON.parse(text) as unknown, status: answer.status, at: Date.now() });
      if (answer.status >= 200 && answer.status < 300) return;
    }
  }
}

function parseChangeTypes(raw: string): Set<ChangeType> {
  const parts = raw.split(',').map((p) => p.trim());
  const known = parts.filter((p): p is ChangeType => (CHANGE_TYPES as string[]).includes(p));
  if (parts.length === 0 || known.length !== parts.length) {
    throw new GraphSimError(400, 'InvalidRequest', `Invalid changeType '${raw}': use a comma-separated list of created, updated and deleted.`);
  }
  return new Set(known);
}

/** Graph writes subscription times with seven fractional digits, in UTC. */
function graphDateTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}0000Z`;
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
