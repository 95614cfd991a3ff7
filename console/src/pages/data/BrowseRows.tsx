import { useState } from 'react';
import { useApi } from '../../api/ApiContext';
import { useAsync } from '../../useAsync';
import { Button, Card, DataTable, Empty, ErrorBanner, Loading, Select, TextInput, useToast, type Column as TableColumn } from '../../ui';
import { ConfirmDialog } from '../../ui';
import type { QualifiedName, TableMeta } from './model';
import { EnumValue, OPERATORS, columnField, formatValue, literal, rootField, whereOf, type Filter } from './names';
import { RowDialog } from './RowDialog';
import type { TableInfo } from './tableInfo';

type Row = Record<string, unknown>;
const PAGE_SIZES = ['10', '25', '50', '100'];

/** A table's rows through the GraphQL API as admin: paged, sorted by a column, filtered with the API's operators. */
export function BrowseRows({ table, meta, info }: { table: QualifiedName; meta?: TableMeta; info: TableInfo }) {
  const client = useApi();
  const toast = useToast();
  const [filters, setFilters] = useState<Filter[]>([]);
  const [applied, setApplied] = useState<Filter[]>([]);
  const [sort, setSort] = useState<{ column: string; dir: 'asc' | 'desc' }>();
  const [limit, setLimit] = useState(25);
  const [offset, setOffset] = useState(0);
  const [editing, setEditing] = useState<Row | 'new'>();
  const [deleting, setDeleting] = useState<Row>();
  const [deleteBusy, setDeleteBusy] = useState(false);
  const columns = info.columns;
  const pk = info.primaryKey;
  const fields = columns.map((c) => columnField(c.name, meta));

  const rows = useAsync(async () => {
    if (!meta) return { rows: [] as Row[], count: 0 };
    const where = literal(whereOf(applied, columns, meta));
    const orderBy = sort ? `, order_by: ${literal({ [columnField(sort.column, meta)]: new EnumValue(sort.dir) })}` : '';
    const query = `query BrowseRows {
  rows: ${rootField(table, meta, 'select')}(where: ${where}${orderBy}, limit: ${limit}, offset: ${offset}) { ${fields.join(' ')} }
  total: ${rootField(table, meta, 'select_aggregate')}(where: ${where}) { aggregate { count } }
}`;
    const data = await client.graphql<{ rows: Row[]; total: { aggregate: { count: number } } }>(query);
    return { rows: data.rows, count: data.total.aggregate.count };
  }, [client, meta, applied, sort, limit, offset, info]);

  if (!meta) return <Empty title="This table is not tracked">Track it on the schema's page to browse its rows through the API.</Empty>;

  const toggleSort = (column: string) => {
    setOffset(0);
    setSort((s) => s?.column !== column ? { column, dir: 'asc' } : s.dir === 'asc' ? { column, dir: 'desc' } : undefined);
  };
  const remove = async (row: Row) => {
    setDeleteBusy(true);
    try {
      const keys = Object.fromEntries(pk.map((k) => [columnField(k, meta), row[columnField(k, meta)]]));
      await client.graphql(`mutation DeleteRow { ${rootField(table, meta, 'delete_by_pk')}(${literal(keys).slice(1, -1)}) { __typename } }`);
      toast.success('Deleted the row');
      setDeleting(undefined);
      rows.reload();
    } catch (e) {
      toast.error(e);
    } finally {
      setDeleteBusy(false);
    }
  };

  const tableColumns: TableColumn<Row>[] = columns.map((c, i) => ({
    key: c.name,
    header: <span title={c.displayType}>{c.name}</span>,
    sort: sort?.column === c.name ? sort.dir : 'none',
    onSort: () => toggleSort(c.name),
    render: (row) => {
      const value = row[fields[i]];
      return value === null ? <span className="cell-null">null</span> : <span className="cell-value" title={formatValue(value)}>{formatValue(value)}</span>;
    },
  }));
  if (pk.length > 0) {
    tableColumns.unshift({
      key: '__actions', header: '', className: 'cell-actions', render: (row) => (
        <span className="row row-nowrap row-tight">
          <Button size="small" kind="ghost" onClick={() => setEditing(row)} aria-label="Edit row">Edit</Button>
          <Button size="small" kind="ghost" className="text-danger" onClick={() => setDeleting(row)} aria-label="Delete row">Delete</Button>
        </span>
      ),
    });
  }
  const count = rows.data?.count ?? 0;
  const setFilter = (i: number, change: Partial<Filter>) => setFilters((all) => all.map((f, j) => (j === i ? { ...f, ...change } : f)));

  return (
    <>
      <Card title="Filter" actions={<>
        <Button size="small" kind="ghost" onClick={() => setFilters((f) => [...f, { column: columns[0]?.name ?? '', op: '_eq', value: '' }])}>+ Add condition</Button>
        {filters.length > 0 && <Button size="small" kind="ghost" onClick={() => { setFilters([]); setApplied([]); setOffset(0); }}>Clear</Button>}
        <Button size="small" kind="primary" onClick={() => { setApplied(filters); setOffset(0); }}>Run</Button>
      </>}>
        {filters.length === 0 ? <span className="muted">All rows. Add a condition to filter them with the API's operators.</span> : (
          <form className="stack" onSubmit={(e) => { e.preventDefault(); setApplied(filters); setOffset(0); }}>
            {filters.map((f, i) => (
              <div className="row filter-row" key={i}>
                <span className="filter-join">{i === 0 ? 'where' : 'and'}</span>
                <Select aria-label="Column" value={f.column} options={columns.map((c) => c.name)} onChange={(e) => setFilter(i, { column: e.target.value })} />
                <Select aria-label="Operator" value={f.op} options={OPERATORS.map((o) => ({ value: o.op, label: o.label }))} onChange={(e) => setFilter(i, { op: e.target.value })} />
                <TextInput aria-label="Value" value={f.value} className="filter-value"
                  placeholder={OPERATORS.find((o) => o.op === f.op)?.list ? 'a, b, c' : OPERATORS.find((o) => o.op === f.op)?.flag ? 'true' : 'value'}
                  onChange={(e) => setFilter(i, { value: e.target.value })} />
                <Button size="small" kind="ghost" aria-label="Remove condition" onClick={() => setFilters((all) => all.filter((_, j) => j !== i))}>×</Button>
              </div>
            ))}
            <button type="submit" hidden />
          </form>
        )}
      </Card>
      {rows.error !== undefined && <ErrorBanner error={rows.error} title="Could not read the rows" />}
      <Card title={<>Rows <span className="muted">{rows.data ? `${count.toLocaleString()} in all` : ''}</span></>} actions={
        <>
          {info.kind === 'table' && <Button size="small" kind="primary" onClick={() => setEditing('new')}>+ Insert row</Button>}
          <span className="muted">{count === 0 ? '0' : `${offset + 1}–${Math.min(offset + limit, count)}`} of {count}</span>
          <Button size="small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - limit))} aria-label="Previous page">‹ Prev</Button>
          <Button size="small" disabled={offset + limit >= count} onClick={() => setOffset(offset + limit)} aria-label="Next page">Next ›</Button>
          <Select aria-label="Rows per page" value={String(limit)} options={PAGE_SIZES.map((s) => ({ value: s, label: `${s} / page` }))}
            onChange={(e) => { setLimit(Number(e.target.value)); setOffset(0); }} />
        </>}>
        <DataTable label="Rows" columns={tableColumns} rows={rows.data?.rows ?? []} dense
          rowKey={(row, i) => pk.length > 0 ? pk.map((k) => formatValue(row[columnField(k, meta)])).join('|') : String(i)}
          empty={rows.loading ? <Loading what="Reading the rows" /> : <Empty title={applied.length > 0 ? 'No row matches the filter' : 'No rows yet'}>
            {applied.length > 0 ? 'Change or clear the conditions.' : 'Insert one with “Insert row”.'}</Empty>} />
        {pk.length === 0 && info.kind === 'table' && <p className="muted small">This table has no primary key, so its rows cannot be edited or deleted here.</p>}
      </Card>
      {editing && <RowDialog table={table} meta={meta} info={info} row={editing === 'new' ? undefined : editing}
        onClose={() => setEditing(undefined)} onSaved={() => { setEditing(undefined); rows.reload(); }} />}
      {deleting && <ConfirmDialog title="Delete this row?" confirmLabel="Delete row" busy={deleteBusy}
        onCancel={() => setDeleting(undefined)} onConfirm={() => remove(deleting)}>
        The row with {pk.map((k) => `${k} = ${formatValue(deleting[columnField(k, meta)])}`).join(', ')} is deleted from {table.name}; this cannot be undone.
      </ConfirmDialog>}
    </>
  );
}
