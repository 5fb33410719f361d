// LnContactPort over LN's OData services: reads and writes Contacts and maps them to domain contacts.
// Reference data (Languages, Countries, business-partner names) is cached for one scheduler tick: read at most once a tick.
// Every string written is shortened to its LN field's length first, with one warning per contact (B-C12).
import type { ContactFields } from '../domain/contact';
import { ExternalServiceError } from '../domain/external-service-error';
import type { LnContactPort, LnContactSnapshot, LnContactTombstone } from '../sync/ports/ln-contact-port';
import type { IdentityClaimPort } from '../sync/ports/identity-claim-port';
import { accountIdentity } from '../domain/contact-identity';
import { fieldsToLnContactBody, lnContactToFields, type LnCodeTables } from './ln-contact-mapper';
import {
  lnBusinessPartnerSchema,
  lnContactKeySchema,
  lnContactSchema,
  lnCountrySchema,
  lnDeletedContactSchema,
  lnLanguageSchema,
  type LnBusinessPartner,
  type LnContactEntity,
} from './ln-entities';
import type { LnODataClient } from './ln-odata-client';
import { defaultLnServiceNames, type LnServiceNames } from './ln-service-names';
import { odataDateTime, odataKeyPath, odataString } from './odata-literals';
import { tickOf } from './reference-tick';
import { fieldLengthWarning, shortenText, type ShortenedField } from './fit-field-lengths';
import { LnFieldLengths } from './ln-field-lengths';

export interface LnContactStoreOptions {
  client: LnODataClient;
  names?: LnServiceNames;
  /** B-I7: claims on account names, so two instances creating contacts of one new company create one account. */
  claims?: IdentityClaimPort;
  /** LN's field lengths (B-C12); one per process, shared with the activity store. Default: read through `client`. */
  fieldLengths?: LnFieldLengths;
}

/** Identifiers are never shortened: a cut reference would not find its item again. */

/** Business partners looked up per request; keeps $filter URLs short. */
const BP_LOOKUP_CHUNK = 15;

export class LnContactStore implements LnContactPort {
  private readonly client: LnODataClient;
  private readonly names: LnServiceNames;
  private codeTables: Promise<LnCodeTables> | undefined;
  private readonly bpNames = new Map<string, string>();
  /** The tick the cached reference data belongs to (undefined: not tied to a tick). */
  private cacheTick: number | undefined;
  private readonly claims: IdentityClaimPort | undefined;
  private readonly lengths: LnFieldLengths;

  constructor(options: LnContactStoreOptions) {
    this.client = options.client;
    this.names = options.names ?? defaultLnServiceNames;
    this.claims = options.claims;
    this.lengths = options.fieldLengths ?? new LnFieldLengths(options.client, this.names);
  }

  async listChanged(since: string | undefined, known?: (key: string, etag: string) => boolean): Promise<LnContactSnapshot[]> {
    const filter = since === undefined ? 'Synchronize eq true' : `LastModificationDate gt ${odataDateTime(since)}`;
    const snapshots: LnContactSnapshot[] = [];
    // page by page: a page's raw entities are dropped once mapped, so a large sync group is never held twice
    for await (const page of this.client.pages(this.names.contact, this.names.contacts, { $filter: filter }, lnContactSchema)) {
      const fresh = known ? page.filter((e) => !known(e.Contact, e['@odata.etag'])) : page;
      if (fresh.length > 0) snapshots.push(...(await this.toSnapshots(fresh))); // nothing new: no reference data read
    }
    return snapshots;
  }

  async listSyncGroupKeys(): Promise<Array<{ key: string; modifiedAt: string }>> {
    const rows = await this.client.list(
      this.names.contact,
      this.names.contacts,
      { $filter: 'Synchronize eq true', $select: 'Contact,LastModificationDate' },
      lnContactKeySchema,
    );
    return rows.map((r) => ({ key: r.Contact, modifiedAt: r.LastModificationDate }));
  }

  async listDeleted(since: string): Promise<LnContactTombstone[]> {
    const rows = await this.client.list(
      this.names.contact,
      this.names.deletedContacts,
      { $filter: `DeletionDate gt ${odataDateTime(since)}` },
      lnDeletedContactSchema,
    );
    return rows.map((r) => ({ key: r.Contact, deletedAt: r.DeletionDate }));
  }

  async get(key: string): Promise<LnContactSnapshot | undefined> {
    const entity = await this.client.get(this.names.contact, odataKeyPath(this.names.contacts, key), lnContactSchema);
    return entity === undefined ? undefined : (await this.toSnapshots([entity]))[0];
  }

  async findByExternalReference(ref: string): Promise<LnContactSnapshot | undefined> {
    return (await this.query(`ExternalReference eq ${odataString(ref)}`))[0];
  }

  async findByEmail(email: string): Promise<LnContactSnapshot[]> {
    return this.query(`Email eq ${odataString(email)}`);
  }

  /** Idempotent on `externalReference`: a contact already created with it (e.g. before a lost answer) is returned. */
  async create(fields: ContactFields, externalReference: string): Promise<LnContactSnapshot> {
    const existing = await this.findByExternalReference(externalReference);
    if (existing) return existing;
    const tables = await this.tables();
    const { code: businessPartner, shortened: account } = await this.accountFor(fields, externalReference);
    const personal = [fields.givenName.trim(), fields.surname.trim()].filter((s) => s !== '').join(' ');
    const item = `contact ${fields.email.trim() || personal || externalReference}`;
    const { body, shortened } = await this.lengths.fit(this.names.contact, this.names.contacts, item, {
      ...fieldsToLnContactBody(withoutCompany(fields), tables),
      BusinessPartner: businessPartner,
      Synchronize: true,
      ExternalReference: externalReference,
    });
    const created = await this.lengths.written(this.names.contact, () => this.client.post(this.names.contact, this.names.contacts, body, lnContactSchema));
    const snapshot = this.toSnapshot(created, tables);
    const warning = fieldLengthWarning(item, [...(account ? [account] : []), ...shortened]);
    if (warning) snapshot.warnings.push(warning);
    snapshot.warnings.push(...this.lengths.takeNotices());
    return snapshot;
  }

  async update(key: string, etag: string, patch: Partial<ContactFields>, synchronize?: boolean): Promise<LnContactSnapshot> {
    const tables = await this.tables();
    const body: Record<string, unknown> = { ...fieldsToLnContactBody(withoutCompany(patch), tables) };
    if (synchronize !== undefined) body.Synchronize = synchronize;
    const path = odataKeyPath(this.names.contacts, key);
    if (Object.keys(body).length === 0) return this.unchanged(key, etag);
    const item = `contact ${key}`;
    const fitted = await this.lengths.fit(this.names.contact, this.names.contacts, item, body);
    const updated = await this.lengths.written(this.names.contact, () => this.client.patch(this.names.contact, path, fitted.body, etag, lnContactSchema));
    const snapshot = this.toSnapshot(updated, tables);
    const warning = fieldLengthWarning(item, fitted.shortened);
    if (warning) snapshot.warnings.push(warning);
    snapshot.warnings.push(...this.lengths.takeNotices());
    return snapshot;
  }

  /** Nothing to write: still honour the ETag contract so callers see a 412 for a stale etag. */
  private async unchanged(key: string, etag: string): Promise<LnContactSnapshot> {
    const current = await this.get(key);
    if (!current) throw new ExternalServiceError('ln', 404, 'NotFound', `contact ${key} does not exist`);
    if (current.etag !== etag) throw new ExternalServiceError('ln', 412, 'PreconditionFailed', `contact ${key} changed`);
    return current;
  }

  /** The existing business partner named exactly like the company (or "First Last"), else a new one with that name.
   *  Looking up first also keeps a retried create from leaving a second account behind; a new account is created
   *  only under a claim on its name (B-I7), so two instances never create the same account at once. */
  private async accountFor(fields: ContactFields, owner: string): Promise<{ code: string; shortened?: ShortenedField }> {
    const company = fields.companyName.trim();
    const personal = [fields.givenName.trim(), fields.surname.trim()].filter((s) => s !== '').join(' ');
    const wanted = company !== '' ? company : personal !== '' ? personal : fields.email.trim();
    const limit = (await this.lengths.of(this.names.businessPartner, this.names.businessPartners))('Name');
    const name = limit === undefined ? wanted : shortenText(wanted, limit); // B-C12: shortened to fit, never sent over-long
    const account = (await this.accountNamed(name)) ?? (await this.createAccount(name, owner));
    this.bpNames.set(account.BusinessPartner, account.Name);
    if (name === wanted || limit === undefined) return { code: account.BusinessPartner };
    return { code: account.BusinessPartner, shortened: { path: 'company name', limit, note: `its account is '${name}'` } };
  }

  private async accountNamed(name: string): Promise<LnBusinessPartner | undefined> {
    const matches = await this.client.list(this.names.businessPartner, this.names.businessPartners, { $filter: `Name eq ${odataString(name)}` }, lnBusinessPartnerSchema);
    return matches.sort((a, b) => a.BusinessPartner.localeCompare(b.BusinessPartner)).find((bp) => bp.Name === name);
  }

  private async createAccount(name: string, owner: string): Promise<LnBusinessPartner> {
    const post = (): Promise<LnBusinessPartner> =>
      this.lengths.written(this.names.businessPartner, () => this.client.post(this.names.businessPartner, this.names.businessPartners, { Name: name }, lnBusinessPartnerSchema));
    if (!this.claims) return post();
    const identity = accountIdentity(name);
    const outcome = await this.claims.take('business-partner', identity, owner);
    const again = await this.accountNamed(name); // under the claim, or after another holder created it
    if (again) return again;
    if (outcome.kind === 'taken') {
      if (outcome.lnKey !== undefined) await this.claims.forget('business-partner', identity, outcome.lnKey);
      throw new ExternalServiceError('storage', 409, 'AccountClaimed', `another sync user is creating the business partner '${name}' in LN at this moment; retried`);
    }
    const created = await post();
    await this.claims.complete('business-partner', identity, owner, created.BusinessPartner);
    return created;
  }

  /**
   * Forgets cached business-partner names and code tables when `now` falls in a later scheduler tick (UTC minute) than
   * the one they were read in, or always without `now`: renames and new ISO codes show at the next tick (B-I8).
   */
  refresh(now?: Date): void {
    const tick = now === undefined ? undefined : tickOf(now);
    if (tick !== undefined && tick === this.cacheTick) return;
    this.cacheTick = tick;
    this.bpNames.clear();
    this.codeTables = undefined;
  }

  private async query(filter: string): Promise<LnContactSnapshot[]> {
    const entities = await this.client.list(this.names.contact, this.names.contacts, { $filter: filter }, lnContactSchema);
    return this.toSnapshots(entities);
  }

  private async toSnapshots(entities: LnContactEntity[]): Promise<LnContactSnapshot[]> {
    const tables = await this.tables();
    await this.loadBusinessPartnerNames(entities.map((e) => e.BusinessPartner));
    return entities.map((e) => this.toSnapshot(e, tables));
  }

  private toSnapshot(entity: LnContactEntity, tables: LnCodeTables): LnContactSnapshot {
    const companyName = this.bpNames.get(entity.BusinessPartner) ?? '';
    const { fields, warnings } = lnContactToFields(entity, companyName, tables);
    return {
      key: entity.Contact,
      etag: entity['@odata.etag'],
      synchronize: entity.Synchronize,
      modifiedAt: entity.LastModificationDate,
      externalReference: entity.ExternalReference,
      fields,
      warnings,
    };
  }

  private async loadBusinessPartnerNames(codes: string[]): Promise<void> {
    const missing = [...new Set(codes)].filter((c) => c !== '' && !this.bpNames.has(c));
    for (let i = 0; i < missing.length; i += BP_LOOKUP_CHUNK) {
      const chunk = missing.slice(i, i + BP_LOOKUP_CHUNK);
      const filter = chunk.map((c) => `BusinessPartner eq ${odataString(c)}`).join(' or ');
      const rows = await this.client.list(this.names.businessPartner, this.names.businessPartners, { $filter: filter }, lnBusinessPartnerSchema);
      for (const bp of rows) this.bpNames.set(bp.BusinessPartner, bp.Name);
    }
  }

  private tables(): Promise<LnCodeTables> {
    this.codeTables ??= this.loadTables().catch((err: unknown) => {
      this.codeTables = undefined; // a failed load is retried by the next call
      throw err;
    });
    return this.codeTables;
  }

  private async loadTables(): Promise<LnCodeTables> {
    const [languages, countries] = await Promise.all([
      this.client.list(this.names.contact, this.names.languages, {}, lnLanguageSchema),
      this.client.list(this.names.contact, this.names.countries, {}, lnCountrySchema),
    ]);
    return { languages, countries };
  }
}

function withoutCompany(fields: Partial<ContactFields>): Partial<ContactFields> {
  const { companyName: _ignored, ...rest } = fields;
  return rest;
}
