// Small readers over simulator JSON used by the contact scenarios.
// They keep the tests about behaviour, not about Graph's JSON shapes.
import type { GraphSimulator } from '../simulators/graph/graph-simulator';

export function emailOf(contact: Record<string, unknown>): string {
  const list = contact['emailAddresses'] as Array<{ address?: string }> | undefined;
  return list?.[0]?.address ?? '';
}

export function byEmail(contacts: Array<Record<string, unknown>>, email: string): Record<string, unknown> | undefined {
  return contacts.find((c) => emailOf(c).toLowerCase() === email.toLowerCase());
}

export function deletedItemsId(graph: GraphSimulator, user: string): string {
  const folder = graph.folders(user).find((f) => f.kind === 'deleteditems');
  if (!folder) throw new Error('no Deleted Items folder');
  return folder.id;
}

export function extendedValue(contact: Record<string, unknown>, idPart: string): string | undefined {
  const props = contact['singleValueExtendedProperties'] as Array<{ id: string; value: string }> | undefined;
  return props?.find((p) => p.id.toLowerCase().includes(idPart.toLowerCase()))?.value;
}

/** Writes (POST/PATCH/DELETE, batch sub-requests included) a simulator recorded. */
export function writeRequests(requests: Array<{ method: string; path: string }>): Array<{ method: string; path: string }> {
  return requests.filter((r) => r.method !== 'GET' && !r.path.endsWith('/$batch') && !r.path.includes('token'));
}
