// Writes a run's item history (B-U4) while the run goes on: entries handed over are written in the background, one
// write at a time and a few hundred together, so history never holds up Exchange writes and costs few storage calls.
import type { LinkKind, LinkStore } from './ports/link-store-port';
import type { HistoryEntry, ItemHistoryStore } from './ports/item-history-port';
import { recordHistory } from './history-entries';
import type { RunReport } from './run-report';

/** Entries gathered before a background write starts (past 100, the store reads previous entries with one query). */
const WRITE_AT = 200;

export class HistoryRecorder {
  private waiting: HistoryEntry[] = [];
  private writing: Promise<void> = Promise.resolve();
  private busy = false;

  constructor(
    private readonly ports: { history?: ItemHistoryStore | undefined; links: LinkStore },
    private readonly user: string,
    private readonly kind: LinkKind,
    private readonly report: RunReport,
  ) {}

  add(entries: HistoryEntry[]): void {
    if (!this.ports.history || entries.length === 0) return;
    this.waiting.push(...entries);
    if (!this.busy && this.waiting.length >= WRITE_AT) this.writing = this.drain();
  }

  /** Writes what is left; resolves when everything handed over is written (a failed write is a run warning only). */
  async finished(): Promise<void> {
    await this.writing;
    if (this.waiting.length > 0) await (this.writing = this.drain());
  }

  private async drain(): Promise<void> {
    this.busy = true;
    try {
      while (this.waiting.length > 0) {
        const entries = this.waiting;
        this.waiting = [];
        await recordHistory(this.ports, this.user, this.kind, entries, this.report);
      }
    } finally {
      this.busy = false;
    }
  }
}
