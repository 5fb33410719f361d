// A claim on a person (or an account name) shared by every instance and sync user (B-I7): whoever holds it may
// create that person in LN; everyone else links to what the holder created. Claims in progress expire.

/** What is claimed: an LN contact for a person, or an LN business partner for an account name. */
export type ClaimScope = 'contact' | 'business-partner';

export type ClaimOutcome =
  /** The caller holds the claim: it may look up LN once more and create. */
  | { kind: 'ours' }
  /** Someone else holds it; `lnKey` is what they created (undefined while they are still at it). */
  | { kind: 'taken'; owner: string; lnKey: string | undefined };

export interface IdentityClaimPort {
  /** Takes the claim on `identity` for `owner`, unless another owner holds it and it has not expired. */
  take(scope: ClaimScope, identity: string, owner: string): Promise<ClaimOutcome>;
  /** Records what the holder created (or found) for the identity; later takers link to it. */
  complete(scope: ClaimScope, identity: string, owner: string, lnKey: string): Promise<void>;
  /** Gives the claim up (the create failed), so the next taker need not wait for it to expire. */
  release(scope: ClaimScope, identity: string, owner: string): Promise<void>;
  /** Forgets a completed claim whose LN item no longer exists, so the identity can be created again. */
  forget(scope: ClaimScope, identity: string, lnKey: string): Promise<void>;
}
