import { describe, expect, it } from 'vitest';
import { access, allRoles, effectiveAccess, type TableEntry, saveOperations, sectionOf, sectionOfMessage } from './model';

describe('saving a permission', () => {
  const table = { schema: 'public', name: 'invoice' };

  it('creates a new one', () => {
    expect(saveOperations('default', table, 'user', 'select', { columns: ['a'], filter: {}, limit: undefined }, false)).toEqual([
      { type: 'pg_create_select_permission', args: { source: 'default', table, role: 'user', permission: { columns: ['a'], filter: {} } } },
    ]);
  });

  it('replaces one that exists by dropping it first, in one bulk, keeping its comment', () => {
    const ops = saveOperations('default', table, 'user', 'update', { columns: ['a'], filter: {}, check: { a: { _gt: 1 } } }, true, 'why');
    expect(ops.map((o) => o.type)).toEqual(['pg_drop_update_permission', 'pg_create_update_permission']);
    expect(ops[1].args).toMatchObject({ comment: 'why', permission: { check: { a: { _gt: 1 } } } });
  });
});

describe('where a server error belongs', () => {
  it('by its path', () => {
    expect(sectionOf('$.args[1].args.permission.filter._and[0]')).toBe('filter');
    expect(sectionOf('$.args.permission.columns')).toBe('columns');
    expect(sectionOf('$.args.permission.set.customer_id')).toBe('set');
    expect(sectionOf('$.args.permission.query_root_fields')).toBe('root_fields');
    expect(sectionOf('$.args')).toBe('general');
    expect(sectionOf(undefined)).toBe('general');
  });

  it('by the names its message quotes', () => {
    const body = { check: { no_such_column: { _eq: 1 } }, columns: ['total'], set: { paid: true } };
    expect(sectionOfMessage('in table "invoice": in permission for role "user": "no_such_column" does not exist', body)).toBe('check');
    expect(sectionOfMessage('no such column exists: "total"', body)).toBe('columns');
    expect(sectionOfMessage('"paid" is not insertable', body)).toBe('set');
    expect(sectionOfMessage('something else', body)).toBeUndefined();
  });
});

describe('the matrix', () => {
  it('reads full, partial and no access', () => {
    expect(access(undefined, 'select')).toBe('none');
    expect(access({ role: 'r', permission: { columns: '*', filter: {} } }, 'select')).toBe('full');
    expect(access({ role: 'r', permission: { columns: ['a', 'b'], filter: {} } }, 'select', 2)).toBe('full');
    expect(access({ role: 'r', permission: { columns: ['a'], filter: {} } }, 'select', 2)).toBe('partial');
    expect(access({ role: 'r', permission: { columns: '*', filter: { a: { _eq: 1 } } } }, 'select')).toBe('partial');
    expect(access({ role: 'r', permission: { columns: '*', filter: {}, limit: 5 } }, 'select')).toBe('partial');
    expect(access({ role: 'r', permission: { filter: {} } }, 'delete')).toBe('full');
    expect(access({ role: 'r', permission: { columns: '*', filter: {}, check: { a: { _eq: 1 } } } }, 'update')).toBe('partial');
  });

  it('lists every role with a permission, and the inherited ones', () => {
    expect(allRoles({
      sources: [{ name: 'default', tables: [
        { table: { schema: 'public', name: 'a' }, select_permissions: [{ role: 'user', permission: {} }] },
        { table: { schema: 'public', name: 'b' }, delete_permissions: [{ role: 'editor', permission: {} }] },
      ] }],
      inherited_roles: [{ role_name: 'manager', role_set: ['user', 'editor'] }],
    })).toEqual(['editor', 'manager', 'user']);
  });
});

describe('inherited roles in the matrix', () => {
  const table: TableEntry = {
    table: { schema: 'public', name: 'invoice' },
    select_permissions: [{ role: 'user', permission: { columns: '*', filter: { a: { _eq: 1 } } } },
      { role: 'auditor', permission: { columns: '*', filter: {} } }],
  };
  const inherited = [{ role_name: 'lead', role_set: ['user', 'auditor'] }, { role_name: 'boss', role_set: ['lead'] },
    { role_name: 'loop', role_set: ['loop'] }];

  it('reads the most any role of the set may do, through nested inherited roles', () => {
    expect(effectiveAccess(table, 'lead', 'select', inherited)).toEqual({ access: 'full', inherited: true });
    expect(effectiveAccess(table, 'boss', 'select', inherited)).toEqual({ access: 'full', inherited: true });
    expect(effectiveAccess(table, 'lead', 'delete', inherited)).toEqual({ access: 'none', inherited: true });
  });

  it('keeps the own permission of a role, and survives a cycle', () => {
    expect(effectiveAccess(table, 'user', 'select', inherited)).toEqual({ access: 'partial', inherited: false });
    expect(effectiveAccess(table, 'loop', 'select', inherited).access).toBe('none');
  });
});
