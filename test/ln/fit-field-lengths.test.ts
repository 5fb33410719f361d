// Unit tests of the pure B-C12 shortening: strings cut to their field's length, identifiers refused, warning wording.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { fieldLengthWarning, fitFieldLengths, shortenText, tooLongMessage } from '../../shared/ln/fit-field-lengths';

const lengths: Record<string, number> = { JobTitle: 10, 'WorkAddress/Country': 3, ExternalReference: 5 };
const lengthOf = (path: string) => lengths[path];

it('B-C12: shortenText cuts whole code points and drops the trailing spaces the cut leaves', () => {
  assert.equal(shortenText('Sales and marketing', 6), 'Sales');
  assert.equal(shortenText('short', 10), 'short');
  assert.equal(shortenText('😀😀😀😀', 2), '😀😀', 'a surrogate pair is never split');
  assert.equal(shortenText('ab  ', 3), 'ab');
});

it('B-C12: fitFieldLengths cuts every over-long string (nested paths too) and leaves the rest, arrays and non-strings alone', () => {
  const body = { JobTitle: 'Procurement lead', FirstName: 'no limit known', WorkAddress: { Country: 'NLDX', City: 'Delft' }, Synchronize: true, Attendees: [{ JobTitle: 'x'.repeat(20) }] };
  const { body: fitted, shortened, tooLong } = fitFieldLengths(body, lengthOf);
  assert.deepEqual(fitted, { JobTitle: 'Procuremen', FirstName: 'no limit known', WorkAddress: { Country: 'NLD', City: 'Delft' }, Synchronize: true, Attendees: body.Attendees });
  assert.deepEqual(shortened, [{ path: 'JobTitle', limit: 10 }, { path: 'WorkAddress/Country', limit: 3 }]);
  assert.deepEqual(tooLong, []);
  assert.equal(body.JobTitle, 'Procurement lead', 'the input is not changed');
});

it('B-C12: values that fit give no shortened field and no warning', () => {
  const fit = fitFieldLengths({ JobTitle: 'exactly 10' }, lengthOf);
  assert.deepEqual(fit.shortened, []);
  assert.equal(fieldLengthWarning('contact K', fit.shortened), undefined);
});

it('B-C12: an identifier longer than its field is never cut but reported as too long', () => {
  const fit = fitFieldLengths({ ExternalReference: 'EX-123456' }, lengthOf, new Set(['ExternalReference']));
  assert.equal(fit.body.ExternalReference, 'EX-123456');
  assert.deepEqual(fit.tooLong, [{ path: 'ExternalReference', limit: 5 }]);
  assert.match(tooLongMessage('contact x@y.z', fit.tooLong), /^contact x@y\.z cannot be written: ExternalReference holds 5 characters in LN/);
});

it('B-C12: one warning per item names every shortened field with its length', () => {
  assert.equal(
    fieldLengthWarning('contact a@b.c', [{ path: 'company name', limit: 35, note: "its account is 'Contoso'" }, { path: 'JobTitle', limit: 30 }]),
    "B-C12: contact a@b.c had values longer than LN's fields, shortened to fit: company name (35 characters; its account is 'Contoso'), JobTitle (30 characters)",
  );
});
