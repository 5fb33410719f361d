// Converts between the domain's ISO 3166-1 alpha-2 country codes and the English names Exchange shows.
// Reading accepts a name (any case) or an alpha-2 code; anything else has no ISO code and reads as "".

const displayNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
let codeByName: Map<string, string> | undefined;

/** `DE` → `Germany`; an unknown code is passed through unchanged, "" stays "". */
export function countryNameOf(iso: string): string {
  const code = iso.trim().toUpperCase();
  if (code === '') return '';
  if (!/^[A-Z]{2}$/.test(code)) return iso.trim();
  return displayNames.of(code) ?? code;
}

/** `germany` / `Germany` / `de` → `DE`; unknown → "". */
export function countryCodeOf(nameOrCode: string | null | undefined): string {
  const value = (nameOrCode ?? '').trim();
  if (value === '') return '';
  if (/^[A-Za-z]{2}$/.test(value)) {
    const code = canonicalRegion(value.toUpperCase()); // deprecated codes (UK, DD, YU) → current ones
    if (isCountryCode(code)) return code;
  }
  return nameIndex().get(value.toLowerCase()) ?? '';
}

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
