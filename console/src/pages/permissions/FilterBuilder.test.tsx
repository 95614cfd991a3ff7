import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Json } from '../../api/client';
import { FilterBuilder } from './FilterBuilder';
import type { JsonObject, TableEntry } from './model';
import { SchemaProvider, type SchemaInfo, type TableInfo } from './schema';

// Two tracked tables as pg_get_table_info describes them: invoice → customer by customer_id.
const TABLES: TableEntry[] = [
  { table: { schema: 'public', name: 'invoice' },
    object_relationships: [{ name: 'customer', using: { foreign_key_constraint_on: 'customer_id' } }] },
  { table: { schema: 'public', name: 'customer' } },
];
const INFO: Record<string, TableInfo> = {
  'public.invoice': { columns: [{ name: 'invoice_id', type: 'int4', nullable: false }, { name: 'customer_id', type: 'int4', nullable: false },
    { name: 'total', type: 'numeric', nullable: false }],
  foreign_keys: { invoice_customer_id_fkey: { foreign_table: { schema: 'public', name: 'customer' }, column_mapping: { customer_id: 'customer_id' } } } },
  'public.customer': { columns: [{ name: 'customer_id', type: 'int4', nullable: false }, { name: 'email', type: 'varchar', nullable: true }],
    foreign_keys: {} },
};
const SCHEMA: SchemaInfo = {
  source: 'default',
  tables: TABLES,
  info: (t) => Promise.resolve(INFO[`${t.schema ?? 'public'}.${t.name}`] ?? { columns: [], foreign_keys: {} }),
};

/** Renders the builder over invoice and returns every value it reported. */
async function builder(value: JsonObject) {
  const changes: Json[] = [];
  let current = value;
  const view = render(<SchemaProvider value={SCHEMA}><FilterBuilder label="Row filter" table={{ schema: 'public', name: 'invoice' }}
    value={current} onChange={(v) => { changes.push(v); current = v; }} /></SchemaProvider>);
  await act(async () => { await Promise.resolve(); });
  const rerender = () => view.rerender(<SchemaProvider value={SCHEMA}><FilterBuilder label="Row filter"
    table={{ schema: 'public', name: 'invoice' }} value={current} onChange={(v) => { changes.push(v); current = v; }} /></SchemaProvider>);
  return { changes, rerender };
}

afterEach(cleanup);

describe('FilterBuilder', () => {
  it('shows a filter on a session variable and edits its value as the column type wants', async () => {
    const { changes } = await builder({ customer_id: { _eq: 'X-Hasura-User-Id' } });
    const input = screen.getByLabelText('customer_id _eq value') as HTMLInputElement;
    expect(input.value).toBe('X-Hasura-User-Id');
    expect(screen.getByText('session')).toBeTruthy();
    fireEvent.change(input, { target: { value: '42' } });
    expect(changes.at(-1)).toEqual({ customer_id: { _eq: 42 } });
  });

  it('adds a column condition, then one through a relationship, keys in order', async () => {
    const { changes, rerender } = await builder({});
    expect(screen.getByText('Without any checks: every row.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Add a condition'), { target: { value: 'column:total' } });
    expect(changes.at(-1)).toEqual({ total: { _eq: '' } });
    rerender();
    await act(async () => { await Promise.resolve(); });
    fireEvent.change(screen.getAllByLabelText('Add a condition')[0], { target: { value: 'relationship:customer' } });
    expect(JSON.stringify(changes.at(-1))).toBe('{"total":{"_eq":""},"customer":{}}');
  });

  it('changes an operator and keeps what its value can keep', async () => {
    const { changes } = await builder({ total: { _gt: 5 } });
    fireEvent.change(screen.getByLabelText('total operator'), { target: { value: '_lte' } });
    expect(changes.at(-1)).toEqual({ total: { _lte: 5 } });
    fireEvent.change(screen.getByLabelText('total operator'), { target: { value: '_in' } });
    expect(changes.at(-1)).toEqual({ total: { _in: [] } });
  });

  it('edits nested _or, _not and relationship levels in place', async () => {
    const { changes } = await builder({ _or: [{ customer: { email: { _ilike: '%@x.org' } } }, { _not: { total: { _is_null: true } } }] });
    fireEvent.change(screen.getByLabelText('email _ilike value'), { target: { value: '%@y.org' } });
    expect(changes.at(-1)).toEqual({ _or: [{ customer: { email: { _ilike: '%@y.org' } } }, { _not: { total: { _is_null: true } } }] });
    fireEvent.change(screen.getByLabelText('total _is_null value'), { target: { value: 'false' } });
    expect(changes.at(-1)).toEqual({ _or: [{ customer: { email: { _ilike: '%@x.org' } } }, { _not: { total: { _is_null: false } } }] });
  });

  it('takes raw JSON, and opens in JSON what the builder cannot show', async () => {
    const { changes } = await builder({ _and: { not: 'a list' } } as unknown as JsonObject);
    const text = screen.getByLabelText('Row filter as JSON') as HTMLTextAreaElement;
    expect(screen.getByText(/The builder cannot show this expression/)).toBeTruthy();
    fireEvent.change(text, { target: { value: '{"_exists": {"_table": {"schema": "public", "name": "customer"}, "_where": {}}}' } });
    expect(changes.at(-1)).toEqual({ _exists: { _table: { schema: 'public', name: 'customer' }, _where: {} } });
    fireEvent.change(text, { target: { value: '{"oops"' } });
    expect(screen.getByText(/Not JSON yet/)).toBeTruthy();
    expect(changes).toHaveLength(1);
  });
});
