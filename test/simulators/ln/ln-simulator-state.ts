// The LN simulator's data: one store per entity set, with create/patch/delete rules shared by HTTP and direct calls.
// Validates shapes and references, assigns keys, writes tombstones, and serializes entities with `@odata.etag`.
import { describeZodError } from '../../../shared/ln/describe-zod-error';
import { EntitySetStore, etagOf, mergeEntity, scalarText, type EntityData, type StoredEntity } from './entity-set-store';
import { lnEntitySets, type LnEntitySetDefinition } from './ln-entity-sets';
import { ODataError } from './odata-error';
import { WriteClock } from './write-clock';

export interface EntitySet {
  def: LnEntitySetDefinition;
  store: EntitySetStore;
}

export class LnSimulatorState {
  readonly clock = new WriteClock();
  private readonly sets = new Map<string, EntitySet>();
  private readonly keyCounters = new Map<string, number>();

  constructor(definitions: readonly LnEntitySetDefinition[] = lnEntitySets) {
    for (const def of definitions) {
      const store = new EntitySetStore(def.name, { keyProps: def.keyProps, tracksModification: def.tracksModification ?? false }, this.clock);
      this.sets.set(`${def.service}/${def.name}`, { def, store });
    }
  }

  find(service: string, name: string): EntitySet | undefined {
    return this.sets.get(`${service}/${name}`);
  }

  /** The set by name, for direct (non-HTTP) access. */
  set(service: string, name: string): EntitySet {
    const set = this.find(service, name);
    if (!set) throw new Error(`no entity set ${service}/${name}`);
    return set;
  }

  lookup = (service: string, name: string, key: string): EntityData | undefined => this.find(service, name)?.store.get(key)?.data;

  /** Creates an entity (`replace` lets direct calls overwrite an existing key). */
  create(set: EntitySet, input: EntityData, replace = false): StoredEntity {
    const body = this.withoutServerManaged(set.def, input);
    const keyed = this.withKey(set, body);
    const key = set.store.keyOf(keyed);
    if (!replace && set.store.get(key)) throw new ODataError(409, 'EntityAlreadyExists', `${set.def.name}('${key}') already exists`);
    const entity = this.validate(set, withFullName(mergeEntity(set.def.defaults(), keyed)));
    return set.store.put(entity);
  }

  patch(set: EntitySet, key: string, input: EntityData): StoredEntity {
    const existing = this.require(set, key);
    const body = this.withoutServerManaged(set.def, input);
    for (const prop of set.def.keyProps) {
      if (prop in body && body[prop] !== existing.data[prop]) throw new ODataError(400, 'InvalidInput', `key property ${prop} cannot be changed`);
    }
    const entity = this.validate(set, withFullName(mergeEntity(existing.data, body), body));
    return set.store.put(entity);
  }

  remove(set: EntitySet, key: string): void {
    const existing = this.require(set, key);
    set.store.delete(key);
    const tomb = set.def.tombstones;
    if (tomb) {
      const tombSet = this.set(set.def.service, tomb.set);
      tombSet.store.put({ [tomb.keyProp]: existing.data[tomb.keyProp], DeletionDate: this.clock.next().timestamp });
    }
  }

  require(set: EntitySet, key: string): StoredEntity {
    const existing = set.store.get(key);
    if (!existing) throw new ODataError(404, 'NotFound', `${set.def.name}(${key}) does not exist`);
    return existing;
  }

  serialize(stored: StoredEntity): EntityData {
    return { '@odata.etag': etagOf(stored.version), ...structuredClone(stored.data) };
  }

  private withoutServerManaged(def: LnEntitySetDefinition, input: EntityData): EntityData {
    const out: EntityData = {};
    for (const [k, v] of Object.entries(input)) {
      if (!k.startsWith('@') && !def.serverManaged.includes(k)) out[k] = v;
    }
    return out;
  }

  private withKey(set: EntitySet, body: EntityData): EntityData {
    const { def } = set;
    const keyProp = def.keyProps[0];
    if (!def.keyPrefix || keyProp === undefined || (body[keyProp] !== undefined && body[keyProp] !== '')) return body;
    let n = this.keyCounters.get(def.name) ?? 0;
    let key: string;
    do {
      n++;
      key = `${def.keyPrefix}${String(n).padStart(9 - def.keyPrefix.length, '0')}`;
    } while (set.store.get(key));
    this.keyCounters.set(def.name, n);
    return { ...body, [keyProp]: key };
  }

  private validate(set: EntitySet, entity: EntityData): EntityData {
    const parsed = set.def.schema.safeParse(entity);
    if (!parsed.success) throw new ODataError(400, 'InvalidInput', `${set.def.name}: ${describeZodError(parsed.error)}`);
    const problem = set.def.check?.(parsed.data, this.lookup);
    if (problem) throw new ODataError(400, 'InvalidReference', `${set.def.name}: ${problem}`);
    return parsed.data;
  }
}

/** LN derives FullName from the name parts unless it is written explicitly. */
function withFullName(entity: EntityData, patch?: EntityData): EntityData {
  if (!('FullName' in entity)) return entity;
  const explicit = patch === undefined ? entity.FullName !== '' : 'FullName' in patch;
  const namesWritten = patch === undefined || ['FirstName', 'MiddleName', 'LastName'].some((p) => p in patch);
  if (explicit || !namesWritten) return entity;
  const full = ['FirstName', 'MiddleName', 'LastName']
    .map((p) => scalarText(entity[p]).trim())
    .filter((s) => s !== '')
    .join(' ');
  return { ...entity, FullName: full };
}
