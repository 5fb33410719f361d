// One Graph delta round (contacts folder or calendar view): follows @odata.nextLink to the @odata.deltaLink and
// collects the ids that changed and the ids reported @removed; a later entry for an id wins over an earlier one.
import type { Client } from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import { ExternalServiceError } from '../domain/external-service-error';
import { graphPathOfLink } from './graph-path';
import { graphRequest } from './graph-request';

const deltaPageSchema = z.object({
  value: z.array(z.object({ id: z.string().min(1), changeKey: z.string().nullish(), '@removed': z.object({ reason: z.string().optional() }).optional() })),
  '@odata.nextLink': z.string().optional(),
  '@odata.deltaLink': z.string().optional(),
});

export interface DeltaRound {
  changedIds: Set<string>;
  removed: Set<string>;
  deltaLink: string;
  /** The changeKey delta reported for a changed id, when it selected one. */
  changeKeys: Map<string, string>;
}

/** `firstPath` starts an initial round; a stored delta link continues one. */
export async function readDeltaRound(client: Client, firstPath: string, deltaLink: string | undefined, headers?: Record<string, string>): Promise<DeltaRound> {
  const changedIds = new Set<string>();
  const removed = new Set<string>();
  const changeKeys = new Map<string, string>();
  let path = deltaLink !== undefined ? graphPathOfLink(deltaLink) : firstPath;
  for (;;) {
    const page = await graphRequest(client, { method: 'GET', path, ...(headers ? { headers } : {}) }, deltaPageSchema);
    for (const item of page.value) {
      const [add, drop] = item['@removed'] ? [removed, changedIds] : [changedIds, removed];
      drop.delete(item.id);
      add.add(item.id);
      if (item.changeKey && !item['@removed']) changeKeys.set(item.id, item.changeKey);
      else changeKeys.delete(item.id);
    }
    const next = page['@odata.nextLink'];
    if (next !== undefined) path = graphPathOfLink(next);
    else if (page['@odata.deltaLink'] !== undefined) return { changedIds, removed, deltaLink: page['@odata.deltaLink'], changeKeys };
    else throw new ExternalServiceError('graph', 200, 'UnexpectedResponse', 'delta page has neither @odata.nextLink nor @odata.deltaLink');
  }
}
