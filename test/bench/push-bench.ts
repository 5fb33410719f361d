// `npm run bench`, push part: how fast the Graph webhook answers a burst of 300 notifications (Graph wants each
// answer within 3 s) and how long 50 changes take to travel through push, both ways, in the local host.
import { ADELE, pushWorld } from '../push/push-world';
import { medianAndWorst, notificationBurst, pushRoundTrips, seedPushPair } from '../push/push-timings';

export async function benchPush(): Promise<void> {
  const w = await pushWorld({ users: [ADELE], autoClose: false });
  try {
    const ids = await seedPushPair(w);
    const trips = medianAndWorst((await pushRoundTrips(w, ids, 50)).times);
    console.log(`push, 50 changes both ways through the local host: median ${trips.median} ms, worst ${trips.worst} ms (target: under 2 s)`);
    const burst = medianAndWorst((await notificationBurst(w, 300)).times);
    console.log(`Graph webhook, burst of 300 notifications: median answer ${burst.median} ms, slowest ${burst.worst} ms (Graph's limit: 3 s)`);
    await w.quiet();
  } finally {
    await w.close();
  }
}
