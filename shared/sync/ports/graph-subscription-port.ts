// Graph change-notification subscriptions (POST/PATCH/DELETE /subscriptions), in the service's terms.
// Created with immutable ids so notifications name items the way links do.

export interface GraphSubscription {
  id: string;
  resource: string;
  notificationUrl: string;
  expirationDateTime: string;
}

export interface NewGraphSubscription {
  resource: string;
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl: string;
  clientState: string;
  expirationDateTime: string;
}

export interface GraphSubscriptionPort {
  create(input: NewGraphSubscription): Promise<GraphSubscription>;
  renew(id: string, expirationDateTime: string): Promise<GraphSubscription>;
  /** A subscription that no longer exists counts as removed. */
  remove(id: string): Promise<void>;
  /** The app's subscriptions (to find the one Graph refers to when it answers 409 for a duplicate). */
  list(): Promise<GraphSubscription[]>;
}
