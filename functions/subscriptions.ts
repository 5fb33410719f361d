// Timer "subscriptions": every 30 minutes, create, renew or remove Graph subscriptions so every sync user has
// the ones push needs (B-N1). Thin adapter over shared/app/subscription-maintenance.ts.
import { app, type InvocationContext, type Timer } from '@azure/functions';
import { maintainSubscriptions } from '../shared/app/subscription-maintenance';
import { getRuntime } from '../shared/app/runtime-provider';
import { recordSubscriptionFailures } from '../shared/telemetry/run-metrics';
import '../shared/app/azure-entry';

export async function subscriptions(_timer: Timer, context: InvocationContext): Promise<void> {
  const r = await maintainSubscriptions(await getRuntime());
  if (r.skipped) return context.log('subscriptions: another maintenance run holds the lock; skipped');
  context.log(`subscriptions: ${r.created} created, ${r.renewed} renewed, ${r.removed} removed`);
  for (const f of r.failures) context.warn(`subscriptions: ${f}`);
  recordSubscriptionFailures(r.failures.length);
}

app.timer('subscriptions', { schedule: '0 */30 * * * *', handler: subscriptions });
