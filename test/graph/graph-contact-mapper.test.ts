// Tests of the Graph ↔ domain contact mapping: round trips, country name ↔ ISO code, fax and language
// through extended properties, and PATCH bodies that carry only changed fields (address/arrays whole).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyContact, normalizeContact, type ContactFields } from '../../shared/domain/contact';
import { countryCodeOf, countryNameOf } from '../../shared/graph/country-name';
import { contactFieldsOf, createBody, patchBody, snapshotOf } from '../../shared/graph/graph-contact-mapper';
import { graphContactSchema, type GraphContact } from '../../shared/graph/graph-contact-schema';
import { FAX_PROPERTY_ID, LANGUAGE_PROPERTY_ID, LN_KEY_PROPERTY_ID, LN_ORIGIN_PROPERTY_ID } from '../../shared/graph/graph-extended-properties';

const full: ContactFields = normalizeContact({
  givenName: 'Anna',
  middleName: 'M.',
  surname: 'Schmidt',
  title: 'Dr.',
  jobTitle: 'Buyer',
  companyName: 'Acme GmbH',
  email: 'anna@acme.example',
  businessPhone: '+49 30 1234',
  mobilePhone: '+49 170 999',
  homePhone: '+49 30 5555',
  fax: '+49 30 1235',
  street: 'Hauptstr. 1',
  city: 'Berlin',
  postalCode: '10115',
  state: 'BE',
  country: 'DE',
  language: 'de',
});

/** What Graph would answer after a POST of `body`: the body plus server-set properties, parsed like any answer. */
function asStored(body: Record<string, unknown>, extra: Record<string, unknown> = {}): GraphContact {
  return graphContactSchema.parse({ id: 'AAMk-1', changeKey: 'ck1', lastModifiedDateTime: '2024-05-01T10:00:00Z', ...body, ...extra });
}

describe('country-name', () => {
  it('writes the English name and reads back a name in any case or an alpha-2 code', () => {
    assert.equal(countryNameOf('DE'), 'Germany');
    assert.equal(countryNameOf('us'), 'United States');
    assert.equal(countryCodeOf('Germany'), 'DE');
    assert.equal(countryCodeOf('  GERMANY '), 'DE');
    assert.equal(countryCodeOf('united kingdom'), 'GB');
    assert.equal(countryCodeOf('nl'), 'NL');
    assert.equal(countryCodeOf('XK'), 'XK');
  });

  it('reads common aliases; passes unknown text and private-use codes through (no ISO code, so LN keeps its value)', () => {
    assert.equal(countryCodeOf('United States of America'), 'US');
    assert.equal(countryCodeOf('The Netherlands'), 'NL');
    assert.equal(countryCodeOf('Great Britain'), 'GB');
    assert.equal(countryCodeOf('Atlantis'), 'Atlantis');
    assert.equal(countryCodeOf('XA'), 'XA');
    assert.equal(countryCodeOf(''), '');
    assert.equal(countryCodeOf(null), '');
    assert.equal(countryNameOf(''), '');
  });

  it('round-trips every alpha-2 code it accepts (name written, code read back)', () => {
    let accepted = 0;
    for (let a = 65; a <= 90; a++) {
      for (let b = 65; b <= 90; b++) {
        const code = String.fromCharCode(a, b);
        const privateUse = /^(AA|Q[M-Z]|ZZ)$/.test(code) || (/^X[A-Z]$/.test(code) && code !== 'XK');
        if (privateUse || countryCodeOf(code) !== code) continue;
        accepted++;
        assert.equal(countryCodeOf(countryNameOf(code)), code, code);
      }
    }
    assert.ok(accepted > 240, `only ${accepted} codes accepted`);
  });

  it('reads deprecated codes as their current ones', () => {
    assert.equal(countryCodeOf('UK'), 'GB');
    assert.equal(countryCodeOf('DD'), 'DE');
  });
});

describe('createBody / contactFieldsOf', () => {
  it('round-trips every domain field through a create body', () => {
    const body = createBody({ lnKey: 'C000123', fields: full });
    assert.deepEqual(contactFieldsOf(asStored(body)), full);
  });

  it('stores the country as its English name and fax, language, LN key and origin mark as extended properties', () => {
    const body = createBody({ lnKey: 'C000123', fields: full });
    assert.equal((body.businessAddress as { countryOrRegion: string }).countryOrRegion, 'Germany');
    assert.deepEqual(body.singleValueExtendedProperties, [
      { id: LN_KEY_PROPERTY_ID, value: 'C000123' },
      { id: LN_ORIGIN_PROPERTY_ID, value: 'ln' },
      { id: FAX_PROPERTY_ID, value: '+49 30 1235' },
      { id: LANGUAGE_PROPERTY_ID, value: 'de' },
    ]);
    assert.equal(body.fax, undefined, 'Graph contacts have no fax property');
  });

  it('sets displayName and fileAs from the name, falling back to company then email', () => {
    const body = createBody({ lnKey: 'k', fields: full });
    assert.equal(body.displayName, 'Anna M. Schmidt');
    assert.equal(body.fileAs, 'Schmidt, Anna M.');
    const companyOnly = createBody({ lnKey: 'k', fields: { ...emptyContact(), companyName: 'Acme GmbH' } });
    assert.equal(companyOnly.displayName, 'Acme GmbH');
    assert.equal(companyOnly.fileAs, 'Acme GmbH');
    const emailOnly = createBody({ lnKey: 'k', fields: { ...emptyContact(), email: 'x@y.example' } });
    assert.equal(emailOnly.displayName, 'x@y.example');
  });

  it('leaves empty fields out of a create body', () => {
    const body = createBody({ lnKey: 'k', fields: { ...emptyContact(), surname: 'Solo' } });
    assert.deepEqual(Object.keys(body).sort(), ['displayName', 'fileAs', 'singleValueExtendedProperties', 'surname']);
    assert.deepEqual(contactFieldsOf(asStored(body)), { ...emptyContact(), surname: 'Solo' });
  });

  it('reads the first email and phones, ignores extended-property id casing, and accepts an alpha-2 country', () => {
    const stored = asStored({
      emailAddresses: [{ address: 'first@x.example', name: 'F' }, { address: 'second@x.example' }],
      businessPhones: ['1', '2'],
      homePhones: ['3', '4'],
      businessAddress: { countryOrRegion: 'fr', city: null },
      singleValueExtendedProperties: [
        { id: 'String 0x3a24', value: '555' },
        { id: 'String 0x3a0c', value: 'fr' },
        { id: 'String {6F3C1A52-8D0E-4B7A-9B21-5C2E7F4A9D10} Name LnKey', value: 'C9' },
      ],
    });
    const snap = snapshotOf(stored);
    assert.equal(snap.lnKey, 'C9');
    assert.equal(snap.createdByService, undefined, 'a stamped contact without the origin mark is not the service\'s copy');
    assert.equal(snapshotOf(asStored(createBody({ lnKey: 'C9', fields: full }))).createdByService, true, 'a copy the service created is known as its own');
    assert.deepEqual(snap.fields, { ...emptyContact(), email: 'first@x.example', businessPhone: '1', homePhone: '3', fax: '555', language: 'fr', country: 'FR' });
    assert.equal(snap.changeKey, 'ck1');
    assert.equal(snap.modifiedAt, '2024-05-01T10:00:00Z');
  });

  it('gives no lnKey for an item the service did not write', () => {
    assert.equal('lnKey' in snapshotOf(asStored({ surname: 'X' })), false);
  });

  it('rejects contact JSON of the wrong shape, naming the property', () => {
    const result = graphContactSchema.safeParse({ id: 'x', businessPhones: 'not-an-array' });
    assert.equal(result.success, false);
    assert.match(result.error.message, /businessPhones/);
  });
});

describe('patchBody', () => {
  const current = asStored(createBody({ lnKey: 'C1', fields: full }), {
    emailAddresses: [{ address: 'anna@acme.example', name: 'Anna' }, { address: 'private@home.example', name: 'Anna' }],
    businessPhones: ['+49 30 1234', '+49 30 9999'],
  });

  it('holds only the changed scalar field', () => {
    assert.deepEqual(patchBody({ jobTitle: 'Head of Buying' }, current), { jobTitle: 'Head of Buying' });
  });

  it('clears a scalar with null', () => {
    assert.deepEqual(patchBody({ mobilePhone: '' }, current), { mobilePhone: null });
  });

  it('sends the whole business address, merged with the current one, when one part changes', () => {
    const body = patchBody({ city: 'Potsdam' }, current);
    assert.deepEqual(body, { businessAddress: { street: 'Hauptstr. 1', city: 'Potsdam', postalCode: '10115', state: 'BE', countryOrRegion: 'Germany' } });
    const moved = patchBody({ country: 'AT' }, current);
    assert.equal((moved.businessAddress as { countryOrRegion: string }).countryOrRegion, 'Austria');
  });

  it('replaces the first email and phone and keeps the others', () => {
    const body = patchBody({ email: 'new@acme.example', businessPhone: '+49 30 0000' }, current);
    assert.deepEqual(body.emailAddresses, [{ address: 'new@acme.example', name: 'Anna M. Schmidt' }, { address: 'private@home.example', name: 'Anna' }]);
    assert.deepEqual(body.businessPhones, ['+49 30 0000', '+49 30 9999']);
    assert.equal(body.displayName, 'Anna M. Schmidt', 'a change of a display-name input recomputes it');
  });

  it('empties a list when its mapped entry is cleared, so Exchange reads back what was written', () => {
    const body = patchBody({ email: '' }, current);
    assert.deepEqual(body.emailAddresses, []);
    assert.equal(contactFieldsOf(asStored({ ...current, ...body })).email, '');
  });

  it('recomputes displayName and fileAs when a name changes', () => {
    const body = patchBody({ surname: 'Meyer' }, current);
    assert.deepEqual(body, { surname: 'Meyer', displayName: 'Anna M. Meyer', fileAs: 'Meyer, Anna M.' });
  });

  it('writes fax, language and a (re-)stamped LN key as extended properties only', () => {
    const body = patchBody({ fax: '+49 1', language: 'en' }, current, 'C2');
    assert.deepEqual(body, {
      singleValueExtendedProperties: [
        { id: LN_KEY_PROPERTY_ID, value: 'C2' },
        { id: FAX_PROPERTY_ID, value: '+49 1' },
        { id: LANGUAGE_PROPERTY_ID, value: 'en' },
      ],
    });
  });

  it('is empty when the patch changes nothing', () => {
    assert.deepEqual(patchBody({}, current), {});
  });

  it('applied to the current item gives the patched domain contact', () => {
    const patch: Partial<ContactFields> = { givenName: 'Anne', postalCode: '14467', language: 'en', homePhone: '' };
    const body = patchBody(patch, current);
    const extended = [...(current.singleValueExtendedProperties ?? []).filter((p) => p.id !== LANGUAGE_PROPERTY_ID), ...((body.singleValueExtendedProperties as []) ?? [])];
    const after = asStored({ ...current, ...body, singleValueExtendedProperties: extended });
    assert.deepEqual(contactFieldsOf(after), { ...full, ...patch });
  });
});
