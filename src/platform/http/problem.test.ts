import type { FastifyRequest } from 'fastify';
import { describe, expect, test } from 'vitest';
import { DomainError } from '../domain-error.js';
import { isDatabaseUnavailable, problemForError } from './problem.js';

const request = (locale: 'ja' | 'en') => ({ locale }) as FastifyRequest;

function validationError(validation: object[], context = 'body') {
  return Object.assign(new Error('validation'), { validation, validationContext: context, statusCode: 400 });
}

describe('problem+json mapping', () => {
  test('validation errors name the field and say what is wrong, in the request language', () => {
    const error = validationError([
      { keyword: 'required', instancePath: '', params: { missingProperty: 'email' } },
      { keyword: 'additionalProperties', instancePath: '', params: { additionalProperty: 'zz' } },
      { keyword: 'maxLength', instancePath: '/name', params: { limit: 200 } },
      { keyword: 'format', instancePath: '/email', params: { format: 'email' } },
    ]);
    const ja = problemForError(error, request('ja'));
    expect(ja.status).toBe(400);
    expect(ja.code).toBe('validation_failed');
    expect(ja.errors).toEqual([
      { path: '/email', message: '必須項目です。' },
      { path: '/zz', message: '不明な項目です。' },
      { path: '/name', message: '200文字以内で入力してください。' },
    ]);
    const en = problemForError(error, request('en'));
    expect(en.errors?.[2]).toEqual({ path: '/name', message: 'must be at most 200 characters.' });
    expect(en.title).toBe('The request is not valid.');
  });

  test('query and path errors carry their part in the path', () => {
    const error = validationError(
      [{ keyword: 'format', instancePath: '/id', params: { format: 'uuid' } }],
      'params',
    );
    expect(problemForError(error, request('ja')).errors).toEqual([
      { path: '/params/id', message: 'IDの形式が正しくありません。' },
    ]);
  });

  test('domain errors keep their code; unknown errors become a bare 500', () => {
    expect(problemForError(new DomainError('version_conflict'), request('ja')).status).toBe(409);
    const internal = problemForError(
      new Error('relation "users" does not exist at Object.<anonymous>'),
      request('en'),
    );
    expect(internal.status).toBe(500);
    expect(internal.code).toBe('internal_error');
    expect(JSON.stringify(internal)).not.toContain('relation');
  });

  test('Fastify body errors: too large 413, bad JSON 400, bad media type 415', () => {
    const fastify = (code: string, statusCode: number) =>
      Object.assign(new Error(code), { code, statusCode });
    expect(problemForError(fastify('FST_ERR_CTP_BODY_TOO_LARGE', 413), request('ja')).code).toBe(
      'body_too_large',
    );
    expect(problemForError(fastify('FST_ERR_CTP_INVALID_JSON_BODY', 400), request('ja')).code).toBe(
      'malformed_json',
    );
    expect(problemForError(fastify('FST_ERR_CTP_INVALID_MEDIA_TYPE', 415), request('ja')).status).toBe(415);
  });

  test('a database that cannot be reached answers 503, not 500', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const wrapped = Object.assign(new Error('Failed query: select 1'), { cause: refused });
    const poolTimeout = new Error('timeout exceeded when trying to connect');
    const shuttingDown = Object.assign(new Error('terminating connection due to administrator command'), {
      code: '57P01',
    });
    for (const error of [refused, wrapped, poolTimeout, shuttingDown]) {
      expect(isDatabaseUnavailable(error)).toBe(true);
      expect(problemForError(error, request('en'))).toMatchObject({
        status: 503,
        code: 'service_unavailable',
        title: 'The service is temporarily unavailable.',
      });
    }
    const unique = Object.assign(new Error('duplicate key'), { code: '23505' });
    expect(isDatabaseUnavailable(unique)).toBe(false);
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
    expect(problemForError(new Error('boom'), request('ja')).status).toBe(500);
  });
});
