// Returns the next middleware of a Graph SDK chain, failing loudly when the chain was built wrong.
// Every custom middleware in shared/graph forwards through this.
import type { Middleware } from '@microsoft/microsoft-graph-client';

export function requireNext(next: Middleware | undefined): Middleware {
  if (next === undefined) throw new Error('Graph middleware chain is broken: a middleware has no successor');
  return next;
}
