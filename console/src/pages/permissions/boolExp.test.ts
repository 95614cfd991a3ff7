import { describe, expect, it } from 'vitest';
import type { Json } from '../../api/client';
import { BoolExpError, OPERATORS, parseBoolExp, sessionVariables, toJson, type KeyKind } from './boolExp';

/** JSON → builder model → JSON gives back the very same text, keys in the same order. */
function roundTrip(json: Json, kindOf?: KeyKind) {
  const model = parseBoolExp(json, kindOf);
  expect(JSON.stringify(toJson(model))).toBe(JSON.stringify(json));
  return model;
}

describe('the filter builder model round-trips', () => {
  it('no checks at all', () => {
    expect(roundTrip({})).toEqual({ fields: [] });
  });

  it('a column against a session variable', () => {
    const model = roundTrip({ customer_id: { _eq: 'X-Hasura-User-Id' } });
    expect(model.fields[0]).toEqual({ kind: 'column', column: 'customer_id',
      comparisons: [{ operator: '_eq', value: 'X-Hasura-User-Id' }] });
  });

  it('session variables in any case, and in lists', () => {
    roundTrip({ id: { _in: 'x-hasura-allowed-ids' }, owner: { _neq: 'X-HASURA-USER-ID' } });
  });

  it.each(OPERATORS.map((o) => o.name))('the operator %s', (operator) => {
    const value: Json = operator === '_is_null' ? true
      : ['_in', '_nin', '_has_keys_any', '_has_keys_all', '_ancestor_any', '_descendant_any', '_matches_any']
        .includes(operator) ? ['a', 'b']
        : operator.startsWith('_c') && operator !== '_contains' && operator !== '_contained_in' ? 'other_column'
          : operator.startsWith('_st_') ? { type: 'Point', coordinates: [1, 2] }
            : operator === '_contains' || operator === '_contained_in' ? { tags: ['x'] } : 'value';
    const model = roundTrip({ column: { [operator]: value } });
    expect(model.fields[0].kind).toBe('column');
  });

  it('several operators on one column, several columns in one object', () => {
    const model = roundTrip({ total: { _gt: 1, _lte: 10.5 }, billing_country: { _nilike: '%land' }, paid: { _is_null: false } });
    expect(model.fields.map((f) => f.kind)).toEqual(['column', 'column', 'column']);
  });

  it('nested _and, _or and _not', () => {
    const model = roundTrip({
      _and: [
        { _or: [{ a: { _eq: 1 } }, { b: { _eq: 'X-Hasura-User-Id' } }, { _not: { c: { _is_null: true } } }] },
        { _not: { _and: [{ d: { _in: [1, 2, 3] } }, {}] } },
        {},
      ],
    });
    expect(model.fields[0].kind).toBe('and');
  });

  it('an empty _and and an empty _or', () => {
    roundTrip({ _and: [] });
    roundTrip({ _or: [] });
  });

  it('relationship paths, several levels deep', () => {
    const model = roundTrip({ invoice: { customer: { support_rep: { employee_id: { _eq: 'X-Hasura-User-Id' } } } } });
    expect(model.fields[0]).toMatchObject({ kind: 'relationship', name: 'invoice',
      where: { fields: [{ kind: 'relationship', name: 'customer' }] } });
  });

  it('a relationship holding logical operators', () => {
    const model = roundTrip({ tracks: { _or: [{ milliseconds: { _gt: 1000 } }, { _not: { name: { _like: 'A%' } } }] } });
    expect(model.fields[0].kind).toBe('relationship');
  });

  it('a relationship with an empty expression, told apart by the table', () => {
    const kindOf: KeyKind = (key) => (key === 'artist' ? 'relationship' : 'column');
    const model = roundTrip({ artist: {} }, kindOf);
    expect(model.fields[0]).toEqual({ kind: 'relationship', name: 'artist', where: { fields: [] } });
  });

  it('_exists over an unrelated table, with and without a schema', () => {
    const model = roundTrip({ _exists: { _table: { schema: 'public', name: 'employee' },
      _where: { _and: [{ employee_id: { _eq: 'X-Hasura-User-Id' } }, { title: { _ilike: '%manager%' } }] } } });
    expect(model.fields[0]).toMatchObject({ kind: 'exists', table: { schema: 'public', name: 'employee' } });
    roundTrip({ _exists: { _table: { name: 'employee' }, _where: {} } });
  });

  it('column comparisons with _ceq and friends, by name and by path from the root', () => {
    roundTrip({ updated_by: { _ceq: 'created_by' } });
    roundTrip({ album: { artist_id: { _ceq: ['$', 'artist_id'] }, title: { _cne: ['$', 'name'] } } });
    roundTrip({ a: { _cgt: 'b', _clt: 'c', _cgte: 'd', _clte: 'e' } });
  });

  it('literal values of every JSON kind', () => {
    roundTrip({ a: { _eq: null }, b: { _eq: 0 }, c: { _eq: -1.25 }, d: { _eq: true }, e: { _eq: '' },
      f: { _contains: { nested: [1, { deep: 'x' }] } } });
  });

  it('an operator Hasura may add later is kept as it is', () => {
    const model = roundTrip({ a: { _some_future_op: 1 } });
    expect(model.fields[0]).toEqual({ kind: 'column', column: 'a', comparisons: [{ operator: '_some_future_op', value: 1 }] });
  });

  it('everything at once', () => {
    roundTrip({
      _or: [
        { customer_id: { _eq: 'X-Hasura-User-Id' } },
        { customer: { support_rep_id: { _eq: 'X-Hasura-User-Id' }, _not: { email: { _is_null: true } } } },
        { _exists: { _table: { schema: 'public', name: 'employee' }, _where: { _and: [
          { employee_id: { _eq: 'X-Hasura-User-Id' } }, { title: { _in: ['General Manager', 'Sales Manager'] } }] } } },
        { invoice_lines: { track: { album: { artist: { name: { _regex: '^A' } } } } } },
        { total: { _cgt: ['$', 'discount'] } },
      ],
      billing_country: { _nin: ['USA', 'Canada'] },
    });
  });
});

describe('what the builder cannot show', () => {
  it.each([
    ['a list at the top', [] as Json],
    ['a string at the top', 'x'],
    ['_and with an object', { _and: { a: { _eq: 1 } } }],
    ['_or with a string', { _or: 'x' }],
    ['a column with a bare value', { a: 1 }],
    ['_exists without _where', { _exists: { _table: { schema: 'public', name: 'x' } } }],
    ['_exists with a table as a string', { _exists: { _table: 'x', _where: {} } }],
    ['_exists with extra keys', { _exists: { _table: { schema: 'public', name: 'x' }, _where: {}, other: 1 } }],
  ])('%s', (_, json) => {
    expect(() => parseBoolExp(json)).toThrow(BoolExpError);
  });

  it('says where the problem is', () => {
    try {
      parseBoolExp({ _and: [{ a: { _eq: 1 } }, { _or: 'x' }] });
      expect.unreachable();
    } catch (e) {
      expect((e as BoolExpError).path).toBe('$._and[1]._or');
    }
  });

  it('a table that names a key as a column refuses a relationship-looking value', () => {
    expect(() => parseBoolExp({ a: { b: { _eq: 1 } } }, () => 'column')).toThrow(/"b" is not a comparison operator/);
  });
});

describe('sessionVariables', () => {
  it('lists each variable once, in lower case, in order', () => {
    expect(sessionVariables({ _or: [{ a: { _eq: 'X-Hasura-User-Id' } }, { b: { _in: ['x-hasura-user-id', 'X-Hasura-Org'] } }] }))
      .toEqual(['x-hasura-user-id', 'x-hasura-org']);
    expect(sessionVariables({})).toEqual([]);
  });
});
