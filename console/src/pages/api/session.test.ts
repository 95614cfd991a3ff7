import { describe, expect, it } from 'vitest';
import { roleHeaders, variableHeader } from './session';

describe('the headers of the role bar', () => {
  it('admin sends no role, only the session variables that have a value', () => {
    expect(roleHeaders({ role: 'admin', variables: [{ name: 'X-Hasura-User-Id', value: '' }] })).toEqual({});
    expect(roleHeaders({ role: 'admin', variables: [{ name: 'X-Hasura-User-Id', value: '7' }] }))
      .toEqual({ 'x-hasura-user-id': '7' });
  });

  it('a role sends x-hasura-role and its variables, named with or without the prefix', () => {
    expect(roleHeaders({ role: ' user ', variables: [{ name: 'User-Id', value: '2' }, { name: 'X-Hasura-Org', value: 'a' }] }))
      .toEqual({ 'x-hasura-role': 'user', 'x-hasura-user-id': '2', 'x-hasura-org': 'a' });
  });

  it('a variable cannot override the chosen role', () => {
    expect(roleHeaders({ role: 'user', variables: [{ name: 'X-Hasura-Role', value: 'admin' }] })).toEqual({ 'x-hasura-role': 'user' });
  });

  it('names a variable in full', () => {
    expect(variableHeader('user-id')).toBe('X-Hasura-user-id');
    expect(variableHeader(' x-hasura-org ')).toBe('x-hasura-org');
  });
});
