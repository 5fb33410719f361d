// In-memory store of one OData entity set for the LN simulator: keyed entities with versions (ETags).
// Writes stamp a new version and, for sets that track it, a new LastModificationDate.
import type { WriteClock } from './write-clock';

export type EntityData = Record<string, unknown>;

export interface StoredEntity {
  data: EntityData;
  version: number;
}

export interface EntitySetStoreOptions {
  /** Key properties in key-predicate order; [] for a singleton addressed as ('default'). */
  keyProps: readonly string[];
  /** Writes set `LastModificationDate`. */
  tracksModification?: boolean;
}

export function etagOf(version: number): string {
  return `W/"${version}"`;
}

/** `{...base, ...patch}` where plain-object properties (complex types) merge one level deep, as OData PATCH does. */
export function mergeEntity(base: EntityData, patch: EntityData): EntityData {
  const out: EntityData = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    const current = out[k];
    out[k] = isPlainObject(v) && isPlainObject(current) ? { ...current, ...v } : v;
  }
  return out;
}

/** A key or text property as a string; structured values read as "". */
export function scalarText(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export class EntitySetStore {
  private readonly entities = new Map<string, StoredEntity>();

  constructor(
    readonly name: string,
    private readonly options: EntitySetStoreOptions,
    private readonly clock: WriteClock,
  ) {}

  get keyProps(): readonly string[] {
    return this.options.keyProps;
  }

  /** Canonical key: key property values joined by ","; "default" for a singleton. */
  keyOf(data: EntityData): string {
    if (this.options.keyProps.length === 0) return 'default';
    return this.options.keyProps.map((p) => scalarText(data[p])).join(',');
  }

  get(key: string): StoredEntity | undefined {
    return this.entities.get(key);
  }

  /** Every entity, ordered by key (stable paging). */
  list(): StoredEntity[] {
    return [...this.entities.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
  }

  keys(): string[] {
    return [...this.entities.keys()];
  }

  /** Creates or replaces the entity with its key; stamps it. */
  put(data: EntityData): StoredEntity {
    const stamp = this.clock.next();
    const stored: StoredEntity = {
      data: this.options.tracksModification ? { ...data, LastModificationDate: stamp.timestamp } : { ...data },
      version: stamp.version,
    };
    this.entities.set(this.keyOf(data), stored);
    return stored;
  }

  delete(key: string): StoredEntity | undefined {
    const existing = this.entities.get(key);
    this.entities.delete(key);
    return existing;
  }
}
