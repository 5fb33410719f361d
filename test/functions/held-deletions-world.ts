// A started synchronizer whose contact pull was held back by the mass-deletion guard (B-I3): 15 LN contacts
// synchronized to Adele's mailbox, then 12 of them deleted in LN and a pull asked for through the admin API.
import { adminStart } from '../../functions/admin-start';
import { adminSync } from '../../functions/admin-sync';
import { ADELE, context, request, runtimeWorld, type RuntimeWorld } from './runtime-world';

export async function heldDeletionsWorld(): Promise<RuntimeWorld> {
  const w = await runtimeWorld();
  for (let i = 1; i <= 15; i++) w.world.ln.putContact({ Contact: `C${i}`, FirstName: `F${i}`, LastName: `L${i}`, Email: `c${i}@example.com`, BusinessPartner: 'BP0000001', Synchronize: true });
  await adminStart(request('POST', 'admin/start'), context());
  await w.queue.idle();
  for (let i = 1; i <= 12; i++) w.world.ln.deleteContact(`C${i}`);
  await adminSync(request('POST', 'x', { params: { email: ADELE }, body: { scope: 'contacts' } }), context());
  await w.queue.idle();
  return w;
}
