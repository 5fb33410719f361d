// Gathers the link writes an executor starts in one turn of the event loop (the links of one Exchange chunk) and
// sends them as one `putMany`, so a chunk's links cost one storage transaction instead of one each.
import type { LinkRecord, LinkStore } from './ports/link-store-port';

interface Pending {
  link: LinkRecord;
  resolve: (link: LinkRecord) => void;
  reject: (error: Error) => void;
}

export class CoalescedLinkPuts {
  private pending: Pending[] = [];

  constructor(private readonly links: LinkStore) {}

  /** Same contract as `LinkStore.put`; writes started together are sent together. */
  put(link: LinkRecord): Promise<LinkRecord> {
    return new Promise((resolve, reject) => {
      if (this.pending.length === 0) setImmediate(() => void this.flush());
      this.pending.push({ link, resolve, reject });
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    try {
      const outcomes = await this.links.putMany(batch.map((p) => p.link));
      batch.forEach((p, i) => {
        const outcome = outcomes[i];
        if (!outcome) p.reject(new Error(`no outcome for link ${p.link.kind} '${p.link.lnKey}'`));
        else if (outcome.ok) p.resolve(outcome.link);
        else p.reject(outcome.error);
      });
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      for (const p of batch) p.reject(error);
    }
  }
}
