// Job schemas and ids: realistic Graph ids still give message ids Service Bus accepts (128 characters), and
// ids are deterministic per job and distinct per attempt.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { messageIdOf, parseJobEnvelope, sessionIdOf, type JobEnvelope } from '../../shared/queue/sync-job.schema';

it('B-P2: message ids are deterministic, distinct per attempt and never longer than 128 characters', () => {
  const longId = `AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0A${'x'.repeat(120)}AAA=`;
  const envelope: JobEnvelope = {
    job: { kind: 'graph-change', user: 'Adele.Vance@contoso.example', resource: 'event', id: longId, changeType: 'updated', subscriptionId: '7f105c7d-2dc5-4530-97cd-4e7ae6534c07', etag: `W/"${'y'.repeat(40)}"`, receivedAt: '2026-11-21T10:00:00.123Z' },
    attempt: 1,
  };
  const id = messageIdOf(envelope);
  assert.ok(id.length <= 128, `${id.length} characters`);
  assert.equal(messageIdOf(structuredClone(envelope)), id, 'deterministic');
  assert.notEqual(messageIdOf({ ...envelope, attempt: 2 }), id, 'a retry is a new message');
  assert.equal(sessionIdOf(envelope.job), 'adele.vance@contoso.example', 'one session per user, whatever the case');
});

it('B-I5: a queue message that is not a job is refused with the fields named', () => {
  assert.throws(() => parseJobEnvelope('{"job":{"kind":"pull","user":"x"}}'), /job\.user|job\.scope|job\.dueAt/);
  assert.throws(() => parseJobEnvelope('not json'), /invalid job message/);
  assert.equal(parseJobEnvelope({ job: { kind: 'pull', user: 'a@b.c', scope: 'contacts', dueAt: '2026-11-21T10:00:00Z' } }).attempt, 1);
});
