import type { FastifyRequest } from 'fastify';
import { describe, expect, test } from 'vitest';
import { DomainError } from '../domain-error.js';
import { problemForError } from './problem.js';

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
});
