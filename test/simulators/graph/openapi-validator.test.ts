// Proves the OpenAPI checker finds operations by path template and reports real schema violations readably.
// Uses Microsoft's descriptions in test/reference/graph-openapi/ unchanged.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadGraphOpenApi, validateRequest, validateResponse, type GraphOpenApi } from './openapi-validator';

let api: GraphOpenApi;

before(() => {
  api = loadGraphOpenApi();
});

const contact = {
  '@odata.context': "https://graph.microsoft.com/v1.0/$metadata#users('a')/contacts/$entity",
  '@odata.etag': 'W/"EQAAABYAAAA"',
  id: 'AAkALgAA',
  createdDateTime: '2024-03-01T10:00:00Z',
  lastModifiedDateTime: '2024-03-01T10:00:00Z',
  changeKey: 'EQAAABYAAAA',
  categories: [],
  parentFolderId: 'AAMkAGI2',
  birthday: null,
  displayName: 'Ada Lovelace',
  givenName: 'Ada',
  emailAddresses: [{ name: 'Ada', address: 'ada@example.org' }],
  businessAddress: { city: 'London', countryOrRegion: null },
  homeAddress: {},
  singleValueExtendedProperties: [{ id: 'String {a5c7c2e1-9a3b-4c1d-8e2f-0123456789ab} Name K', value: 'v' }],
};

describe('openapi-validator', () => {
  it('finds operations by path template, with or without /v1.0, query or absolute URL', () => {
    assert.equal(api.findOperation('GET', '/users/a@b.c/contactFolders/AAMk%3D/contacts')?.template, '/users/{user-id}/contactFolders/{contactFolder-id}/contacts');
    assert.equal(api.findOperation('PATCH', 'http://127.0.0.1:1/v1.0/users/a/contacts/x?$select=id')?.operationId, 'user_UpdateContact');
    assert.equal(api.findOperation('GET', '/users/a/contacts/$count')?.template, '/users/{user-id}/contacts/$count');
    assert.equal(api.findOperation('POST', '/subscriptions')?.file, 'ChangeNotifications.yml');
    assert.equal(api.findOperation('GET', '/users/a/calendarView')?.file, 'Calendar.yml');
  });

  it('accepts a conforming contact (nullable properties, annotations) in requests and responses', () => {
    assert.deepEqual(validateResponse({ method: 'GET', path: '/users/a/contacts/x', status: 200, body: contact }), []);
    assert.deepEqual(validateRequest({ method: 'POST', path: '/users/a/contactFolders/f/contacts', body: { givenName: 'A', surname: null, '@odata.type': '#microsoft.graph.contact' } }), []);
    assert.deepEqual(validateResponse({ method: 'DELETE', path: '/users/a/contacts/x', status: 204 }), []);
    assert.deepEqual(validateResponse({ method: 'GET', path: '/users/a/contacts/x', status: 404, body: { error: { code: 'ErrorItemNotFound', message: 'gone' } } }), []);
  });

  it('reports unknown properties, wrong types and bad timestamps with their location', () => {
    const errors = validateRequest({ method: 'PATCH', path: '/users/a/contacts/x', body: { firstName: 'A', businessPhones: '123', businessAddress: { city: 5 } } });
    assert.ok(errors.some((e) => /\(root\): unknown property 'firstName'/.test(e)), errors.join('\n'));
    assert.ok(errors.some((e) => /\/businessPhones: must be array/.test(e)), errors.join('\n'));
    assert.ok(errors.some((e) => /\/businessAddress\/city: must be string/.test(e)), errors.join('\n'));
    const response = validateResponse({ method: 'GET', path: '/users/a/contacts/x', status: 200, body: { ...contact, lastModifiedDateTime: 'yesterday' } });
    assert.ok(response.some((e) => e.includes('/lastModifiedDateTime')), response.join('\n'));
    const error = validateResponse({ method: 'GET', path: '/users/a/contacts/x', status: 500, body: { error: { message: 'no code' } } });
    assert.ok(error.some((e) => e.includes("required property 'code'")), error.join('\n'));
  });

  it('reports paths and methods the descriptions do not have, and bodies where none is described', () => {
    assert.match(validateRequest({ method: 'GET', path: '/users/a/contactz' })[0] ?? '', /no operation/);
    assert.match(validateRequest({ method: 'PUT', path: '/users/a/contacts/x', body: {} })[0] ?? '', /does not describe PUT/);
    assert.match(validateResponse({ method: 'DELETE', path: '/users/a/contacts/x', status: 204, body: { x: 1 } })[0] ?? '', /no body is described/);
    assert.match(validateRequest({ method: 'POST', path: '/users/a/contacts' })[0] ?? '', /a body is required/);
  });

  it('checks delta pages as contact collections and $batch envelopes against a hand-written schema', () => {
    const page = { '@odata.deltaLink': 'http://x/delta?$deltatoken=1', value: [contact, { '@odata.type': '#microsoft.graph.contact', id: 'r', '@removed': { reason: 'deleted' } }] };
    assert.deepEqual(validateResponse({ method: 'GET', path: '/users/a/contactFolders/f/contacts/delta', status: 200, body: page }), []);
    assert.notDeepEqual(validateResponse({ method: 'GET', path: '/users/a/contactFolders/f/contacts/delta', status: 200, body: { value: [{ nick: 1 }] } }), []);
    const requests = Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: '/users/a/contacts' }));
    assert.ok(validateRequest({ method: 'POST', path: '/$batch', body: { requests } }).some((e) => /must NOT have more than 20 items/.test(e)));
    assert.deepEqual(validateRequest({ method: 'POST', path: '/$batch', body: { requests: requests.slice(0, 20) } }), []);
    assert.deepEqual(validateRequest({ method: 'GET', path: '/users/a' }), []);
  });

  it('checks event action bodies and mailboxSettings answers against hand-written schemas (their files are not kept)', () => {
    assert.deepEqual(validateRequest({ method: 'POST', path: '/users/a/events/x/cancel', body: { comment: 'Called off' } }), []);
    assert.deepEqual(validateRequest({ method: 'POST', path: '/users/a/calendar/events/x/tentativelyAccept', body: { comment: null, sendResponse: true } }), []);
    assert.match(validateRequest({ method: 'POST', path: '/users/a/events/x/accept', body: { comments: 'x' } })[0] ?? '', /unknown property 'comments'/);
    assert.deepEqual(validateResponse({ method: 'POST', path: '/users/a/events/x/decline', status: 202 }), []);
    assert.deepEqual(validateResponse({ method: 'GET', path: '/users/a/mailboxSettings', status: 200, body: { timeZone: 'UTC' } }), []);
    assert.notDeepEqual(validateResponse({ method: 'GET', path: '/users/a/mailboxSettings', status: 200, body: { timezone: 'UTC' } }), []);
  });

  it('can be loaded leniently, accepting properties a schema does not declare', () => {
    const lenient = loadGraphOpenApi(['PersonalContacts.yml'], { rejectUnknownProperties: false });
    assert.deepEqual(lenient.validateRequest({ method: 'POST', path: '/users/a/contacts', body: { firstName: 'x' } }), []);
    loadGraphOpenApi();
  });
});
