/** A failed call to the engine, with Hasura's error code and JSON path when the engine gave them. */
export class ApiError extends Error {
  readonly code: string;
  readonly path: string | undefined;
  readonly status: number;
  readonly detail: string | undefined;

  constructor(message: string, code: string, status: number, path?: string, detail?: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.path = path;
    this.detail = detail;
  }

  /** True when the engine refused the admin secret (or asked for one). */
  get accessDenied(): boolean {
    return this.code === 'access-denied' || this.code === 'invalid-headers' || this.status === 401;
  }
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Postgres's own words from run_sql's `internal` block: message, then hint, when present. */
function postgresDetail(internal: unknown): string | undefined {
  if (!isObject(internal)) return undefined;
  const error = isObject(internal.error) ? internal.error : undefined;
  if (!error) return undefined;
  const parts = [error.message, error.description, error.hint].filter(
    (p): p is string => typeof p === 'string' && p.length > 0,
  );
  return parts.length > 0 ? parts.join(' — ') : undefined;
}

/**
 * Turns any of the engine's error bodies into one ApiError: the REST shape `{path, error, code, internal?}` of
 * /v1/metadata and /v2/query, and the GraphQL shape `{errors: [{message, extensions: {path, code}}]}`.
 */
export function toApiError(status: number, body: unknown): ApiError {
  if (isObject(body) && typeof body.error === 'string') {
    const detail = postgresDetail(body.internal);
    const message = detail && !body.error.includes(detail) ? `${body.error}: ${detail}` : body.error;
    return new ApiError(message, String(body.code ?? 'unexpected'), status,
      typeof body.path === 'string' ? body.path : undefined, detail);
  }
  if (isObject(body) && Array.isArray(body.errors) && body.errors.length > 0) {
    const first = body.errors[0];
    const messages = body.errors
      .map((e) => (isObject(e) && typeof e.message === 'string' ? e.message : 'unknown error'))
      .join('; ');
    const extensions = isObject(first) && isObject(first.extensions) ? first.extensions : {};
    return new ApiError(messages, String(extensions.code ?? 'unexpected'), status,
      typeof extensions.path === 'string' ? extensions.path : undefined);
  }
  if (status === 404) {
    return new ApiError('The engine does not know this endpoint (HTTP 404).', 'not-found', status);
  }
  return new ApiError(`The engine answered HTTP ${status} without an error message.`, 'unexpected', status);
}

/** The message a person sees for anything thrown while talking to the engine. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) {
    return 'The engine did not answer. Check that it is running and reachable from this browser.';
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
