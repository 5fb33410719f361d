// Builders for engine unit tests: LN and Exchange snapshots and links with sensible defaults.
// Kept tiny so each decision-table test shows only what matters to its cell.
import { normalizeContact, type ContactFields } from '../../shared/domain/contact';
import { contentHash } from '../../shared/domain/content-hash';
import type { LnContactSnapshot } from '../../shared/sync/ports/ln-contact-port';
import type { ExchangeContactSnapshot } from '../../shared/sync/ports/exchange-contact-port';
import type { LinkRecord } from '../../shared/sync/ports/link-store-port';
import type { ContactPlanContext } from '../../shared/sync/contact-planner';

export function fields(partial: Partial<ContactFields> = {}): ContactFields {
  return normalizeContact({ givenName: 'Ada', surname: 'Lovelace', email: 'ada@example.com', companyName: 'Analytical', ...partial });
}

export function lnSnap(key: string, partial: Partial<ContactFields> = {}, extra: Partial<LnContactSnapshot> = {}): LnContactSnapshot {
  return { key, etag: 'W/"1"', synchronize: true, modifiedAt: '2026-11-21T10:00:00Z', externalReference: '', fields: fields(partial), warnings: [], ...extra };
}

export function exSnap(id: string, partial: Partial<ContactFields> = {}, extra: Partial<ExchangeContactSnapshot> = {}): ExchangeContactSnapshot {
  return { id, changeKey: 'ck', modifiedAt: '2026-11-21T10:00:00Z', fields: fields(partial), ...extra };
}

export function link(lnKey: string, exchangeId: string, partial: Partial<ContactFields> = {}, extra: Partial<LinkRecord> = {}): LinkRecord {
  const values = fields(partial);
  return {
    user: 'u@example.com', kind: 'contact', lnKey, exchangeId, state: 'linked',
    lnHash: contentHash(values), exHash: contentHash(values), lnValues: values, exValues: values,
    lastAction: 'linked', reason: 'test', updatedAt: '2026-11-20T10:00:00Z', etag: 'e1', ...extra,
  };
}

export function planCtx(direction: 'two-way' | 'ln-to-exchange' = 'two-way', policy: ContactPlanContext['policy'] = 'latest-wins'): ContactPlanContext {
  return { direction, policy, externalReferenceFor: (id) => `EX-${id}` };
}
