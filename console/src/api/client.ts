import { ApiError, toApiError } from './errors';

export { ApiError, describeError } from './errors';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface GraphQLResponse<T = Record<string, Json>> {
  data?: T;
  errors?: { message: string; extensions?: { path?: string; code?: string } }[];
}

export interface RunSqlResult {
  result_type: 'TuplesOk' | 'CommandOk';
  result: (string | null)[][] | null;
}

export interface RunSqlOptions {
  cascade?: boolean;
  readOnly?: boolean;
  source?: string;
}

export interface ExplainStep {
  field: string;
  sql: string;
  plan: string[];
}

/** The header that carries the admin secret, as Hasura names it. */
export const ADMIN_SECRET_HEADER = 'x-hasura-admin-secret';

/**
 * The console's one way to the engine: its public HTTP APIs, with the admin secret (when there is one) on every
 * request, and every error turned into an {@link ApiError} a page can show.
 */
export class ApiClient {
  readonly secret: string | undefined;
  private readonly base: string;

  constructor(secret?: string, base = '') {
    this.secret = secret || undefined;
    this.base = base;
  }

  /** The headers of an admin request: JSON, and the secret when there is one. */
  adminHeaders(): Record<string, string> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.secret) headers[ADMIN_SECRET_HEADER] = this.secret;
    return headers;
  }

  private async post<T>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
    const response = await fetch(this.base + path, {
      method: 'POST',
      headers: { ...this.adminHeaders(), ...headers },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    let json: unknown = undefined;
    try {
      json = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      throw new ApiError(`The engine answered HTTP ${response.status} with something other than JSON.`,
        'unexpected', response.status);
    }
    if (!response.ok) throw toApiError(response.status, json);
    return json as T;
  }

  /** One `/v1/metadata` operation. */
  metadata<T = Json>(type: string, args: unknown = {}, extra: Record<string, unknown> = {}): Promise<T> {
    return this.post<T>('/v1/metadata', { type, args, ...extra });
  }

  /** Several `/v1/metadata` operations applied together, or not at all. */
  bulk<T = Json[]>(operations: { type: string; args: unknown }[]): Promise<T> {
    return this.metadata<T>('bulk', operations);
  }

  /** One `/v2/query` operation (run_sql and the data commands). */
  query<T = Json>(type: string, args: unknown): Promise<T> {
    return this.post<T>('/v2/query', { type, args });
  }

  runSql(sql: string, options: RunSqlOptions = {}): Promise<RunSqlResult> {
    return this.query<RunSqlResult>('run_sql', {
      source: options.source ?? 'default',
      sql,
      cascade: options.cascade ?? false,
      read_only: options.readOnly ?? false,
    });
  }

  /**
   * A `/v1/graphql` request. GraphQL errors come back in the answer (HTTP 200) and are left to the caller, who may
   * want to show them by field; a request refused as a whole throws.
   */
  graphqlRaw<T = Record<string, Json>>(query: string, variables?: Record<string, unknown>,
    headers: Record<string, string> = {}, operationName?: string): Promise<GraphQLResponse<T>> {
    return this.post<GraphQLResponse<T>>('/v1/graphql', { query, variables, operationName }, headers);
  }

  /** A `/v1/graphql` request whose errors, if any, are thrown. */
  async graphql<T = Record<string, Json>>(query: string, variables?: Record<string, unknown>,
    headers: Record<string, string> = {}): Promise<T> {
    const answer = await this.graphqlRaw<T>(query, variables, headers);
    if (answer.errors && answer.errors.length > 0) throw toApiError(200, answer);
    return answer.data as T;
  }

  /** The statement and Postgres's plan of each root field (`/v1/graphql/explain`). */
  explain(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {},
    operationName?: string): Promise<ExplainStep[]> {
    return this.post<ExplainStep[]>('/v1/graphql/explain', {
      query: { query, variables, operationName },
      user: headers,
    });
  }

  async version(): Promise<string> {
    const response = await fetch(this.base + '/v1/version');
    if (!response.ok) throw toApiError(response.status, await response.json().catch(() => undefined));
    const body = (await response.json()) as { version: string };
    return body.version;
  }
}

/**
 * Whether the engine lets this secret (or no secret) use the admin APIs: `ok`, `denied` (it needs a secret, or
 * another one), or throws when the engine cannot be reached.
 */
export async function probe(client: ApiClient): Promise<'ok' | 'denied'> {
  try {
    await client.metadata('get_inconsistent_metadata', {});
    return 'ok';
  } catch (e) {
    if (e instanceof ApiError && e.accessDenied) return 'denied';
    throw e;
  }
}
