// Converts between the domain's ISO 3166-1 alpha-2 country codes and the English names Exchange shows.
// Reading accepts a name (any case, common aliases too) or an alpha-2 code; other text is passed through unchanged,
// so it maps to no LN country and LN keeps its value instead of losing it.

const displayNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
let codeByName: Map<string, string> | undefined;

/** `DE` → `Germany`; an unknown code is passed through unchanged, "" stays "". */
export function countryNameOf(iso: string): string {
  const code = iso.trim().toUpperCase();
  if (code === '') return '';
  if (!/^[A-Z]{2}$/.test(code)) return iso.trim();
  return displayNames.of(code) ?? code;
}

/** `germany` / `Germany` / `de` → `DE`; unknown text is returned as is (it is no ISO code, so LN ignores it). */
export function countryCodeOf(nameOrCode: string | null | undefined): string {
  const value = (nameOrCode ?? '').trim();
  if (value === '') return '';
  if (/^[A-Za-z]{2}$/.test(value)) {
    const code = canonicalRegion(value.toUpperCase()); // deprecated codes (UK, DD, YU) → current ones
    if (isCountryCode(code)) return code;
  }
  const key = value.toLowerCase().replace(/^the\s+/, '');
  return nameIndex().get(key) ?? ALIASES[key] ?? value;
}

/** Names Outlook and people use that Intl's English names do not. */
const ALIASES: Record<string, string> = {
  'united states of america': 'US', usa: 'US', 'u.s.a.': 'US', america: 'US',
  'great britain': 'GB', england: 'GB', scotland: 'GB', wales: 'GB', 'northern ireland': 'GB',
  holland: 'NL', deutschland: 'DE', nederland: 'NL', 'czech republic': 'CZ', 'south korea': 'KR', 'republic of korea': 'KR', russia: 'RU',
};

/** A current code Intl names that is not private-use (AA, QM–QZ, XA–XZ except Kosovo's XK, ZZ). */
function isCountryCode(code: string): boolean {
  if (/^(AA|Q[M-Z]|ZZ)$/.test(code) || (/^X[A-Z]$/.test(code) && code !== 'XK')) return false;
  return canonicalRegion(code) === code && displayNames.of(code) !== undefined;
}

function canonicalRegion(code: string): string {
  try {
    return Intl.getCanonicalLocales(`und-${code}`)[0]?.slice(4) ?? code;
  } catch {
    return code;
  }
}

function nameIndex(): Map<string, string> {
  if (codeByName) return codeByName;
  codeByName = new Map();
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      const name = displayNames.of(code);
      if (name !== undefined && isCountryCode(code) && !codeByName.has(name.toLowerCase())) codeByName.set(name.toLowerCase(), code);
    }
  }
  return codeByName;
}
