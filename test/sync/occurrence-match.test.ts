// The occurrence matcher (B-A13): which new occurrence of a changed series takes over which vanished occurrence's link.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { matchOccurrences } from '../../shared/sync/occurrence-match';
import type { ExchangeEventSnapshot } from '../../shared/sync/ports/exchange-event-port';
import type { LinkRecord } from '../../shared/sync/ports/link-store-port';

const link = (lnKey: string, seriesMasterId: string, occurrenceDate: string): LinkRecord => ({
  user: 'u@x.example', kind: 'event', lnKey, exchangeId: `old-${lnKey}`, state: 'linked', lnHash: '', exHash: '', lnValues: {}, exValues: {},
  lastAction: 'linked', reason: '', updatedAt: '', seriesMasterId, occurrenceDate,
});
const occurrence = (id: string, seriesMasterId: string, occurrenceDate: string): ExchangeEventSnapshot => ({
  id, changeKey: '', modifiedAt: '', iCalUId: id, kind: 'occurrence', seriesMasterId, occurrenceDate, isOrganizer: true, organizerEmail: '',
  isCancelled: false, response: 'none', attendees: [],
  fields: { subject: '', body: '', location: '', start: '', end: '', allDay: 'false', sensitivity: 'normal', showAs: 'busy' },
});
const pairs = (m: Map<string, ExchangeEventSnapshot>): Array<[string, string]> => [...m].map(([k, s]): [string, string] => [k, s.id]).sort();

describe('B-A13: matching the occurrences of a changed series', () => {
  it('a new time of day keeps the dates: each occurrence is matched by its date, whatever the order', () => {
    const m = matchOccurrences([link('A1', 'M', '2026-10-19'), link('A2', 'M', '2026-10-26')], [occurrence('n2', 'M', '2026-10-26'), occurrence('n1', 'M', '2026-10-19')]);
    assert.deepEqual(pairs(m), [['A1', 'n1'], ['A2', 'n2']]);
  });

  it('a new weekday: each occurrence goes to the nearest free one less than a week away, in date order', () => {
    const m = matchOccurrences([link('A1', 'M', '2026-10-19'), link('A2', 'M', '2026-10-26')], [occurrence('n1', 'M', '2026-10-18'), occurrence('n2', 'M', '2026-10-25'), occurrence('n3', 'M', '2026-11-01')]);
    assert.deepEqual(pairs(m), [['A1', 'n1'], ['A2', 'n2']]);
  });

  it('another series, a date a week or more away, and single events are never matched: they stay deletions and creations', () => {
    const m = matchOccurrences([link('A1', 'M', '2026-10-19'), link('A2', 'M', '2026-10-26')], [occurrence('other', 'N', '2026-10-19'), occurrence('far', 'M', '2026-11-02')]);
    assert.deepEqual(pairs(m), []);
  });

  it('one occurrence deleted while others of the series stay linked: no new occurrence takes its place', () => {
    const m = matchOccurrences([link('A2', 'M', '2026-10-26')], [occurrence('entering', 'M', '2026-10-28')], new Set(['M']));
    assert.deepEqual(pairs(m), []);
  });

  it('a shorter series: the dates still there are matched, the others are left to be deleted', () => {
    const m = matchOccurrences([link('A1', 'M', '2026-10-19'), link('A2', 'M', '2026-10-26'), link('A3', 'M', '2026-11-02')], [occurrence('n1', 'M', '2026-10-19')]);
    assert.deepEqual(pairs(m), [['A1', 'n1']]);
  });
});
