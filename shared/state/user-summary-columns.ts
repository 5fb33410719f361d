// The summary columns of a `status` row (B-U1): the user's problems and a short headline, written with every status
// update and read back by a projection query, so the overview never decodes the JSON lists of 5,000 rows.
import { z } from 'zod';
import type { UserStatus, UserSummary } from '../app/ports/user-status-port';
import { problemsOf } from '../app/user-health';
import { parseRow } from './parse-row';

export const SUMMARY_COLUMNS = ['user', 'updatedAt', 'problems', 'headline'] as const;
const HEADLINE_CHARS = 160;

const problem = z.enum(['failing', 'mailbox', 'dead-letters', 'attention', 'push']);
const summaryRowSchema = z.object({
  user: z.string(),
  updatedAt: z.string(),
  /** Comma-separated problems, worst first; '' ⇒ ok. Absent on rows written before the columns existed. */
  problems: z.string().optional(),
  headline: z.string().optional(),
  etag: z.string().optional(),
});

export function summaryColumns(status: UserStatus, headline: string | undefined): Record<string, string> {
  const columns: Record<string, string> = { problems: problemsOf(status).join(',') };
  if (headline !== undefined) columns['headline'] = headline.length > HEADLINE_CHARS ? `${headline.slice(0, HEADLINE_CHARS - 1)}…` : headline;
  return columns;
}

/** The worst problem in a few words: what the list shows next to the address. */
export function headlineOf(status: UserStatus): string | undefined {
  const [worst] = problemsOf(status);
  switch (worst) {
    case 'failing':
      return status.lastError?.message;
    case 'mailbox':
      return status.mailbox;
    case 'dead-letters':
      return status.deadLetters[0]?.reason;
    case 'attention':
      return status.needsAttention[0]?.message;
    case 'push':
      return status.pushProblem;
    case undefined:
      return undefined;
  }
}

export function summaryFromColumns(row: unknown, table: string): UserSummary {
  const parsed = parseRow(summaryRowSchema, row, table);
  const problems = (parsed.problems ?? '').split(',').filter((p) => p !== '').map((p) => problem.parse(p));  // a few per row at most
  const summary: UserSummary = { user: parsed.user, problems, updatedAt: parsed.updatedAt };
  if (parsed.headline !== undefined) summary.headline = parsed.headline;
  return summary;
}
