import { describe, expect, it } from 'vitest';
import { ApiError, describeError, toApiError } from './errors';

describe('toApiError', () => {
  it('reads the metadata API shape', () => {
    const e = toApiError(400, { path: '$.args', error: 'table "x" does not exist', code: 'not-exists' });
    expect(e.message).toBe('table "x" does not exist');
    expect(e.code).toBe('not-exists');
    expect(e.path).toBe('$.args');
  });

  it("adds Postgres's message from run_sql's internal block", () => {
    const e = toApiError(400, {
      path: '$', error: 'query execution failed', code: 'postgres-error',
      internal: { error: { message: 'relation "nope" does not exist', status_code: '42P01' } },
    });
    expect(e.message).toBe('query execution failed: relation "nope" does not exist');
    expect(e.detail).toBe('relation "nope" does not exist');
  });

  it('reads the GraphQL shape', () => {
    const e = toApiError(200, { errors: [{ message: 'field "x" not found', extensions: { path: '$.selectionSet.x', code: 'validation-failed' } }] });
    expect(e.message).toBe('field "x" not found');
    expect(e.code).toBe('validation-failed');
  });

  it('knows a refused secret', () => {
    expect(toApiError(401, { path: '$', error: 'invalid x-hasura-admin-secret/x-hasura-access-key', code: 'access-denied' }).accessDenied).toBe(true);
    expect(toApiError(400, { path: '$', error: 'bad', code: 'parse-failed' }).accessDenied).toBe(false);
  });

  it('words an unreachable engine', () => {
    expect(describeError(new TypeError('Failed to fetch'))).toMatch(/did not answer/);
    expect(describeError(new ApiError('x', 'y', 400))).toBe('x');
  });
});
