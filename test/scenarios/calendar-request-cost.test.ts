// What an unchanged calendar pull costs: activities brought back by the LN watermark overlap, unchanged since the
// link last saw them, are not followed by reads of their events (B-I8).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ADELE, contactWorld } from './sync-world';
import { future, organizerAppointment } from './ln-appointments';

const appointment = (i: number) => organizerAppointment(i, future(1 + (i % 20), 8 + (i % 8)), future(1 + (i % 20), 9 + (i % 8)));

it('B-I8: an unchanged calendar pull costs one Graph request, and an LN edit is still read and synchronized', async () => {
  const w = await contactWorld({ graphLatencyMs: 1 });
  for (let i = 1; i <= 25; i++) w.ln.putActivity(appointment(i));
  await w.settleCalendar();
  assert.equal(w.graph.listEvents(ADELE).length, 25);

  w.graph.resetRequests();
  const quiet = await w.runCalendar(ADELE);
  assert.deepEqual(quiet.errors, []);
  assert.equal(quiet.writes, 0);
  const graphCalls = w.graph.requests.filter((r) => !r.batch).map((r) => `${r.method} ${r.path.split('/').slice(-1)[0]}`);
  assert.deepEqual(graphCalls, ['GET delta'], 'one delta request, no event read by id');

  w.ln.updateActivity('A3', { Subject: 'Moved to Friday' });
  const edited = await w.runCalendar(ADELE);
  assert.deepEqual(edited.errors, []);
  assert.ok(w.graph.listEvents(ADELE).some((e) => e['subject'] === 'Moved to Friday'), 'the LN edit reached Exchange');
});
