// pipelined: chunk k+1 is sent while chunk k is recorded; a failure still waits for the recordings in progress.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pipelined } from '../../shared/sync/pipelined-chunks';

const tick = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('pipelined', () => {
  it('sends the next chunk while the previous one is being recorded, and records every chunk in full', async () => {
    const events: string[] = [];
    await pipelined([[1], [2], [3]], async ([n]) => {
      events.push(`send ${n}`);
      await tick(5);
      return n;
    }, async (_chunk, n) => {
      events.push(`record ${n} start`);
      await tick(20);
      events.push(`record ${n} end`);
    });
    assert.ok(events.indexOf('send 2') < events.indexOf('record 1 end'), events.join(', '));
    for (const n of [1, 2, 3]) assert.ok(events.includes(`record ${n} end`));
  });

  it('keeps at most `depth` recordings outstanding', async () => {
    let outstanding = 0;
    let peak = 0;
    await pipelined(Array.from({ length: 8 }, (_, i) => [i]), async () => 0, async () => {
      outstanding++;
      peak = Math.max(peak, outstanding);
      await tick(10);
      outstanding--;
    }, 2);
    assert.equal(peak, 2);
  });

  it('when a send fails, the chunks already written are still recorded before the error comes back', async () => {
    const recorded: number[] = [];
    const err = await pipelined([[1], [2]], async ([n]) => {
      if (n === 2) throw new Error('send failed');
      return n;
    }, async (_chunk, n) => {
      await tick(10);
      recorded.push(n!);
    }).catch((e: unknown) => e);
    assert.equal((err as Error).message, 'send failed');
    assert.deepEqual(recorded, [1]);
  });
});
