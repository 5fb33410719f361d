// LN's field lengths per entity set: the MaxLength facets of each service's `$metadata`, read once per process and
// only when a write is about to happen; without a usable `$metadata` the known limits of ln-api.md apply.
import { ExternalServiceError } from '../domain/external-service-error';
import { parseCsdlMaxLengths, type CsdlMaxLengths } from './csdl-max-lengths';
import { LnInvalidResponseError } from './ln-invalid-response-error';
import { fitFieldLengths, tooLongMessage, type FieldLengthOf, type FittedBody } from './fit-field-lengths';
import type { LnODataClient } from './ln-odata-client';
import { defaultLnServiceNames, type LnServiceNames } from './ln-service-names';

/** ln-api.md "Field lengths": keys hold 9 characters wherever they appear. */
const KEY_PROPERTIES: ReadonlySet<string> = new Set(['Contact', 'Activity', 'BusinessPartner', 'Employee']);
const KEY_LENGTH = 9;
/** Identifiers are never cut: a cut reference would not find its item again (an over-long one refuses the write). */
const EXACT: ReadonlySet<string> = new Set(['ExternalReference']);

/** ln-api.md "Field lengths": the limits known without `$metadata`, per entity set. */
function knownLengths(names: LnServiceNames): ReadonlyMap<string, ReadonlyMap<string, number>> {
  return new Map([
    [names.businessPartners, new Map([['Name', 35]])],
    [names.contacts, new Map([['WorkAddress/Country', 3]])],
  ]);
}

export class LnFieldLengths {
  private readonly services = new Map<string, Promise<CsdlMaxLengths | undefined>>();
  /** Problems with a service's `$metadata` not reported yet (the known limits were used instead). */
  private readonly notices = new Map<string, string>();
  private readonly known: ReadonlyMap<string, ReadonlyMap<string, number>>;

  constructor(
    private readonly client: LnODataClient,
    names: LnServiceNames = defaultLnServiceNames,
  ) {
    this.known = knownLengths(names);
  }

  /** The lengths of one entity set: a facet in `$metadata` wins; otherwise the known limit, if any. */
  async of(service: string, entitySet: string): Promise<FieldLengthOf> {
    const facets = (await this.metadata(service))?.get(entitySet);
    const known = this.known.get(entitySet);
    return (path) => facets?.get(path) ?? known?.get(path) ?? (KEY_PROPERTIES.has(path.split('/').at(-1) ?? '') ? KEY_LENGTH : undefined);
  }

  /** B-C12: `body` with every string cut to its field of `entitySet`; an over-long reference refuses the write. */
  async fit<T extends object>(service: string, entitySet: string, item: string, body: T): Promise<FittedBody<T>> {
    const fit = fitFieldLengths(body, await this.of(service, entitySet), EXACT);
    if (fit.tooLong.length > 0) throw new ExternalServiceError('ln', 400, 'FieldTooLong', tooLongMessage(item, fit.tooLong));
    return fit;
  }

  /** Runs a write to `service`; LN refusing it (400) may mean a field length changed, so its lengths are read again. */
  async written<T>(service: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      if (err instanceof ExternalServiceError && err.status === 400) this.forget(service);
      throw err;
    }
  }

  /** Reports, once per process and service, that a `$metadata` could not be used and the known limits apply. */
  takeNotices(): string[] {
    const notices = [...this.notices.values()];
    this.notices.clear();
    return notices;
  }

  /** Forgets what was read for `service`: LN refused a write (400), so a changed field length is read again. */
  forget(service: string): void {
    this.services.delete(service);
  }

  /** Kept for the life of the process: field lengths change only when LN itself is reconfigured. A failed read is
   *  not kept (the next write tries again); a 404 is kept, and the known limits apply. */
  private metadata(service: string): Promise<CsdlMaxLengths | undefined> {
    let read = this.services.get(service);
    if (!read) {
      read = this.client.metadata(service)
        .then((xml) => (xml === undefined ? undefined : parseCsdlMaxLengths(xml, `${service}/$metadata`)))
        .catch((err: unknown) => this.unusable(service, err));
      read.catch(() => {
        if (this.services.get(service) === read) this.services.delete(service);
      });
      this.services.set(service, read);
    }
    return read;
  }

  /** A document LN serves but that cannot be used (not CSDL, or refused as a request) must not stop writes: the known
   *  limits apply and status says why, once. Transient failures (5xx, 429, network) are thrown and not kept. */
  private unusable(service: string, err: unknown): undefined {
    const refused = err instanceof ExternalServiceError && ((err.status >= 400 && err.status < 500 && ![401, 408, 429].includes(err.status)) || err.status === 501);
    if (!(err instanceof LnInvalidResponseError) && !refused) throw err;
    const why = err instanceof Error ? err.message : String(err);
    this.notices.set(service, `B-C12: LN's ${service}/$metadata could not be used (${why}); the field lengths ln-api.md names apply instead`);
    return undefined;
  }
}
