// The OData subset of the calendar surface: $select of event properties and $filter on iCalUId, subject, type, extended properties.
// Anything else in a filter is answered 400 the way Graph answers an unsupported query.
import { EVENT_PROPERTIES, iCalUIdOfInstance } from './event-json';
import { GraphSimError } from './graph-sim-response';
import { parseExtendedPropertyAny, splitTopLevel, unquote } from './odata-query';
import type { EventInstance } from './stored-event';

export type EventPredicate = (instance: EventInstance) => boolean;

const SELECTABLE: readonly string[] = EVENT_PROPERTIES;

export function parseEventSelect(raw: string | undefined): string[] | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  return raw.split(',').map((s) => s.trim()).filter(Boolean).map((name) => {
    const known = SELECTABLE.find((p) => p.toLowerCase() === name.toLowerCase());
    if (!known) throw new GraphSimError(400, 'RequestBroker--ParseUri', `Could not find a property named '${name}' on type 'microsoft.graph.event'.`);
    return known;
  });
}

/** A conjunction of `iCalUId eq '…'`, `subject eq '…'`, `type eq '…'` and extended-property any() clauses. */
export function parseEventFilter(raw: string | undefined): EventPredicate | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const clauses = splitTopLevel(raw.trim(), 'and').map(parseClause);
  return (i) => clauses.every((p) => p(i));
}

function parseClause(clause: string): EventPredicate {
  const ext = /^singleValueExtendedProperties\/any\((\w+):\s*(.*)\)$/i.exec(clause);
  if (ext) {
    const test = parseExtendedPropertyAny(ext[1] ?? '', ext[2] ?? '');
    return (i) => test(i.source);
  }
  const eq = /^(iCalUId|subject|type|seriesMasterId|transactionId) eq '((?:[^']|'')*)'$/i.exec(clause);
  if (eq) {
    const name = (eq[1] ?? '').toLowerCase();
    const wanted = unquote(eq[2] ?? '');
    return (i) => {
      const value = valueOf(i, name);
      return name === 'subject' ? value?.toLowerCase() === wanted.toLowerCase() : value === wanted;
    };
  }
  throw new GraphSimError(400, 'ErrorInvalidUrlQueryFilter', `The query filter '${clause}' is not supported.`);
}

function valueOf(instance: EventInstance, name: string): string | undefined {
  const event = instance.source;
  switch (name) {
    case 'icaluid': return iCalUIdOfInstance(instance);
    case 'subject': return typeof event.props['subject'] === 'string' ? event.props['subject'] : '';
    case 'type': return instance.type;
    case 'seriesmasterid': return instance.type === 'occurrence' ? event.id : event.seriesMasterId;
    case 'transactionid': return event.transactionId ?? undefined;
  }
  return undefined;
}
