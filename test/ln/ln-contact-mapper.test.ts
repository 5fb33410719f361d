// Unit tests of the LN Contact ↔ domain contact mapping (behaviour B-C2).
// Covers names, company, phones, address, ISO code lookups with warnings, and the reverse body.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeContact } from '../../shared/domain/contact';
import { fieldsToLnContactBody, lnContactToFields, type LnCodeTables } from '../../shared/ln/ln-contact-mapper';
import { lnContactSchema, type LnContactEntity } from '../../shared/ln/ln-entities';

const tables: LnCodeTables = {
  languages: [
    { Language: 'ENG', Description: 'English', ISOCode: 'en' },
    { Language: 'TLH', Description: 'Klingon', ISOCode: '' },
  ],
  countries: [
    { Country: 'NLD', Description: 'Netherlands', ISOCodeAlpha2: 'NL' },
    { Country: 'ANT', Description: 'Netherlands Antilles', ISOCodeAlpha2: '' },
  ],
};

function contact(overrides: Record<string, unknown> = {}): LnContactEntity {
  return lnContactSchema.parse({
    '@odata.etag': 'W/"1"',
    Contact: 'CON000001',
    FirstName: 'Anna',
    MiddleName: 'de',
    LastName: 'Vries',
    Title: 'Dr.',
    JobTitle: 'Buyer',
    Email: 'anna@fabrikam.example',
    OfficePhone: '+31 20 1234567',
    MobilePhone: '+31 6 1234567',
    HomePhone: '+31 20 7654321',
    Fax: '+31 20 1111111',
    Language: 'ENG',
    BusinessPartner: 'BP0000002',
    WorkAddress: { Street: 'Keizersgracht', HouseNumber: '12a', City: 'Amsterdam', ZIPCode: '1015 CS', State: 'NH', Country: 'NLD' },
    Synchronize: true,
    ExternalReference: '',
    LastModificationDate: '2026-11-21T09:30:00Z',
    ...overrides,
  });
}

describe('lnContactToFields (B-C2)', () => {
  it('B-C2: maps every field, company from the business partner name, codes to ISO', () => {
    const { fields, warnings } = lnContactToFields(contact(), 'Fabrikam BV', tables);
    assert.deepEqual(fields, {
      givenName: 'Anna',
      middleName: 'de',
      surname: 'Vries',
      title: 'Dr.',
      jobTitle: 'Buyer',
      companyName: 'Fabrikam BV',
      email: 'anna@fabrikam.example',
      businessPhone: '+31 20 1234567',
      mobilePhone: '+31 6 1234567',
      homePhone: '+31 20 7654321',
      fax: '+31 20 1111111',
      street: 'Keizersgracht 12a',
      city: 'Amsterdam',
      postalCode: '1015 CS',
      state: 'NH',
      country: 'NL',
      language: 'en',
    });
    assert.deepEqual(warnings, []);
  });

  it('B-C2: street without house number stays as is', () => {
    const { fields } = lnContactToFields(contact({ WorkAddress: { Street: 'Main St', HouseNumber: '' } }), '', tables);
    assert.equal(fields.street, 'Main St');
  });

  it('B-C2: a language or country without ISO code maps to "" with a warning', () => {
    const { fields, warnings } = lnContactToFields(contact({ Language: 'TLH', WorkAddress: { Country: 'ANT' } }), 'X', tables);
    assert.equal(fields.language, '');
    assert.equal(fields.country, '');
    assert.deepEqual(warnings, ["country 'ANT' has no ISO code", "language 'TLH' has no ISO code"]);
  });

  it('B-C2: a code missing from the code table is also reported', () => {
    const { fields, warnings } = lnContactToFields(contact({ Language: 'XXX' }), 'X', tables);
    assert.equal(fields.language, '');
    assert.deepEqual(warnings, ["language 'XXX' has no ISO code"]);
  });

  it('empty codes give empty fields and no warnings', () => {
    const { fields, warnings } = lnContactToFields(contact({ Language: '', WorkAddress: null }), 'X', tables);
    assert.equal(fields.language, '');
    assert.equal(fields.country, '');
    assert.equal(fields.street, '');
    assert.deepEqual(warnings, []);
  });
});

describe('fieldsToLnContactBody', () => {
  it('maps ISO codes back to LN codes and the street to Street with HouseNumber cleared', () => {
    const body = fieldsToLnContactBody({ givenName: 'Ann', street: 'Main St 14', country: 'nl', language: 'EN', businessPhone: '123' }, tables);
    assert.deepEqual(body, {
      FirstName: 'Ann',
      OfficePhone: '123',
      Language: 'ENG',
      WorkAddress: { Street: 'Main St 14', HouseNumber: '', Country: 'NLD' },
    });
  });

  it('omits an ISO code LN does not know, and never writes the company', () => {
    const body = fieldsToLnContactBody({ country: 'FR', language: 'fr', companyName: 'New Co', city: 'Paris' }, tables);
    assert.deepEqual(body, { WorkAddress: { City: 'Paris' } });
  });

  it('clears language and country with ""', () => {
    assert.deepEqual(fieldsToLnContactBody({ country: '', language: '' }, tables), { Language: '', WorkAddress: { Country: '' } });
  });

  it('round-trips a full contact (apart from the company)', () => {
    const { fields } = lnContactToFields(contact(), 'Fabrikam BV', tables);
    const body = fieldsToLnContactBody(fields, tables);
    const merged = contact({ ...body, WorkAddress: { ...contact().WorkAddress, ...body.WorkAddress } });
    const again = lnContactToFields(merged, 'Fabrikam BV', tables).fields;
    assert.deepEqual(again, normalizeContact(fields));
  });
});
