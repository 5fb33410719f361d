// Timer "scheduler": every minute, re-read LN settings and users and send the pulls that are due (B-P1, B-P2, B-L3).
// Thin adapter over shared/app/scheduler-tick.ts.
import { app, type InvocationContext, type Timer } from '@azure/functions';
import { schedulerTick } from '../shared/app/scheduler-tick';
import { getRuntime } from '../shared/app/runtime-provider';
import '../shared/app/azure-entry';

export async function scheduler(_timer: Timer, context: InvocationContext): Promise<void> {
  const result = await schedulerTick(await getRuntime());
  if (result.settingsError) context.warn(`LN settings not valid, nothing scheduled: ${result.settingsError}`);
  else context.log(`synchronizer ${result.state}: ${result.sent} pull jobs sent`);
}

app.timer('scheduler', { schedule: '0 * * * * *', handler: scheduler });
