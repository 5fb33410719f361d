// Graph SDK middleware that puts `Prefer: IdType="ImmutableId"` on every request.
// Other Prefer values a caller set (such as odata.maxpagesize) are kept in the same header.
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { fetchHeaders } from './fetch-headers';
import { withImmutableIdPreference } from './immutable-id-preference';
import { requireNext } from './require-next';

export class PreferHeaderMiddleware implements Middleware {
  private next?: Middleware;

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    context.options ??= {};
    fetchHeaders.set(context.options, 'Prefer', withImmutableIdPreference(fetchHeaders.get(context.options, 'Prefer')));
    await requireNext(this.next).execute(context);
  }
}
