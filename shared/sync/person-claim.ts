// B-I7: before a contact from Outlook is created in LN, its person is claimed across all instances and users;
// under the claim LN is asked once more by email. The holder creates; everyone else links to what it created.
import { contactIdentity } from '../domain/contact-identity';
import type { ContactFields } from '../domain/contact';
import { ExternalServiceError } from '../domain/external-service-error';
import type { IdentityClaimPort } from './ports/identity-claim-port';
import type { LnContactReader, LnContactSnapshot } from './ports/ln-contact-port';

export type PersonClaim =
  /** Nobody has this person in LN: create it, then call `created` (or `failed` when the create failed). */
  | { kind: 'create'; created(lnKey: string): Promise<void>; failed(err: unknown): Promise<void> }
  /** The person is in LN already (another user's run created it, or it was there): link to it. */
  | { kind: 'link'; ln: LnContactSnapshot };

const NOTHING = async (): Promise<void> => undefined;

/** `owner` identifies the claimant (the ExternalReference the create would carry: user and Outlook item). */
export async function claimPerson(ln: LnContactReader, claims: IdentityClaimPort | undefined, fields: ContactFields, owner: string): Promise<PersonClaim> {
  const identity = contactIdentity(fields);
  if (!claims || identity === undefined) return { kind: 'create', created: NOTHING, failed: NOTHING };
  for (let attempt = 0; attempt < 2; attempt++) {
    const outcome = await claims.take('contact', identity, owner);
    if (outcome.kind === 'taken') {
      if (outcome.lnKey === undefined) throw busy(fields);
      const winner = await ln.get(outcome.lnKey);
      if (winner) return { kind: 'link', ln: winner };
      await claims.forget('contact', identity, outcome.lnKey); // that contact was deleted in LN since: claim afresh
      continue;
    }
    const found = await findByEmail(ln, fields.email);
    if (found) {
      await claims.complete('contact', identity, owner, found.key);
      return { kind: 'link', ln: found };
    }
    return {
      kind: 'create',
      created: (lnKey) => claims.complete('contact', identity, owner, lnKey),
      // a transient failure may have created it after all: keep the claim so our retry finds it by ExternalReference
      failed: async (err) => (err instanceof ExternalServiceError && err.transient ? undefined : claims.release('contact', identity, owner)),
    };
  }
  throw busy(fields);
}

/** Records that an earlier attempt of this claimant created `lnKey` (its answer was lost), so others link to it. */
export async function confirmPerson(claims: IdentityClaimPort | undefined, fields: ContactFields, owner: string, lnKey: string): Promise<void> {
  const identity = contactIdentity(fields);
  if (claims && identity !== undefined) await claims.complete('contact', identity, owner, lnKey);
}

async function findByEmail(ln: LnContactReader, email: string): Promise<LnContactSnapshot | undefined> {
  if (email.trim() === '') return undefined;
  const found = await ln.findByEmail(email.trim());
  return found.sort((a, b) => a.key.localeCompare(b.key))[0];
}

function busy(fields: ContactFields): ExternalServiceError {
  const who = fields.email || [fields.givenName, fields.surname].filter(Boolean).join(' ');
  return new ExternalServiceError('storage', 409, 'PersonClaimed', `another sync user is creating ${who} in LN at this moment; this copy is linked to that contact on the next attempt`);
}
