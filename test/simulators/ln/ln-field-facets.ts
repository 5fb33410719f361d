// The LN simulator's field lengths: a MaxLength facet per string property and entity set, served in `$metadata`
// and enforced on every write (ln-api.md "Field lengths": LN answers 400 for a string longer than its field).
// Lengths count characters (Unicode code points), as OData's MaxLength does for Edm.String (CSDL XML 4.01, 7.2.1).
import { defaultLnServiceNames as names } from '../../../shared/ln/ln-service-names';
import type { EntityData } from './entity-set-store';

/** Property path (`Name`, `WorkAddress/Country`) → MaxLength, per `service/EntitySet`. */
export type LnFacetTable = Record<string, Record<string, number>>;

const setKey = (service: string, set: string) => `${service}/${set}`;

/** Realistic LN lengths: codes 9 (keys), 3 (language, country); names 35; job title 30; email 100; phones 32.
 *  `Text` (LN's text manager) has no facet. References hold what the service writes: `EX-` + 24 characters for
 *  contacts, an Exchange iCalUId (112 hexadecimal characters, longer for meetings from other systems) for activities. */
export function defaultLnFacets(): LnFacetTable {
  return {
    [setKey(names.contact, names.contacts)]: {
      Contact: 9, FirstName: 35, MiddleName: 35, LastName: 35, FullName: 100, JobTitle: 30, Title: 20, Email: 100,
      OfficePhone: 32, MobilePhone: 32, HomePhone: 32, Fax: 32, Language: 3, BusinessPartner: 9, ExternalReference: 30,
      'WorkAddress/Street': 35, 'WorkAddress/HouseNumber': 10, 'WorkAddress/City': 35, 'WorkAddress/ZIPCode': 10,
      'WorkAddress/State': 35, 'WorkAddress/Country': 3,
    },
    [setKey(names.contact, names.deletedContacts)]: { Contact: 9 },
    [setKey(names.contact, names.languages)]: { Language: 3, Description: 30, ISOCode: 8 },
    [setKey(names.contact, names.countries)]: { Country: 3, Description: 30, ISOCodeAlpha2: 2 },
    [setKey(names.businessPartner, names.businessPartners)]: { BusinessPartner: 9, Name: 35 },
    [setKey(names.activity, names.activities)]: { Activity: 9, Subject: 60, Location: 100, Organizer: 9, ExternalReference: 255 },
    [setKey(names.activity, names.attendees)]: { Activity: 9, Employee: 9, Contact: 9, FullName: 100, Email: 100 },
    [setKey(names.activity, names.deletedActivities)]: { Activity: 9 },
    [setKey(names.employee, names.employees)]: { Employee: 9, Name: 35, Email: 100 },
  };
}

export class LnFieldFacets {
  private readonly table: LnFacetTable;

  constructor(overrides: LnFacetTable = {}) {
    this.table = defaultLnFacets();
    for (const [set, facets] of Object.entries(overrides)) this.table[set] = { ...this.table[set], ...facets };
  }

  /** The facets of one entity set (a copy). */
  of(service: string, set: string): Record<string, number> {
    return { ...this.table[setKey(service, set)] };
  }

  /** Changes one facet; `undefined` removes it (the property then has no MaxLength). */
  set(service: string, set: string, property: string, maxLength: number | undefined): void {
    const facets = (this.table[setKey(service, set)] ??= {});
    if (maxLength === undefined) delete facets[property];
    else facets[property] = maxLength;
  }

  /** The first string in a write body longer than its facet, as LN's 400 message names it; undefined when all fit. */
  problem(service: string, set: string, body: EntityData): string | undefined {
    const facets = this.table[setKey(service, set)] ?? {};
    for (const [path, value] of strings(body, '')) {
      const max = facets[path];
      if (max !== undefined && [...value].length > max) return `${path} is longer than its ${max} characters (MaxLength ${max})`;
    }
    return undefined;
  }
}

function* strings(data: EntityData, prefix: string): Generator<[string, string]> {
  for (const [k, v] of Object.entries(data)) {
    if (typeof v === 'string') yield [`${prefix}${k}`, v];
    else if (typeof v === 'object' && v !== null && !Array.isArray(v)) yield* strings(v as EntityData, `${prefix}${k}/`);
  }
}
