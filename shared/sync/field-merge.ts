// Three-way, per-field merge of a flat record between LN and Exchange.
// Fields changed on one side flow to the other; fields changed on both follow the conflict policy.
import { resolveConflict, type ConflictPolicyName, type Side } from './conflict-policy';

export interface FieldConflict {
  field: string;
  lnValue: string;
  exchangeValue: string;
  winner: Side;
}

export interface MergeInput<F extends string> {
  fields: readonly F[];
  /** Values last seen on each side; undefined when the pair has no common history (first link). */
  lnBase: Record<F, string> | undefined;
  exBase: Record<F, string> | undefined;
  lnNow: Record<F, string>;
  exNow: Record<F, string>;
  lnModifiedAt: string;
  exModifiedAt: string;
  policy: ConflictPolicyName;
  /** Fields whose Exchange edits may be written to LN (empty in ln-to-exchange mode). */
  toLnFields: ReadonlySet<F>;
}

export interface MergeResult<F extends string> {
  toExchange: Partial<Record<F, string>>;
  toLn: Partial<Record<F, string>>;
  conflicts: FieldConflict[];
}

export function mergeFields<F extends string>(input: MergeInput<F>): MergeResult<F> {
  const result: MergeResult<F> = { toExchange: {}, toLn: {}, conflicts: [] };
  for (const field of input.fields) mergeField(input, field, result);
  return result;
}

function mergeField<F extends string>(input: MergeInput<F>, field: F, out: MergeResult<F>): void {
  const ln = input.lnNow[field];
  const ex = input.exNow[field];
  if (ln === ex) return; // already equal: nothing to do, whatever changed
  const lnChanged = input.lnBase === undefined || input.lnBase[field] !== ln;
  const exChanged = input.exBase === undefined || input.exBase[field] !== ex;
  const exMayFlow = input.toLnFields.has(field);
  if (lnChanged && !exChanged) out.toExchange[field] = ln; // edited in LN only
  else if (exChanged && !lnChanged) {
    if (exMayFlow) out.toLn[field] = ex; // edited in Exchange only
  } else if (lnChanged && exChanged) {
    resolveBoth(input, field, ln, ex, exMayFlow, out);
  }
  // neither changed yet different: a difference both sides already accepted (e.g. company kept in Outlook)
}

function resolveBoth<F extends string>(input: MergeInput<F>, field: F, ln: string, ex: string, exMayFlow: boolean, out: MergeResult<F>): void {
  if (!exMayFlow) {
    out.toExchange[field] = ln; // Exchange edits of this field never reach LN: LN's value stands
    return;
  }
  if (input.lnBase === undefined && (ln === '' || ex === '')) {
    // first link: an empty value is no edit, the filled one is kept
    if (ln === '') out.toLn[field] = ex;
    else out.toExchange[field] = ln;
    return;
  }
  const winner = resolveConflict(input.policy, { value: ln, modifiedAt: input.lnModifiedAt }, { value: ex, modifiedAt: input.exModifiedAt });
  if (winner === 'ln') out.toExchange[field] = ln;
  else out.toLn[field] = ex;
  out.conflicts.push({ field, lnValue: ln, exchangeValue: ex, winner });
}
