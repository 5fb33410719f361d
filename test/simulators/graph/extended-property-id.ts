// Parses and canonicalizes single-value extended property ids ("String {guid} Name X", "String 0x1234", …).
// Exchange matches the type, the GUID and the Name/Id keyword without regard to case; the name itself is case-sensitive.

export interface ExtendedPropertyId {
  /** The form Exchange returns: type as given, GUID lower-case. */
  display: string;
  /** The lookup key: everything but the property name folded to lower case. */
  key: string;
}

const TYPES = ['string', 'integer', 'boolean', 'systemtime', 'binary', 'short', 'long', 'double', 'float', 'currency', 'clsid', 'applicationtime', 'object'];

export function parseExtendedPropertyId(raw: string): ExtendedPropertyId | undefined {
  const named = /^(\w+) \{([0-9a-fA-F-]{36})\} (Name|Id) (.+)$/i.exec(raw.trim());
  if (named) {
    const [, type = '', guid = '', keyword = '', name = ''] = named;
    if (!TYPES.includes(type.toLowerCase())) return undefined;
    const kw = keyword.toLowerCase() === 'name' ? 'Name' : 'Id';
    const n = kw === 'Id' ? name.toLowerCase() : name;
    return { display: `${type} {${guid.toLowerCase()}} ${kw} ${n}`, key: `${type.toLowerCase()} {${guid.toLowerCase()}} ${kw.toLowerCase()} ${n}` };
  }
  const tagged = /^(\w+) (0x[0-9a-fA-F]{1,4})$/.exec(raw.trim());
  if (tagged) {
    const [, type = '', tag = ''] = tagged;
    if (!TYPES.includes(type.toLowerCase())) return undefined;
    return { display: `${type} ${tag.toLowerCase()}`, key: `${type.toLowerCase()} ${tag.toLowerCase()}` };
  }
  return undefined;
}
