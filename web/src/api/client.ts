// The typed HTTP client for /api/v1. Types come only from the generated OpenAPI document
// (schema.d.ts); the UI never imports server code (architecture rule 4).
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

/** A field-level message of a validation problem (`errors: [{ path, message }]`). */
export interface FieldProblem {
  path: string;
  message: string;
}

/** An `application/problem+json` answer, or a network failure (`status` 0, code `network`). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors: FieldProblem[];

  constructor(status: number, code: string, detail: string, errors: FieldProblem[] = []) {
    super(detail || code);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.errors = errors;
  }
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Session state the middleware reads; set by the session code after login and /auth/me. */
const requestContext = { csrfToken: '', language: 'ja' };

export function setCsrfToken(token: string): void {
  requestContext.csrfToken = token;
}

export function setRequestLanguage(language: string): void {
  requestContext.language = language;
}

const sessionHeaders: Middleware = {
  onRequest({ request }) {
    request.headers.set('Accept-Language', requestContext.language);
    if (UNSAFE_METHODS.has(request.method) && requestContext.csrfToken) {
      request.headers.set('X-CSRF-Token', requestContext.csrfToken);
    }
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'include' });
api.use(sessionHeaders);

function toApiError(status: number, body: unknown, fallbackText: string): ApiError {
  if (body && typeof body === 'object') {
    const problem = body as { code?: unknown; detail?: unknown; title?: unknown; errors?: unknown };
    const code = typeof problem.code === 'string' ? problem.code : `http_${status}`;
    const detail =
      typeof problem.detail === 'string'
        ? problem.detail
        : typeof problem.title === 'string'
          ? problem.title
          : fallbackText;
    const errors = Array.isArray(problem.errors)
      ? problem.errors.filter(
          (item): item is FieldProblem =>
            !!item && typeof item.path === 'string' && typeof item.message === 'string',
        )
      : [];
    return new ApiError(status, code, detail, errors);
  }
  return new ApiError(status, `http_${status}`, typeof body === 'string' && body ? body : fallbackText);
}

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * Awaits an openapi-fetch call and returns its data, or throws an ApiError for a problem
 * answer or a network failure, so TanStack Query sees every failure the same way.
 */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch (cause) {
    throw new ApiError(0, 'network', cause instanceof Error ? cause.message : String(cause));
  }
  const { data, error, response } = result;
  if (error !== undefined || !response.ok) {
    throw toApiError(response.status, error, response.statusText);
  }
  return data as T;
}
