// Tests of the LN simulator's $filter parser and evaluator.
// Operators, precedence, parentheses, literals of every supported kind, functions and syntax errors.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateFilter } from './odata-filter-evaluator';
import { FilterSyntaxError, parseFilter } from './odata-filter-parser';

const activity = {
  Activity: 'ACT1',
  Type: 'Appointment',
  Subject: "O'Brien visit",
  Synchronize: true,
  Priority: 3,
  EndDate: '2026-11-21T10:00:00Z',
  LastModificationDate: '2026-11-21T09:30:00.500Z',
  Email: 'Anna@Example.com',
  Address: { City: 'Amsterdam' },
  Empty: null,
};

const matches = (filter: string) => evaluateFilter(parseFilter(filter), activity);

describe('OData $filter', () => {
  it('compares strings, booleans and numbers with every operator', () => {
    assert.equal(matches("Activity eq 'ACT1'"), true);
    assert.equal(matches("Activity ne 'ACT1'"), false);
    assert.equal(matches('Synchronize eq true'), true);
    assert.equal(matches('Synchronize eq false'), false);
    assert.equal(matches('Priority gt 2'), true);
    assert.equal(matches('Priority ge 3'), true);
    assert.equal(matches('Priority lt 3'), false);
    assert.equal(matches('Priority le 3'), true);
    assert.equal(matches('Priority eq 3.5'), false);
  });

  it('string literals double their quotes', () => {
    assert.equal(matches("Subject eq 'O''Brien visit'"), true);
    assert.equal(matches("Subject eq 'OBrien visit'"), false);
  });

  it('date-time literals compare as instants with ISO strings', () => {
    assert.equal(matches('LastModificationDate gt 2026-11-21T09:30:00Z'), true);
    assert.equal(matches('LastModificationDate gt 2026-11-21T09:30:00.500Z'), false);
    assert.equal(matches('LastModificationDate ge 2026-11-21T10:30:00.500+01:00'), true);
    assert.equal(matches('EndDate lt 2026-11-21T10:00:01Z'), true);
  });

  it('enum literals compare by member name', () => {
    assert.equal(matches("Type eq tcapi.comActivity.ActivityType'Appointment'"), true);
    assert.equal(matches("Type eq tcapi.comActivity.ActivityType'Call'"), false);
  });

  it('and binds tighter than or; parentheses and not', () => {
    assert.equal(matches("Synchronize eq false and Priority eq 3 or Activity eq 'ACT1'"), true);
    assert.equal(matches("Synchronize eq false and (Priority eq 3 or Activity eq 'ACT1')"), false);
    assert.equal(
      matches("Synchronize eq true and EndDate ge 2026-11-21T00:00:00Z and (Type eq tcapi.comActivity.ActivityType'Appointment' or Type eq tcapi.comActivity.ActivityType'Call')"),
      true,
    );
    assert.equal(matches('not (Priority eq 3)'), false);
    assert.equal(matches('not Synchronize'), false);
  });

  it('functions: tolower, toupper, contains, startswith, endswith', () => {
    assert.equal(matches("tolower(Email) eq 'anna@example.com'"), true);
    assert.equal(matches("Email eq 'anna@example.com'"), false);
    assert.equal(matches("toupper(Email) eq 'ANNA@EXAMPLE.COM'"), true);
    assert.equal(matches("contains(Subject,'Brien')"), true);
    assert.equal(matches("startswith(Subject,'X')"), false);
    assert.equal(matches("endswith(Subject,'visit')"), true);
  });

  it('null literal and property paths into complex values', () => {
    assert.equal(matches('Empty eq null'), true);
    assert.equal(matches('Activity eq null'), false);
    assert.equal(matches("Address/City eq 'Amsterdam'"), true);
  });

  it('reports syntax errors and unknown properties or functions', () => {
    for (const bad of ["Activity eq 'open", 'Activity eq', '(Priority eq 3', 'Priority eq 3 3', 'Priority @ 3', 'eq 3']) {
      assert.throws(() => matches(bad), FilterSyntaxError, bad);
    }
    assert.throws(() => matches("Nope eq 'x'"), /unknown property Nope/);
    assert.throws(() => matches("frobnicate(Email) eq 'x'"), /unsupported function frobnicate/);
  });
});
