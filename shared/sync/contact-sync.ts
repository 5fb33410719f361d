// Use case: one contact synchronization run for one sync user (gather → plan → guard → execute → cursors).
// Cursors advance only when every change read this run was applied, so nothing is skipped after a failure.
import { exchangeExternalReference } from '../domain/external-reference';
import type { ContactDirection } from './contact-pair';
import { gatherContactPairs } from './contact-gatherer';
import { planContact } from './contact-planner';
import { ContactExecutor } from './contact-executor';
import type { ConflictPolicyName } from './conflict-policy';
import { checkMassDeletion, withoutDeletions, type MassDeleteLimits } from './mass-delete-guard';
import type { ExchangeContactPort, ExchangeContactSnapshot } from './ports/exchange-contact-port';
import type { ContactAction } from './contact-action';
import type { LinkStore } from './ports/link-store-port';
import type { LnContactPort, LnContactSnapshot } from './ports/ln-contact-port';
import type { Cursor, CursorStore } from './ports/cursor-store-port';
import type { Clock } from './ports/clock-port';
import type { IdentityClaimPort } from './ports/identity-claim-port';
import { addWarning, newRunReport, type RunReport } from './run-report';
import type { PlanPreview } from './plan-preview';
import { runPasses } from './run-passes';
import { doneContactHistory, type DoneContactAction } from './history-entries';
import { HistoryRecorder } from './history-recorder';
import type { ItemHistoryStore } from './ports/item-history-port';
import { heldContactItems, keepRejectedContacts } from './held-deletions';
import { forgetFolderWhenGone, keptFolderId } from './kept-sync-folder';

export interface ContactSyncSettings {
  folderName: string;
  direction: ContactDirection;
  policy: ConflictPolicyName;
  massDelete: MassDeleteLimits;
  /** A full LN reconciliation runs when the last one is older than this. */
  fullReconcileHours: number;
}

export interface ContactSyncPorts {
  ln: LnContactPort;
  exchange: ExchangeContactPort;
  links: LinkStore;
  cursors: CursorStore;
  clock: Clock;
  /** Item history (B-U4); runs without it record none. */
  history?: ItemHistoryStore;
  /** B-I7: claims on persons shared by every instance and user. */
  claims?: IdentityClaimPort;
}

export interface ContactRunOptions {
  /** Re-read everything on both sides instead of the changes since the last run. */
  full?: boolean;
  /** An administrator confirmed the deletions a mass-deletion guard held back (B-I3). */
  confirmDeletes?: boolean;
}

export const CONTACT_SCOPE = 'contacts';


export class ContactSync {
  private readonly executor: ContactExecutor;

  constructor(private readonly ports: ContactSyncPorts, private readonly settings: ContactSyncSettings) {
    this.executor = new ContactExecutor(ports);
  }

  /** Runs passes until one writes nothing (see run-passes.ts): an item we created and a user moved at once is never missed. */
  async run(user: string, options: ContactRunOptions = {}): Promise<RunReport> {
    const startedAt = this.ports.clock.now();
    this.ports.ln.refresh?.(startedAt); // B-I8: reference data read at most once per tick
    const report = await runPasses((previous, index) => this.pass(user, index === 0 ? options : { ...options, full: false }, previous, startedAt));
    report.finishedAt = this.ports.clock.now().toISOString();
    return report;
  }

  private async pass(user: string, options: ContactRunOptions, previous: RunReport | undefined, startedAt: Date): Promise<RunReport> {
    const cursor = await this.ports.cursors.get(user, CONTACT_SCOPE);
    const { reconcile, folderId, gathered, verdict, readAt, ...planned } = await this.plan(user, cursor, options, startedAt);
    let actions = planned.actions;
    const report = previous ?? newRunReport(user, 'contacts', reconcile, startedAt.toISOString());
    for (const w of gathered.warnings) addWarning(report, w);
    const held = verdict.blocked && options.confirmDeletes !== true;
    if (held && verdict.message) {
      report.held = heldContactItems(actions);
      actions = withoutDeletions(actions, verdict.message);
      report.needsAttention = verdict.message;
      report.heldDeletions = verdict.deletions;
    }
    const history = new HistoryRecorder(this.ports, user, 'contact', report); // written as chunks finish, not after them all
    const done = (finished: DoneContactAction[]) => history.add(doneContactHistory(finished, report, this.ports.clock.now().toISOString()));
    await this.executor.execute(actions, { user, folderId, exchangeFull: gathered.exchangeFull, planMatch: this.planMatch(user), done }, report);
    await history.finished();
    await this.advanceCursor(user, cursor, folderId, { ...gathered, deltaFrom: readAt }, { fullLn: reconcile, held, failed: report.errors.some((e) => e.transient), startedAt });
    return report;
  }

  /** B-U5: what a run would do now, from live data, without writing (the caller passes read-only ports). */
  async preview(user: string, options: ContactRunOptions = {}): Promise<PlanPreview<ContactAction>> {
    const startedAt = this.ports.clock.now();
    const cursor = await this.ports.cursors.get(user, CONTACT_SCOPE);
    const { reconcile, gathered, verdict, actions } = await this.plan(user, cursor, options, startedAt);
    const preview: PlanPreview<ContactAction> = { full: reconcile, actions, warnings: gathered.warnings };
    if (verdict.blocked && options.confirmDeletes !== true && verdict.message) preview.held = verdict.message;
    return preview;
  }

  /** Gather and plan: the part of a pass that only reads. */
  private async plan(user: string, cursor: Cursor | undefined, options: ContactRunOptions, startedAt: Date) {
    const reconcile = options.full === true || !cursor?.lnWatermark || this.reconcileDue(cursor, startedAt);
    // incremental runs use the kept folder id without a lookup; full runs look it up by id first (a folder renamed in
    // Outlook keeps syncing), by name when it is gone or the setting changed
    const kept = reconcile ? undefined : keptFolderId(cursor, this.settings.folderName);
    const knownId = cursor?.containerName === this.settings.folderName ? cursor.containerId : undefined;
    const folderId = kept ?? (await this.ports.exchange.ensureSyncFolder(user, this.settings.folderName, knownId));
    const fullExchange = reconcile || cursor?.containerId !== folderId || !cursor.deltaLink;
    const links = await this.ports.links.list(user, 'contact');
    const readAt = this.ports.clock.now().toISOString(); // before the delta round: every later write comes back in the next
    const gathered = await forgetFolderWhenGone(this.ports.cursors, kept ? cursor : undefined, gatherContactPairs(this.ports.ln, this.ports.exchange, {
      user, folderId, links, direction: this.settings.direction,
      lnWatermark: reconcile ? undefined : cursor?.lnWatermark,
      lnDeletedWatermark: reconcile ? undefined : cursor?.lnDeletedWatermark,
      deltaLink: fullExchange ? undefined : cursor?.deltaLink,
      deltaFrom: fullExchange ? undefined : cursor?.deltaFrom,
      folderReplaced: cursor?.containerId !== undefined && cursor.containerId !== folderId,
    }));
    const ctx = { direction: this.settings.direction, policy: this.settings.policy, externalReferenceFor: (id: string) => exchangeExternalReference(user, id) };
    const actions = keepRejectedContacts(gathered.pairs.map((p) => planContact(p, ctx)));
    gathered.pairs = []; // planned: the observations (snapshots of unchanged items among them) are not kept past here
    const verdict = checkMassDeletion(actions, links.filter((l) => l.state === 'linked').length, this.settings.massDelete);
    return { reconcile, folderId, gathered, actions, verdict, readAt };
  }

  /** B-I7: plans the pair when another user's run created the same person first and this copy is linked to it. */
  private planMatch(user: string) {
    const ctx = { direction: this.settings.direction, policy: this.settings.policy, externalReferenceFor: (id: string) => exchangeExternalReference(user, id) };
    return (ln: LnContactSnapshot, ex: ExchangeContactSnapshot): ContactAction =>
      planContact({ link: undefined, ln: ln.synchronize ? { kind: 'present', snap: ln } : { kind: 'left-group', snap: ln }, ex: { kind: 'present', snap: ex } }, ctx);
  }

  private reconcileDue(cursor: Cursor, now: Date): boolean {
    if (!cursor.lastFullSync) return true;
    return now.getTime() - Date.parse(cursor.lastFullSync) >= this.settings.fullReconcileHours * 3_600_000;
  }

  private async advanceCursor(
    user: string,
    cursor: Cursor | undefined,
    folderId: string,
    gathered: { lnWatermark: string | undefined; lnDeletedWatermark: string | undefined; deltaLink: string; deltaFrom: string },
    run: { fullLn: boolean; held: boolean; failed: boolean; startedAt: Date },
  ): Promise<void> {
    if (run.failed) return; // retry will read the same changes again
    const next: Cursor = { ...(cursor ?? {}), user, scope: CONTACT_SCOPE, containerId: folderId, containerName: this.settings.folderName, deltaLink: gathered.deltaLink, deltaFrom: gathered.deltaFrom };
    if (run.held && cursor?.deltaLink && cursor.containerId === folderId) {
      next.deltaLink = cursor.deltaLink; // held deletions found in Exchange are seen again too
      if (cursor.deltaFrom !== undefined) next.deltaFrom = cursor.deltaFrom;
      else delete next.deltaFrom;
    }
    if (!run.held) {
      // held deletions must be seen again: LN positions stay where they were
      if (gathered.lnWatermark) next.lnWatermark = gathered.lnWatermark;
      if (gathered.lnDeletedWatermark) next.lnDeletedWatermark = gathered.lnDeletedWatermark;
      if (run.fullLn) next.lastFullSync = run.startedAt.toISOString();
      if (!next.lnWatermark) next.lnWatermark = run.startedAt.toISOString(); // empty sync group: start from now
    }
    await this.ports.cursors.put(next);
  }
}
