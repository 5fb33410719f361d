// Shape of a `claims` row as read back from Table Storage (B-I7): who holds an identity, until when, and
// what they created for it once done.
import { z } from 'zod';

export const claimRowSchema = z.object({
  etag: z.string().min(1),
  identity: z.string(),
  owner: z.string().min(1),
  /** ISO time after which a claim in progress may be taken over (a crashed holder blocks nobody for long). */
  expiresAt: z.string().min(1),
  /** The LN key the holder created or found; set once the claim is complete. */
  lnKey: z.string().min(1).optional(),
});

export type ClaimRow = z.output<typeof claimRowSchema>;
