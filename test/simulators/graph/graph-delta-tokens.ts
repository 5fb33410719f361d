// Delta rounds for a contact folder: what a round reports, and the opaque skip/delta tokens that continue it.
// A delta token remembers the folder's members and change sequence; the next round reports what changed since.
import { randomBytes } from 'node:crypto';
import type { Mailbox } from './graph-mailbox-store';

/** What the client knew when the token was issued: folder members (immutable id → regular id then) and sequence. */
export interface DeltaState {
  mailboxId: string;
  folderId: string;
  seq: number;
  members: Map<string, string>;
  select?: string[];
}

export type DeltaEntry =
  | { kind: 'item'; immutableId: string }
  | { kind: 'removed'; immutableId: string; regularId: string; regularIdsOnly: boolean };

export interface DeltaRound {
  folderId: string;
  entries: DeltaEntry[];
  /** The state a deltaLink will carry once the round is fully read. */
  end: DeltaState;
}

export class GraphDeltaTokens {
  private readonly skips = new Map<string, { round: DeltaRound; offset: number }>();
  private readonly deltas = new Map<string, DeltaState>();

  /** Starts a round: everything in the folder (initial) or the changes since `from`. */
  startRound(mailbox: Mailbox, folderId: string, select: string[] | undefined, from?: DeltaState): DeltaRound {
    const inFolder = [...mailbox.contacts.values()].filter((c) => c.folderId === folderId).sort((a, b) => a.seq - b.seq);
    const members = new Map(inFolder.map((c) => [c.immutableId, c.regularId]));
    const end: DeltaState = { mailboxId: mailbox.id, folderId, seq: mailbox.seq, members, ...(select ? { select } : {}) };
    if (!from) return { folderId, entries: inFolder.map((c) => ({ kind: 'item', immutableId: c.immutableId })), end };
    const entries: DeltaEntry[] = inFolder.filter((c) => c.seq > from.seq).map((c) => ({ kind: 'item', immutableId: c.immutableId }));
    for (const [immutableId, regularId] of from.members) {
      const now = members.get(immutableId);
      // Left the folder (moved, deleted, purged): reported as removed.
      if (now === undefined) entries.push({ kind: 'removed', immutableId, regularId, regularIdsOnly: false });
      // Moved out and back: its old regular id is gone, so clients on regular ids see a removal too.
      else if (now !== regularId) entries.push({ kind: 'removed', immutableId, regularId, regularIdsOnly: true });
    }
    return { folderId, entries, end };
  }

  issueSkipToken(round: DeltaRound, offset: number): string {
    const token = opaqueToken();
    this.skips.set(token, { round, offset });
    return token;
  }

  issueDeltaToken(state: DeltaState): string {
    const token = opaqueToken();
    this.deltas.set(token, state);
    return token;
  }

  resolveSkipToken(token: string): { round: DeltaRound; offset: number } | undefined {
    return this.skips.get(token);
  }

  resolveDeltaToken(token: string): DeltaState | undefined {
    return this.deltas.get(token);
  }

  /** Forgets every token (of one mailbox, or all): the next use answers 410 and the client must resync. */
  expire(mailboxId?: string): void {
    for (const [token, state] of this.deltas) if (mailboxId === undefined || state.mailboxId === mailboxId) this.deltas.delete(token);
    for (const [token, skip] of this.skips) if (mailboxId === undefined || skip.round.end.mailboxId === mailboxId) this.skips.delete(token);
  }
}

function opaqueToken(): string {
  return randomBytes(24).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
