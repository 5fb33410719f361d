// The LN simulator's data: one store per entity set, with create/patch/delete rules shared by HTTP and direct calls.
// Validates shapes and references, assigns keys, writes tombstones, and serializes entities with `@odata.etag`.
import { describeZodError } from '../../../shared/ln/describe-zod-error';
import { EntitySetStore, etagOf, mergeEntity, scalarText, type EntityData, type StoredEntity } from './entity-set-store';
import { lnEntitySets, type LnEntitySetDefinition, type LnNavigation } from './ln-entity-sets';
import { LnFieldFacets } from './ln-field-facets';
import { ODataError } from './odata-error';
import { WriteClock } from './write-clock';

export interface EntitySet {
  def: LnEntitySetDefinition;
  store: EntitySetStore;
}

/** One successful write to an entity set (touching a parent because a child changed is an `updated` of the parent). */
export interface LnStateChange {
  set: EntitySet;
  key: string;
  changeType: 'created' | 'updated' | 'deleted';
}

export class LnSimulatorState {
  readonly clock = new WriteClock();
  /** Called after every successful create, patch, delete and parent touch (e.g. for webhook deliveries). */
  onChange: ((change: LnStateChange) => void) | undefined = undefined;
  private readonly sets = new Map<string, EntitySet>();
  private readonly keyCounters = new Map<string, number>();

  constructor(
    definitions: readonly LnEntitySetDefinition[] = lnEntitySets,
    /** MaxLength per string property: checked on every write, served in $metadata. */
    readonly facets: LnFieldFacets = new LnFieldFacets(),
  ) {
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

  /** Creates an entity (`replace` lets direct calls overwrite an existing key). A navigation property in the body
   *  (e.g. `Attendees`) is a deep insert: the children are validated with the parent and written with it; on
   *  `replace` they take the place of the old children (children are kept when the body has no such property). */
  create(set: EntitySet, input: EntityData, replace = false): StoredEntity {
    const { own, nested } = splitNavigations(set.def, input);
    this.checkLengths(set.def, own);
    for (const [nav, rows] of nested) for (const row of rows) this.checkLengths(this.set(set.def.service, nav.set).def, row);
    const keyed = this.withSequence(set, this.withKey(set, this.withoutServerManaged(set.def, own)));
    const key = set.store.keyOf(keyed);
    if (!replace && set.store.get(key)) throw new ODataError(409, 'EntityAlreadyExists', `${set.def.name}('${key}') already exists`);
    const parent = this.parentOf(set, keyed);
    const existed = set.store.get(key) !== undefined;
    const entity = this.build(set, keyed);
    const children = nested.map(([nav, rows]) => ({ nav, rows: this.buildChildren(set, nav, key, rows) }));
    for (const { nav } of children) this.removeChildren(set, key, nav);
    const stored = set.store.put(entity);
    for (const { nav, rows } of children) for (const row of rows) this.set(set.def.service, nav.set).store.put(row);
    this.onChange?.({ set, key, changeType: existed ? 'updated' : 'created' });
    if (parent) this.touch(parent.set, parent.key);
    return stored;
  }

  patch(set: EntitySet, key: string, input: EntityData): StoredEntity {
    const existing = this.require(set, key);
    const body = this.withoutServerManaged(set.def, input);
    this.checkLengths(set.def, body);
    for (const prop of set.def.keyProps) {
      if (prop in body && body[prop] !== existing.data[prop]) throw new ODataError(400, 'InvalidInput', `key property ${prop} cannot be changed`);
    }
    for (const nav of Object.keys(set.def.navigations ?? {})) {
      if (nav in body) throw new ODataError(400, 'InvalidInput', `navigation property ${nav} cannot be patched; write its entity set`);
    }
    const entity = this.validate(set, withFullName(mergeEntity(existing.data, body), body));
    const updated = set.store.put(entity);
    this.onChange?.({ set, key: set.store.keyOf(updated.data), changeType: 'updated' });
    const parent = this.parentOf(set, updated.data);
    if (parent) this.touch(parent.set, parent.key);
    return updated;
  }

  /** Deletes the entity, its children (navigations) and writes its tombstone; deleting a child is a write of its parent. */
  remove(set: EntitySet, key: string): void {
    const existing = this.require(set, key);
    set.store.delete(key);
    for (const nav of Object.values(set.def.navigations ?? {})) this.removeChildren(set, key, nav);
    const tomb = set.def.tombstones;
    if (tomb) {
      const tombSet = this.set(set.def.service, tomb.set);
      tombSet.store.put({ [tomb.keyProp]: existing.data[tomb.keyProp], DeletionDate: this.clock.next().timestamp });
    }
    this.onChange?.({ set, key, changeType: 'deleted' });
    const parent = this.parentOf(set, existing.data);
    if (parent) this.touch(parent.set, parent.key);
  }

  /** The children of one parent through a navigation property, in `orderBy` order. */
  children(set: EntitySet, key: string, navName: string): StoredEntity[] {
    const nav = set.def.navigations?.[navName];
    if (!nav) throw new Error(`${set.def.name} has no navigation ${navName}`);
    return this.childrenVia(set, key, nav);
  }

  private childrenVia(set: EntitySet, key: string, nav: LnNavigation): StoredEntity[] {
    const childSet = this.set(set.def.service, nav.set);
    return childSet.store
      .list()
      .filter((e) => scalarText(e.data[nav.foreignKey]) === key)
      .sort((a, b) => Number(a.data[nav.orderBy]) - Number(b.data[nav.orderBy]));
  }

  require(set: EntitySet, key: string): StoredEntity {
    const existing = set.store.get(key);
    if (!existing) throw new ODataError(404, 'NotFound', `${set.def.name}(${key}) does not exist`);
    return existing;
  }

  /** The entity as OData returns it; `expand` names navigation properties of `set` to inline. */
  serialize(stored: StoredEntity, expand?: { set: EntitySet; navigations: readonly string[] }): EntityData {
    const out: EntityData = { '@odata.etag': etagOf(stored.version), ...structuredClone(stored.data) };
    for (const navName of expand?.navigations ?? []) {
      const set = (expand as { set: EntitySet }).set;
      out[navName] = this.children(set, set.store.keyOf(stored.data), navName).map((child) => this.serialize(child));
    }
    return out;
  }

  /** Stamps the parent again: its LastModificationDate (and ETag) change when a child changes. */
  private touch(set: EntitySet, key: string): void {
    const existing = set.store.get(key);
    if (!existing) return;
    set.store.put(existing.data);
    this.onChange?.({ set, key, changeType: 'updated' });
  }

  /** For a child set: its parent set and key, which must exist. */
  private parentOf(set: EntitySet, data: EntityData): { set: EntitySet; key: string } | undefined {
    const link = set.def.parent;
    if (!link) return undefined;
    const parentSet = this.set(set.def.service, link.set);
    const key = scalarText(data[link.foreignKey]);
    if (!parentSet.store.get(key)) throw new ODataError(400, 'InvalidReference', `${set.def.name}: ${link.foreignKey} '${key}' does not exist`);
    return { set: parentSet, key };
  }

  private removeChildren(set: EntitySet, key: string, nav: LnNavigation): void {
    const childSet = this.set(set.def.service, nav.set);
    for (const child of this.childrenVia(set, key, nav)) childSet.store.delete(childSet.store.keyOf(child.data));
  }

  /** Deep-insert rows: foreign key set to the parent, missing sequence numbers assigned in order, each validated. */
  private buildChildren(set: EntitySet, nav: LnNavigation, parentKey: string, rows: EntityData[]): EntityData[] {
    const childSet = this.set(set.def.service, nav.set);
    const seq = childSet.def.sequence;
    const built: EntityData[] = [];
    const keys = new Set<string>();
    let next = 1;
    for (const row of rows) {
      const body: EntityData = { ...this.withoutServerManaged(childSet.def, row), [nav.foreignKey]: parentKey };
      if (seq && (body[seq.prop] === undefined || body[seq.prop] === 0)) body[seq.prop] = next;
      if (seq) next = Math.max(next, Number(body[seq.prop]) + 1);
      const entity = this.build(childSet, body);
      const key = childSet.store.keyOf(entity);
      if (keys.has(key)) throw new ODataError(400, 'InvalidInput', `${childSet.def.name}(${key}) appears twice`);
      keys.add(key);
      built.push(entity);
    }
    return built;
  }

  /** Defaults, derived properties and FullName, then shape and reference checks. */
  private build(set: EntitySet, body: EntityData): EntityData {
    const merged = mergeEntity(set.def.defaults(), body);
    const derived = set.def.derive ? set.def.derive(merged, body, this.lookup) : merged;
    return this.validate(set, withFullName(derived));
  }

  /** Assigns the next number of the set's sequence (e.g. attendee Line) when the body has none. */
  private withSequence(set: EntitySet, body: EntityData): EntityData {
    const seq = set.def.sequence;
    if (!seq || (body[seq.prop] !== undefined && body[seq.prop] !== 0)) return body;
    const within = scalarText(body[seq.within]);
    const used = set.store
      .list()
      .filter((e) => scalarText(e.data[seq.within]) === within)
      .map((e) => Number(e.data[seq.prop]));
    return { ...body, [seq.prop]: Math.max(0, ...used) + 1 };
  }

  /** ln-api.md "Field lengths": a string longer than its field's MaxLength is refused with 400, naming the property. */
  private checkLengths(def: LnEntitySetDefinition, body: EntityData): void {
    const problem = this.facets.problem(def.service, def.name, body);
    if (problem) throw new ODataError(400, 'InvalidInput', `${def.name}: ${problem}`);
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

/** Separates navigation properties (deep insert) from the entity's own properties. */
function splitNavigations(def: LnEntitySetDefinition, input: EntityData): { own: EntityData; nested: Array<[LnNavigation, EntityData[]]> } {
  const own: EntityData = {};
  const nested: Array<[LnNavigation, EntityData[]]> = [];
  for (const [k, v] of Object.entries(input)) {
    const nav = def.navigations?.[k];
    if (!nav) {
      own[k] = v;
      continue;
    }
    if (!Array.isArray(v) || v.some((row) => typeof row !== 'object' || row === null || Array.isArray(row))) {
      throw new ODataError(400, 'InvalidInput', `${def.name}: ${k} must be an array of objects`);
    }
    nested.push([nav, v as EntityData[]]);
  }
  return { own, nested };
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
