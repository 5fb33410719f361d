// Tests putJson/readJson without storage: splitting long JSON over properties, never inside a surrogate pair,
// reading the parts back in order, and rejecting text that is not JSON or does not fit the schema.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { ExternalServiceError } from '../../shared/domain/external-service-error';
import { JSON_CHUNK_CHARS, putJson, readJson } from '../../shared/state/chunked-json';

const strings = z.array(z.string());

void describe('chunked JSON properties', () => {
  void it('keeps short JSON in one property', () => {
    const entity: Record<string, unknown> = {};
    putJson(entity, 'list', ['a', 'b']);
    assert.deepEqual(entity, { list: '["a","b"]' });
    assert.deepEqual(readJson(entity, 'list', strings, 't'), ['a', 'b']);
  });

  void it('splits long JSON without cutting a surrogate pair and joins it back', () => {
    // `["` is 2 characters, so the emoji's high surrogate sits exactly at the last position of the first part.
    const value = [`${'x'.repeat(JSON_CHUNK_CHARS - 3)}😀${'y'.repeat(2 * JSON_CHUNK_CHARS)}`];
    const entity: Record<string, unknown> = {};
    putJson(entity, 'list', value);
    const parts = Object.keys(entity);
    assert.deepEqual(parts, ['list', 'list_1', 'list_2', 'list_3']);
    assert.equal((entity.list as string).length, JSON_CHUNK_CHARS - 1, 'the first part stops before the pair');
    for (const key of parts) {
      const text = entity[key] as string;
      assert.ok(text.length <= JSON_CHUNK_CHARS);
      assert.ok(!/[\uD800-\uDBFF]$/.test(text) && !/^[\uDC00-\uDFFF]/.test(text), `${key} cuts a surrogate pair`);
    }
    assert.deepEqual(readJson(entity, 'list', strings, 't'), value);
  });

  void it('answers undefined for a missing property and rejects bad JSON or a bad shape', () => {
    assert.equal(readJson({}, 'list', strings, 't'), undefined);
    for (const bad of ['not json', '[1,2]', 42]) {
      assert.throws(() => readJson({ list: bad }, 'list', strings, 'tbl'), (err: unknown) => {
        assert.ok(err instanceof ExternalServiceError);
        assert.equal(err.code, 'InvalidStoredRow');
        assert.match(err.message, /'tbl'.*list/);
        return true;
      });
    }
  });
});
