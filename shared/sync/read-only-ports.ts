// Read-only views of the ports for a preview (B-U5): reads pass through, any write throws, so a preview can never
// change LN, Exchange or the sync state; a missing sync folder is previewed as a new, empty one.
import type { ContactLocation, ExchangeContactPort } from './ports/exchange-contact-port';

export class PreviewWriteError extends Error {
  constructor(what: string) {
    super(`a preview never writes (${what})`);
    this.name = 'PreviewWriteError';
  }
}

/** Only the named methods reach the port; every other method throws PreviewWriteError. */
export function readOnly<T extends object>(port: T, reads: ReadonlyArray<keyof T & string>, name: string): T {
  const allowed = new Set<string>(reads);
  return new Proxy(port, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      if (typeof prop === 'string' && allowed.has(prop)) return (value as (...a: unknown[]) => unknown).bind(target);
      return () => Promise.reject(new PreviewWriteError(`${name}.${String(prop)}`));
    },
  });
}

/** The sync folder as it is: found without creating it; when missing, an empty stand-in the first run would create. */
export const NEW_FOLDER = '(new sync folder)';

export function previewContactExchange(port: ExchangeContactPort): ExchangeContactPort {
  const reads = readOnly(port, ['delta', 'locate', 'findByLnKey'], 'Exchange contacts');
  return {
    ...reads,
    // the folder a run would use: the known one (kept even when renamed in Outlook), else the one by that name
    ensureSyncFolder: async (user, name, knownId) => knownId ?? (await port.findSyncFolder?.(user, name)) ?? NEW_FOLDER,
    delta: (user, folderId, link, known) => (folderId === NEW_FOLDER ? Promise.resolve({ changed: [], removed: [], deltaLink: '' }) : reads.delta(user, folderId, link, known)),
    locate: (user, folderId, id): Promise<ContactLocation> => (folderId === NEW_FOLDER ? Promise.resolve('gone') : reads.locate(user, folderId, id)),
    findByLnKey: (user, folderId, key) => (folderId === NEW_FOLDER ? Promise.resolve(undefined) : reads.findByLnKey(user, folderId, key)),
    create: () => Promise.reject(new PreviewWriteError('Exchange contacts.create')),
    update: () => Promise.reject(new PreviewWriteError('Exchange contacts.update')),
    remove: () => Promise.reject(new PreviewWriteError('Exchange contacts.remove')),
  };
}
