// LnActivityPort over LN's OData services: reads and writes Activities with their Attendees, tombstones, employees.
// Reads never ask for past activities (B-A1: every activity query carries `EndDate ge {now}`) except by key or reference.
// Strings written are shortened to their LN field's length first, with one warning per activity (B-C12).
import type { EventFields } from '../domain/calendar-event';
import { ExternalServiceError } from '../domain/external-service-error';
import type {
  LnActivityPort,
  LnActivitySnapshot,
  LnActivityStatus,
  LnAttendeePatch,
  LnEmployee,
  NewLnActivity,
} from '../sync/ports/ln-activity-port';
import {
  lnActivityEnumType,
  lnActivitySchema,
  lnAttendeeSchema,
  lnContactEmailSchema,
  lnDeletedActivitySchema,
  type LnActivityEntity,
  type LnActivityWithAttendees,
} from './ln-activity-entities';
import { attendeePatchToLnBody, fieldsToLnActivityBody, lnActivityToSnapshot, newAttendeeToLnBody, type LnActivityBody } from './ln-activity-mapper';
import { lnEmployeeSchema } from './ln-entities';
import type { LnODataClient } from './ln-odata-client';
import { defaultLnServiceNames, type LnServiceNames } from './ln-service-names';
import { odataDateTime, odataEnum, odataKeyPath, odataString } from './odata-literals';
import { TickCache } from './reference-tick';
import { fieldLengthWarning, fitFieldLengths, type ShortenedField } from './fit-field-lengths';
import { LnFieldLengths } from './ln-field-lengths';

export interface LnActivityStoreOptions {
  client: LnODataClient;
  names?: LnServiceNames;
  /** LN's field lengths (B-C12); one per process, shared with the contact store. Default: read through `client`. */
  fieldLengths?: LnFieldLengths;
}

/** Identifiers are never shortened: a cut iCalUId would not find its activity again. */

/** Emails looked up per Contacts request; keeps $filter URLs short. */
const EMAIL_LOOKUP_CHUNK = 15;

const EXPAND = { $expand: 'Attendees' } as const;

export class LnActivityStore implements LnActivityPort {
  private readonly client: LnODataClient;
  private readonly names: LnServiceNames;
  private readonly employees = new TickCache<LnEmployee[]>();
  private readonly lengths: LnFieldLengths;

  constructor(options: LnActivityStoreOptions) {
    this.client = options.client;
    this.names = options.names ?? defaultLnServiceNames;
    this.lengths = options.fieldLengths ?? new LnFieldLengths(options.client, this.names);
  }

  async listInScope(now: string): Promise<LnActivitySnapshot[]> {
    const type = (member: string) => `Type eq ${odataEnum(lnActivityEnumType(this.names.activity, 'ActivityType'), member)}`;
    return this.query(`Synchronize eq true and EndDate ge ${odataDateTime(now)} and (${type('Appointment')} or ${type('Call')})`);
  }

  async listChanged(since: string, now: string): Promise<LnActivitySnapshot[]> {
    return this.query(`LastModificationDate gt ${odataDateTime(since)} and EndDate ge ${odataDateTime(now)}`);
  }

  async listDeleted(since: string): Promise<Array<{ key: string; deletedAt: string }>> {
    const rows = await this.client.list(
      this.names.activity,
      this.names.deletedActivities,
      { $filter: `DeletionDate gt ${odataDateTime(since)}` },
      lnDeletedActivitySchema,
    );
    return rows.map((r) => ({ key: r.Activity, deletedAt: r.DeletionDate }));
  }

  async get(key: string): Promise<LnActivitySnapshot | undefined> {
    const entity = await this.client.get(this.names.activity, this.activityPath(key), lnActivitySchema, EXPAND);
    return entity === undefined ? undefined : lnActivityToSnapshot(await this.withAttendees(entity));
  }

  async findByExternalReference(ref: string): Promise<LnActivitySnapshot[]> {
    return this.query(`ExternalReference eq ${odataString(ref)}`);
  }

  /** With `now`: read at most once per tick (B-I8); without: read now. */
  listEmployees(now?: Date): Promise<LnEmployee[]> {
    return this.employees.get(now, () => this.readEmployees());
  }

  private async readEmployees(): Promise<LnEmployee[]> {
    const rows = await this.client.list(this.names.employee, this.names.employees, {}, lnEmployeeSchema);
    return rows.map((e) => ({ employee: e.Employee, name: e.Name, user: e.User, email: e.Email }));
  }

  /** Lower-cased email → LN contact code; LN matches the emails exactly as stored (the first contact wins). */
  async findContactKeysByEmail(emails: string[]): Promise<Map<string, string>> {
    const wanted = [...new Set(emails.map((e) => e.trim()).filter((e) => e !== ''))];
    const found = new Map<string, string>();
    for (let i = 0; i < wanted.length; i += EMAIL_LOOKUP_CHUNK) {
      const filter = wanted
        .slice(i, i + EMAIL_LOOKUP_CHUNK)
        .map((e) => `Email eq ${odataString(e)}`)
        .join(' or ');
      const rows = await this.client.list(this.names.contact, this.names.contacts, { $filter: filter, $select: 'Contact,Email' }, lnContactEmailSchema);
      for (const row of rows) {
        const email = row.Email.trim().toLowerCase();
        if (email !== '' && !found.has(email)) found.set(email, row.Contact);
      }
    }
    return found;
  }

  /** Idempotent on `externalReference` (the iCalUId): an activity already created with it is returned, not duplicated. */
  async create(activity: NewLnActivity): Promise<LnActivitySnapshot> {
    const existing = await this.findByExternalReference(activity.externalReference);
    if (existing[0]) return existing[0];
    const item = `activity for event ${activity.externalReference}`;
    const own = await this.lengths.fit(this.names.activity, this.names.activities, item, {
      ...fieldsToLnActivityBody(activity.fields),
      Type: 'Appointment',
      CreatedByLN: false,
      Synchronize: true,
      ExternalReference: activity.externalReference,
      Organizer: activity.organizer,
    } satisfies LnActivityBody);
    const attendeeLengths = await this.lengths.of(this.names.activity, this.names.attendees);
    const attendees = activity.attendees.map((a) => fitFieldLengths(newAttendeeToLnBody(a), attendeeLengths));
    const body = { ...own.body, Attendees: attendees.map((a) => a.body) };
    const created = await this.lengths.written(this.names.activity, () => this.client.post(this.names.activity, this.names.activities, body, lnActivitySchema));
    const shortened = [...own.shortened, ...attendees.flatMap((a) => a.shortened.map((f) => ({ ...f, path: `${this.names.attendees}/${f.path}` })))];
    return this.withWarning(lnActivityToSnapshot(await this.withAttendees(created)), shortened);
  }

  async update(
    key: string,
    etag: string,
    patch: Partial<EventFields>,
    extra: { status?: LnActivityStatus; externalReference?: string } = {},
  ): Promise<LnActivitySnapshot> {
    const body: LnActivityBody = { ...fieldsToLnActivityBody(patch) };
    if (extra.status !== undefined) body.Status = extra.status;
    if (extra.externalReference !== undefined) body.ExternalReference = extra.externalReference;
    if (Object.keys(body).length === 0) return this.unchanged(key, etag);
    const fitted = await this.lengths.fit(this.names.activity, this.names.activities, `activity ${key}`, body);
    const updated = await this.lengths.written(this.names.activity, () => this.client.patch(this.names.activity, this.activityPath(key), fitted.body, etag, lnActivitySchema));
    return this.withWarning(lnActivityToSnapshot(await this.withAttendees(updated)), fitted.shortened);
  }

  /** One warning for the activity, naming its LN key, when anything was shortened; and a `$metadata` problem, once. */
  private withWarning(snapshot: LnActivitySnapshot, shortened: ShortenedField[]): LnActivitySnapshot {
    const warnings = [fieldLengthWarning(`activity ${snapshot.key}`, shortened), ...this.lengths.takeNotices()].filter((w) => w !== undefined);
    return warnings.length > 0 ? { ...snapshot, warnings } : snapshot;
  }

  async delete(key: string, etag: string): Promise<void> {
    await this.client.delete(this.names.activity, this.activityPath(key), etag);
  }

  async updateAttendee(activity: string, line: number, etag: string, patch: LnAttendeePatch): Promise<void> {
    const body = attendeePatchToLnBody(patch);
    if (Object.keys(body).length === 0) return;
    const path = odataKeyPath(this.names.attendees, { Activity: activity, Line: line });
    await this.client.patch(this.names.activity, path, body, etag, lnAttendeeSchema);
  }

  private activityPath(key: string): string {
    return odataKeyPath(this.names.activities, key);
  }

  private async query(filter: string): Promise<LnActivitySnapshot[]> {
    const rows = await this.client.list(this.names.activity, this.names.activities, { $filter: filter, ...EXPAND }, lnActivitySchema);
    return Promise.all(rows.map(async (row) => lnActivityToSnapshot(await this.withAttendees(row))));
  }

  /** A write answer (or a server that ignored $expand) may lack the attendees: read them by key then. */
  private async withAttendees(entity: LnActivityEntity): Promise<LnActivityWithAttendees> {
    if (entity.Attendees !== undefined) return { ...entity, Attendees: entity.Attendees };
    const full = await this.client.get(this.names.activity, this.activityPath(entity.Activity), lnActivitySchema, EXPAND);
    if (full?.Attendees === undefined) throw new ExternalServiceError('ln', 404, 'NotFound', `activity ${entity.Activity} has no readable attendees`);
    return { ...full, Attendees: full.Attendees };
  }

  /** Nothing to write: still honour the ETag contract so callers see a 412 for a stale etag. */
  private async unchanged(key: string, etag: string): Promise<LnActivitySnapshot> {
    const current = await this.get(key);
    if (!current) throw new ExternalServiceError('ln', 404, 'NotFound', `activity ${key} does not exist`);
    if (current.etag !== etag) throw new ExternalServiceError('ln', 412, 'PreconditionFailed', `activity ${key} changed`);
    return current;
  }
}
