// Use case: one calendar synchronization run for one sync user (gather → plan → guard → execute → cursor).
// LN activities of the present and future ↔ the user's primary calendar within the horizon; past items are never read.
import { sameEmail } from '../domain/calendar-event';
import { CalendarExecutor } from './calendar-executor';
import { gatherCalendarPairs } from './calendar-gatherer';
import { planCalendar, type CalendarPlanContext } from './calendar-planner';
import type { CalendarAction } from './calendar-action';
import type { CalendarPair } from './calendar-pair';
import { buildDirectory, type CalendarDirectory } from './calendar-roles';
import type { ConflictPolicyName } from './conflict-policy';
import { checkMassDeletion, type MassDeleteLimits } from './mass-delete-guard';
import type { Clock } from './ports/clock-port';
import type { Cursor, CursorStore } from './ports/cursor-store-port';
import type { ExchangeEventPort } from './ports/exchange-event-port';
import type { LnActivityPort, LnEmployee } from './ports/ln-activity-port';
import type { LinkStore } from './ports/link-store-port';
import { runPasses } from './run-passes';
import { calendarHistory, recordHistory } from './history-entries';
import type { ItemHistoryStore } from './ports/item-history-port';
import type { PlanPreview } from './plan-preview';
import { heldCalendarItems, keepRejectedEvents } from './held-deletions';
import { addWarning, newRunReport, type RunReport } from './run-report';

export interface CalendarSyncSettings {
  horizonDays: number;
  policy: ConflictPolicyName;
  massDelete: MassDeleteLimits;
  fullReconcileHours: number;
  /** The calendar view window is reopened at `now` when older than this (default 60 minutes). */
  windowRefreshMinutes?: number;
}

export interface CalendarSyncPorts {
  ln: LnActivityPort;
  exchange: ExchangeEventPort;
  links: LinkStore;
  cursors: CursorStore;
  clock: Clock;
  /** Item history (B-U4); runs without it record none. */
  history?: ItemHistoryStore;
}

export interface CalendarRunOptions {
  /** Every active sync user's email (who can organize and receive meetings). */
  syncUsers: string[];
  full?: boolean;
  confirmDeletes?: boolean;
}

export const CALENDAR_SCOPE = 'calendar';
const DELETIONS = new Set<CalendarAction['type']>(['cancel-event', 'remove-event', 'delete-activity']);

export class CalendarSync {
  private readonly executor: CalendarExecutor;

  constructor(private readonly ports: CalendarSyncPorts, private readonly settings: CalendarSyncSettings) {
    this.executor = new CalendarExecutor(ports);
  }

  async run(user: string, options: CalendarRunOptions): Promise<RunReport> {
    const startedAt = this.ports.clock.now();
    const employees = await this.ports.ln.listEmployees(startedAt);
    const dir = buildDirectory(employees, options.syncUsers.includes(user) ? options.syncUsers : [...options.syncUsers, user]);
    const report = await runPasses((previous, index) => this.pass(user, dir, index === 0 ? options : { ...options, full: false }, previous, startedAt));
    for (const w of caseWarnings(user, employees)) addWarning(report, w);
    report.finishedAt = this.ports.clock.now().toISOString();
    return report;
  }

  private async pass(user: string, dir: CalendarDirectory, options: CalendarRunOptions, previous: RunReport | undefined, startedAt: Date): Promise<RunReport> {
    const cursor = await this.ports.cursors.get(user, CALENDAR_SCOPE);
    const { reconcile, window, gathered, verdict, ...planned } = await this.plan(user, dir, options, cursor);
    let actions = planned.actions;
    const report = previous ?? newRunReport(user, 'calendar', reconcile, startedAt.toISOString());
    for (const a of actions) if (a.type === 'create-event' && a.role === 'direct') addWarning(report, `activity ${a.lnKey}: the organizer is not a sync user, so no invitations can be sent; only invited sync users get the event (B-A3)`);
    const held = verdict.blocked && options.confirmDeletes !== true;
    if (held && verdict.message) {
      const message = verdict.message;
      report.held = heldCalendarItems(actions);
      actions = actions.map((a) => (DELETIONS.has(a.type) ? { type: 'noop', reason: message } : a));
      report.needsAttention = message;
      report.heldDeletions = verdict.deletions;
    }
    await this.executor.execute(actions, user, report);
    await recordHistory(this.ports, user, 'event', calendarHistory(actions, report, this.ports.clock.now().toISOString()), report);
    if (!report.errors.some((e) => e.transient)) {
      await this.advance(user, cursor, gathered, window, { reconcile, held, startedAt });
    }
    return report;
  }

  /** B-U5: what a run would do now, from live data, without writing (the caller passes read-only ports). */
  async preview(user: string, options: CalendarRunOptions): Promise<PlanPreview<CalendarAction>> {
    const employees = await this.ports.ln.listEmployees();
    const dir = buildDirectory(employees, options.syncUsers.includes(user) ? options.syncUsers : [...options.syncUsers, user]);
    const { reconcile, verdict, actions } = await this.plan(user, dir, options, await this.ports.cursors.get(user, CALENDAR_SCOPE));
    const preview: PlanPreview<CalendarAction> = { full: reconcile, actions, warnings: caseWarnings(user, employees) };
    if (verdict.blocked && options.confirmDeletes !== true && verdict.message) preview.held = verdict.message;
    return preview;
  }

  /** Gather and plan: the part of a pass that only reads. */
  private async plan(user: string, dir: CalendarDirectory, options: CalendarRunOptions, cursor: Cursor | undefined) {
    const now = this.ports.clock.now();
    const reconcile = options.full === true || !cursor?.lnWatermark || this.older(cursor.lastFullSync, now, this.settings.fullReconcileHours * 60);
    const reopen = reconcile || !cursor?.deltaLink || this.older(cursor.windowStart, now, this.settings.windowRefreshMinutes ?? 60);
    const window = reopen || !cursor?.windowStart || !cursor.windowEnd
      ? { start: iso(now), end: iso(new Date(now.getTime() + this.settings.horizonDays * 86_400_000)) }
      : { start: cursor.windowStart, end: cursor.windowEnd };
    const links = await this.ports.links.list(user, 'event');
    const gathered = await gatherCalendarPairs(this.ports, {
      user, now: iso(now), window, dir, links,
      lnWatermark: reconcile ? undefined : cursor?.lnWatermark,
      lnDeletedWatermark: reconcile ? undefined : cursor?.lnDeletedWatermark,
      deltaLink: reopen ? undefined : cursor?.deltaLink,
    });
    const ctx: CalendarPlanContext = { user, dir, policy: this.settings.policy, contactKeys: await this.contactKeys(gathered.pairs, dir) };
    const actions = keepRejectedEvents(gathered.pairs.map((p) => planCalendar(p, ctx)));
    gathered.pairs = []; // planned: the observations are not kept past here
    const verdict = checkMassDeletion(actions.filter((a) => DELETIONS.has(a.type)).length, links.length, this.settings.massDelete);
    return { reconcile, window, gathered, actions, verdict };
  }

  /** LN contact codes for the attendees of meetings about to be created in LN (B-A5). */
  private async contactKeys(pairs: CalendarPair[], dir: CalendarDirectory): Promise<Map<string, string>> {
    const emails = new Set<string>();
    for (const p of pairs) {
      if (p.link || p.ln.kind !== 'absent' || p.ex.kind !== 'present') continue;
      for (const a of [...p.ex.snap.attendees.map((x) => x.email), p.ex.snap.organizerEmail]) {
        if (a && !dir.employeesByEmail.has(a.toLowerCase())) emails.add(a);
      }
    }
    if (emails.size === 0) return new Map();
    const found = await this.ports.ln.findContactKeysByEmail([...emails]);
    return new Map([...found].map(([email, key]) => [email.toLowerCase(), key]));
  }

  private older(iso: string | undefined, now: Date, minutes: number): boolean {
    return !iso || now.getTime() - Date.parse(iso) >= minutes * 60_000;
  }

  private async advance(
    user: string,
    cursor: Cursor | undefined,
    gathered: { lnWatermark: string | undefined; lnDeletedWatermark: string | undefined; deltaLink: string },
    window: { start: string; end: string },
    run: { reconcile: boolean; held: boolean; startedAt: Date },
  ): Promise<void> {
    const next: Cursor = { ...(cursor ?? {}), user, scope: CALENDAR_SCOPE, deltaLink: gathered.deltaLink, windowStart: window.start, windowEnd: window.end };
    if (run.held && cursor?.deltaLink) {
      // held deletions found in Exchange must be seen again: keep the old position and window
      next.deltaLink = cursor.deltaLink;
      if (cursor.windowStart) next.windowStart = cursor.windowStart;
      if (cursor.windowEnd) next.windowEnd = cursor.windowEnd;
    }
    if (!run.held) {
      if (gathered.lnWatermark) next.lnWatermark = gathered.lnWatermark;
      if (gathered.lnDeletedWatermark) next.lnDeletedWatermark = gathered.lnDeletedWatermark;
      if (run.reconcile) next.lastFullSync = run.startedAt.toISOString();
      if (!next.lnWatermark) next.lnWatermark = run.startedAt.toISOString();
    }
    await this.ports.cursors.put(next);
  }
}

/** B-A4: LN wants exact case; we match regardless and say where the cases differ. */
function caseWarnings(user: string, employees: LnEmployee[]): string[] {
  return employees
    .filter((e) => sameEmail(e.email, user) && e.email !== user)
    .map((e) => `employee ${e.employee} has email '${e.email}', the sync user is '${user}': matched ignoring case; LN's own synchronizer needs the exact same case (B-A4)`);
}

function iso(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
