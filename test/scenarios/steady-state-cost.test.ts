// B-I8 steady state: a pull with nothing changed costs at most 1 Graph and 2 LN requests per user and scope, reference
// data is read at most once per scheduler tick, and a business-partner rename shows at the next tick.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ADELE, contactWorld } from './sync-world';
import { future, organizerAppointment } from './ln-appointments';

const appointment = (i: number) => organizerAppointment(i, future(1 + i, 9), future(1 + i, 10));

it('B-I8: an unchanged pull costs at most 1 Graph and 2 LN requests per user and scope, the first of a tick included; reference data is read again only at the next tick', async () => {
  let shiftMs = 0;
  // every item here changed in the same second, so all come back through the 1-second overlap: one page of 100 holds them
  const w = await contactWorld({ graphLatencyMs: 1, lnPageSize: 100, clock: { now: () => new Date(Date.now() + shiftMs) } });
  for (let i = 1; i <= 12; i++) w.ln.putContact({ Contact: `R${i}`, FirstName: `First${i}`, LastName: `Last${i}`, Email: `r${i}@example.com`, BusinessPartner: 'BP0000001', Language: 'NLD', Synchronize: true, WorkAddress: { City: 'Amsterdam', Country: 'NLD' } });
  for (let i = 1; i <= 6; i++) w.ln.putActivity(appointment(i));
  await w.settle(ADELE);
  await w.settleCalendar();
  // the measured pulls share a tick (UTC minute) with the warm-up pulls before them
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 45_000) await new Promise((r) => setTimeout(r, 60_500 - intoMinute));
  await w.run(ADELE);
  await w.runCalendar(ADELE);

  const cost = async (run: () => Promise<{ writes: number }>): Promise<{ graph: number; ln: string[] }> => {
    w.graph.resetRequests();
    const ln0 = w.ln.requests.length;
    const report = await run();
    assert.equal(report.writes, 0);
    return { graph: w.graph.requests.filter((r) => !r.batch).length, ln: w.ln.requests.slice(ln0).map((r) => r.path.split('/').slice(-1)[0] ?? '') };
  };
  const contacts = await cost(() => w.run(ADELE));
  assert.equal(contacts.graph, 1, 'contacts: one Graph request');
  assert.ok(contacts.ln.length <= 2, `contacts: at most 2 LN requests, got ${contacts.ln.join(', ')}`);
  assert.ok(!contacts.ln.some((p) => /^(Languages|Countries|BusinessPartners)/.test(p)), 'no reference data re-read within the tick');
  // the first pull of the next tick: the contacts back through the watermark overlap are known, so nothing is mapped
  shiftMs = 60_000;
  const firstOfTick = await cost(() => w.run(ADELE));
  assert.equal(firstOfTick.graph, 1, 'contacts, first pull of a tick: one Graph request');
  assert.deepEqual(firstOfTick.ln.map((p) => p.replace(/[?(].*$/, '')), ['Contacts', 'DeletedContacts'], 'contacts, first pull of a tick: changed and deleted contacts only');
  shiftMs = 0;
  const calendar = await cost(() => w.runCalendar(ADELE));
  assert.equal(calendar.graph, 1, 'calendar: one Graph request');
  assert.ok(calendar.ln.length <= 2, `calendar: at most 2 LN requests, got ${calendar.ln.join(', ')}`);

  w.ln.putBusinessPartner({ BusinessPartner: 'BP0000001', Name: 'Contoso Group' });
  w.ln.updateContact('R1', { JobTitle: 'Buyer' });
  shiftMs = 120_000;
  await w.run(ADELE);
  assert.ok(w.folderContacts().some((c) => c['companyName'] === 'Contoso Group'), 'the rename shows at the next tick');
});
