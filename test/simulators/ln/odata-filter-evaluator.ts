// Evaluates a parsed `$filter` against one entity, with OData's comparison rules for the simulator.
// Date-time literals compare with ISO strings as instants; enum literals compare by member name.
import { FilterSyntaxError, type CompareOp, type FilterNode } from './odata-filter-parser';

type Value = string | number | boolean | null | Date;

const FUNCTIONS: Record<string, (args: Value[]) => Value> = {
  tolower: ([s]) => (typeof s === 'string' ? s.toLowerCase() : null),
  toupper: ([s]) => (typeof s === 'string' ? s.toUpperCase() : null),
  trim: ([s]) => (typeof s === 'string' ? s.trim() : null),
  contains: ([s, sub]) => typeof s === 'string' && typeof sub === 'string' && s.includes(sub),
  startswith: ([s, sub]) => typeof s === 'string' && typeof sub === 'string' && s.startsWith(sub),
  endswith: ([s, sub]) => typeof s === 'string' && typeof sub === 'string' && s.endsWith(sub),
};

/** Throws FilterSyntaxError for unknown functions or properties the entity set does not have. */
export function evaluateFilter(node: FilterNode, entity: Readonly<Record<string, unknown>>): boolean {
  return evaluate(node, entity) === true;
}

function evaluate(node: FilterNode, entity: Readonly<Record<string, unknown>>): Value {
  switch (node.kind) {
    case 'literal':
      return node.literal.value;
    case 'property':
      return readPath(entity, node.path);
    case 'call': {
      const fn = FUNCTIONS[node.name];
      if (!fn) throw new FilterSyntaxError(`unsupported function ${node.name}`);
      return fn(node.args.map((a) => evaluate(a, entity)));
    }
    case 'compare':
      return compare(node.op, evaluate(node.left, entity), evaluate(node.right, entity));
    case 'and':
      return evaluate(node.left, entity) === true && evaluate(node.right, entity) === true;
    case 'or':
      return evaluate(node.left, entity) === true || evaluate(node.right, entity) === true;
    case 'not':
      return evaluate(node.operand, entity) !== true;
  }
}

function readPath(entity: Readonly<Record<string, unknown>>, path: string[]): Value {
  let current: unknown = entity;
  for (const segment of path) {
    if (current === null || typeof current !== 'object' || !(segment in current)) {
      throw new FilterSyntaxError(`unknown property ${path.join('/')}`);
    }
    current = (current as Record<string, unknown>)[segment];
  }
  if (current === undefined) return null;
  if (typeof current === 'object' && current !== null) throw new FilterSyntaxError(`cannot compare structured property ${path.join('/')}`);
  return current as Value;
}

function compare(op: CompareOp, left: Value, right: Value): boolean {
  const [a, b] = comparable(left, right);
  switch (op) {
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
    case 'gt':
      return a !== null && b !== null && a > b;
    case 'ge':
      return a !== null && b !== null && a >= b;
    case 'lt':
      return a !== null && b !== null && a < b;
    case 'le':
      return a !== null && b !== null && a <= b;
  }
}

/** Brings both sides to one primitive type; a Date on either side turns ISO strings into instants. */
function comparable(left: Value, right: Value): [string | number | boolean | null, string | number | boolean | null] {
  if (left instanceof Date || right instanceof Date) return [toMillis(left), toMillis(right)];
  return [left, right];
}

function toMillis(v: Value): number | null {
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'string') {
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? null : ms;
  }
  return null;
}
