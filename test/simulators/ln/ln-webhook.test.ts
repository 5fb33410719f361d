// Tests of the LN simulator's webhook: signed, verifiable, batched deliveries for contact and activity changes.
// A local receiver on 127.0.0.1 verifies each request with the service's verifier and records the notifications.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { LnNotification } from '../../../shared/push/ln-notification.schema';
import { verifyLnWebhook } from '../../../shared/push/ln-webhook-verifier';
import { startLnSimulator, type LnSimulator } from './ln-simulator';

const SECRET = 'receiver-test-secret';
const slot = { StartDate: '2026-11-23T09:00:00Z', EndDate: '2026-11-23T10:00:00Z' };

interface Received {
  rawBody: string;
  status: number;
  notifications: LnNotification[];
}

describe('LN simulator webhook', () => {
  let sim: LnSimulator;
  let server: Server;
  let receiverUrl: string;
  const received: Received[] = [];
  /** Statuses to answer before verifying (for retry tests); empty ⇒ verify normally. */
  const forcedStatuses: number[] = [];

  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        const forced = forcedStatuses.shift();
        const header = (name: string) => {
          const v = req.headers[name];
          return typeof v === 'string' ? v : null;
        };
        const verdict = verifyLnWebhook({
          rawBody,
          timestampHeader: header('x-ln-timestamp'),
          signatureHeader: header('x-ln-signature'),
          secret: SECRET,
          now: new Date(),
          company: '100',
        });
        const status = forced ?? (verdict.ok ? 202 : verdict.status);
        received.push({ rawBody, status, notifications: verdict.ok ? verdict.notifications : [] });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/ln/notifications`;
    sim = await startLnSimulator({ company: '100' });
  });
  after(async () => {
    await sim.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(async () => {
    await sim.webhookIdle();
    sim.setWebhook({ url: receiverUrl, secret: SECRET });
    received.length = 0;
    sim.webhookDeliveries.length = 0;
    forcedStatuses.length = 0;
  });

  const notified = () => received.flatMap((r) => r.notifications.map((n) => `${n.entity}:${n.id}:${n.changeType}`));

  it('delivers one signed, verifiable notification for a direct contact change', async () => {
    const c = sim.putContact({ FirstName: 'Ada', LastName: 'Lovelace' });
    assert.equal(received.length, 0, 'the write does not wait for the delivery');
    await sim.webhookIdle();
    assert.equal(received.length, 1);
    const only = received[0];
    assert.equal(only?.status, 202);
    const body = JSON.parse(only?.rawBody ?? '') as Record<string, unknown>;
    assert.equal(body.value, undefined, 'a single change is sent unwrapped');
    assert.deepEqual(notified(), [`Contact:${c.Contact}:created`]);
    assert.equal(only?.notifications[0]?.company, '100');
    assert.deepEqual(sim.webhookDeliveries.map((d) => [d.body, d.status]), [[only?.rawBody, 202]]);
  });

  it('batches changes within the window into {"value":[…]}', async () => {
    const c = sim.putContact({ FirstName: 'Grace', LastName: 'Hopper' });
    sim.updateContact(c.Contact, { LastName: 'Hopper-Murray' });
    const a = sim.putActivity({ ...slot, Subject: 'Review' });
    sim.deleteContact(c.Contact);
    await sim.webhookIdle();
    assert.equal(received.length, 1);
    assert.ok(Array.isArray((JSON.parse(received[0]?.rawBody ?? '') as { value?: unknown }).value));
    assert.deepEqual(notified(), [`Contact:${c.Contact}:created`, `Contact:${c.Contact}:updated`, `Activity:${a.Activity}:created`, `Contact:${c.Contact}:deleted`]);
  });

  it('notifies activity changes, attendee changes (activity updated) and deletions', async () => {
    const a = sim.putActivity({ ...slot, Subject: 'Kick-off', Attendees: [{ Employee: 'EMP000001' }] });
    await sim.webhookIdle();
    received.length = 0;
    sim.addAttendee(a.Activity, { Employee: 'EMP000002' });
    sim.updateAttendee(a.Activity, 1, { Synchronized: true });
    await sim.webhookIdle();
    assert.deepEqual(notified(), [`Activity:${a.Activity}:updated`]);
    received.length = 0;
    sim.deleteActivity(a.Activity);
    await sim.webhookIdle();
    assert.deepEqual(notified(), [`Activity:${a.Activity}:deleted`]);
  });

  it('notifies changes made over HTTP', async () => {
    const form = new URLSearchParams({ grant_type: 'password', username: sim.ionapi.saak, password: sim.ionapi.sask, client_id: sim.ionapi.ci, client_secret: sim.ionapi.cs });
    const tokenRes = await fetch(`${sim.ionapi.pu}${sim.ionapi.ot}`, { method: 'POST', body: form });
    const token = ((await tokenRes.json()) as { access_token: string }).access_token;
    const res = await fetch(`${sim.odataBaseUrl}/tcapi.comContact/Contacts`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'X-Infor-LnCompany': '100', 'Content-Type': 'application/json' },
      body: JSON.stringify({ FirstName: 'Alan', LastName: 'Turing' }),
    });
    assert.equal(res.status, 201, await res.clone().text());
    const created = (await res.json()) as { Contact: string };
    await sim.webhookIdle();
    assert.deepEqual(notified(), [`Contact:${created.Contact}:created`]);
  });

  it('retries a failed delivery, signing each attempt', async () => {
    forcedStatuses.push(503, 500);
    sim.putContact({ FirstName: 'Retry', LastName: 'Me' });
    await sim.webhookIdle();
    assert.deepEqual(sim.webhookDeliveries.map((d) => d.status), [503, 500, 202]);
    assert.equal(received.filter((r) => r.status === 202).length, 1);
  });

  it('sends nothing once the webhook is turned off', async () => {
    sim.setWebhook(undefined);
    sim.putContact({ FirstName: 'Quiet', LastName: 'Change' });
    await sim.webhookIdle();
    await new Promise((r) => setTimeout(r, 80));
    assert.equal(received.length, 0);
    assert.equal(sim.webhookDeliveries.length, 0);
  });
});
