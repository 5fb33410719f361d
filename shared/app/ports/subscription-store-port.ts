// Graph change-notification subscriptions the service owns (B-N1), kept in Table Storage with their secret
// clientState, so the webhook can check each notification and the timer can renew or remove them.

export type SubscribedResource = 'events' | 'contacts';

export interface SubscriptionRecord {
  user: string;
  resource: SubscribedResource;
  subscriptionId: string;
  /** Random per subscription; notifications must carry it (compared in constant time). */
  clientState: string;
  /** Graph resource path, e.g. `users/{user}/events`. */
  resourcePath: string;
  expiresAt: string;
  createdAt: string;
  etag?: string;
}

export interface SubscriptionStore {
  list(): Promise<SubscriptionRecord[]>;
  /** One user's subscriptions (the console's user page). */
  forUser(user: string): Promise<SubscriptionRecord[]>;
  get(subscriptionId: string): Promise<SubscriptionRecord | undefined>;
  /** Inserts or replaces (ETag-guarded when `etag` is set); keeps the index by subscription id in step. */
  put(record: SubscriptionRecord): Promise<SubscriptionRecord>;
  remove(record: SubscriptionRecord): Promise<void>;
}
