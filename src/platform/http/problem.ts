// One place maps every error to an RFC 9457 problem+json answer. Stack traces and SQL never
// reach the client; unexpected errors are logged with the request id and answered 500.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type ErrorCode, errorCatalog, type FieldError, type Locale } from '../domain-error.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  errors?: FieldError[];
}

export function problemOf(code: ErrorCode, locale: Locale, errors?: FieldError[], detail?: string): Problem {
  const { status, title } = errorCatalog[code];
  return {
    type: 'about:blank',
    title: title[locale],
    status,
    detail: detail ?? title[locale],
    code,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type('application/problem+json; charset=utf-8').send(problem);
}

interface AjvError {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

type Params = Record<string, unknown>;

/** Messages for the schema keywords our routes use, as a form would say them. */
const FIELD_MESSAGES: Record<string, { ja: (p: Params) => string; en: (p: Params) => string }> = {
  required: { ja: () => '必須項目です。', en: () => 'is required.' },
  additionalProperties: { ja: () => '不明な項目です。', en: () => 'is not a known field.' },
  type: {
    ja: (p) => `${typeName(p.type, 'ja')}で入力してください。`,
    en: (p) => `must be ${typeName(p.type, 'en')}.`,
  },
  minLength: {
    ja: (p) => (p.limit === 1 ? '入力してください。' : `${p.limit}文字以上で入力してください。`),
    en: (p) => (p.limit === 1 ? 'must not be empty.' : `must be at least ${p.limit} characters.`),
  },
  maxLength: {
    ja: (p) => `${p.limit}文字以内で入力してください。`,
    en: (p) => `must be at most ${p.limit} characters.`,
  },
  minimum: { ja: (p) => `${p.limit}以上の値を入力してください。`, en: (p) => `must be ${p.limit} or more.` },
  maximum: { ja: (p) => `${p.limit}以下の値を入力してください。`, en: (p) => `must be ${p.limit} or less.` },
  minItems: {
    ja: (p) => `${p.limit}件以上選んでください。`,
    en: (p) => `must have at least ${p.limit} items.`,
  },
  maxItems: {
    ja: (p) => `${p.limit}件以内にしてください。`,
    en: (p) => `must have at most ${p.limit} items.`,
  },
  pattern: { ja: () => '形式が正しくありません。', en: () => 'has the wrong format.' },
  format: {
    ja: (p) => FORMAT_NAMES[String(p.format)]?.ja ?? '形式が正しくありません。',
    en: (p) => FORMAT_NAMES[String(p.format)]?.en ?? `must be a valid ${String(p.format)}.`,
  },
  const: { ja: () => '選択肢から選んでください。', en: () => 'is not one of the allowed values.' },
  enum: { ja: () => '選択肢から選んでください。', en: () => 'is not one of the allowed values.' },
  discriminator: { ja: () => '選択肢から選んでください。', en: () => 'is not one of the allowed values.' },
  anyOf: {
    ja: () => '選択肢から選ぶか、正しい形式で入力してください。',
    en: () => 'is not an allowed value.',
  },
};

const FORMAT_NAMES: Record<string, { ja: string; en: string }> = {
  email: { ja: 'メールアドレスの形式が正しくありません。', en: 'must be a valid email address.' },
  uuid: { ja: 'IDの形式が正しくありません。', en: 'must be a valid id (UUID).' },
  date: { ja: '日付はYYYY-MM-DDの形式で入力してください。', en: 'must be a date (YYYY-MM-DD).' },
  'date-time': { ja: '日時の形式が正しくありません。', en: 'must be an ISO 8601 date-time.' },
};

function typeName(type: unknown, locale: Locale): string {
  const names: Record<string, [string, string]> = {
    string: ['文字列', 'a string'],
    integer: ['整数', 'an integer'],
    number: ['数値', 'a number'],
    boolean: ['はい/いいえ', 'true or false'],
    object: ['オブジェクト', 'an object'],
    array: ['一覧', 'a list'],
    null: ['空', 'null'],
  };
  const pair = names[String(type).split(',')[0] ?? ''];
  return pair ? pair[locale === 'ja' ? 0 : 1] : String(type);
}

function fieldErrors(validation: AjvError[], context: string | undefined, locale: Locale): FieldError[] {
  const prefix = context && context !== 'body' ? `/${context}` : '';
  const errors = validation.map((error) => {
    let path = `${prefix}${error.instancePath ?? ''}`;
    const params = error.params ?? {};
    if (error.keyword === 'additionalProperties' && params.additionalProperty) {
      path = `${path}/${String(params.additionalProperty)}`;
    } else if (error.keyword === 'required' && params.missingProperty) {
      path = `${path}/${String(params.missingProperty)}`;
    } else if (error.keyword === 'discriminator' && params.tag) {
      path = `${path}/${String(params.tag)}`;
    }
    const messages = error.keyword ? FIELD_MESSAGES[error.keyword] : undefined;
    const message = messages ? messages[locale](params) : (error.message ?? 'is invalid');
    return { path: path || '/', message };
  });
  // A union reports every branch that failed; one message per field is what a form shows.
  const seen = new Set<string>();
  return errors.filter((error) => {
    if (seen.has(error.path)) return false;
    seen.add(error.path);
    return true;
  });
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'malformed_json',
  FST_ERR_BAD_URL: 'validation_failed',
  FST_ERR_MAX_PARAM_LENGTH: 'validation_failed',
};

/**
 * Constraint and concurrency errors that a use case did not turn into its own code: the
 * database refused the write, so the client gets a 4xx rather than a 500.
 */
const DATABASE_CODES: Record<string, ErrorCode> = {
  '23505': 'already_exists',
  '23503': 'reference_not_found',
  '40001': 'concurrent_update',
  '40P01': 'concurrent_update',
};

/** SQLSTATEs of a server that is shutting down, starting or out of connections. */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * The database cannot be reached: refused or lost connections, a server shutting down or
 * starting, no connection free within the pool's wait (pg-pool says so only in words).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_NETWORK_CODES.has(code)))
      return true;
    if (
      typeof message === 'string' &&
      /^(timeout exceeded when trying to connect|Connection terminated)/.test(message)
    )
      return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** The SQLSTATE of a PostgreSQL error, also when drizzle wraps it (`cause`). */
export function databaseErrorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * What may be logged of an unexpected error: its kind, message and SQLSTATE, never the SQL
 * text or its parameters (drizzle puts both on its errors: password hashes, tokens).
 */
export function loggableError(error: unknown): Record<string, unknown> {
  const root = (error as { cause?: unknown })?.cause ?? error;
  const source = root instanceof Error ? root : error instanceof Error ? error : undefined;
  return {
    type: source?.name ?? typeof error,
    message: source?.message ?? String(error),
    ...(databaseErrorCode(error) ? { sqlState: databaseErrorCode(error) } : {}),
    ...((root as { constraint?: string })?.constraint
      ? { constraint: (root as { constraint?: string }).constraint }
      : {}),
    ...(source?.stack ? { stack: source.stack.split('\n').slice(0, 8).join('\n') } : {}),
  };
}

export function problemForError(error: FastifyError | Error, request: FastifyRequest): Problem {
  const locale = request.locale ?? 'ja';
  if (error instanceof DomainError) {
    const errors = error.errors?.map(({ path, message }) => ({
      path,
      message: typeof message === 'string' ? message : message[locale],
    }));
    return problemOf(error.code, locale, errors, error.detailOverride?.[locale]);
  }
  const fastifyError = error as FastifyError & { validationContext?: string };
  if (fastifyError.validation) {
    return problemOf(
      'validation_failed',
      locale,
      fieldErrors(fastifyError.validation as AjvError[], fastifyError.validationContext, locale),
    );
  }
  const database = databaseErrorCode(error);
  if (database) {
    const code = DATABASE_CODES[database];
    if (code) return problemOf(code, locale);
  }
  if (isDatabaseUnavailable(error)) return problemOf('service_unavailable', locale);
  const mapped = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (mapped) return problemOf(mapped, locale);
  const status = fastifyError.statusCode ?? 500;
  if (status === 429) return problemOf('rate_limited', locale);
  if (status === 413) return problemOf('body_too_large', locale);
  if (status === 415) return problemOf('unsupported_media_type', locale);
  if (status === 404) return problemOf('not_found', locale);
  if (status === 400 || error instanceof SyntaxError) return problemOf('malformed_json', locale);
  return problemOf('internal_error', locale);
}
