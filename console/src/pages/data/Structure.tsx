import { Badge, Card, DataTable } from '../../ui';
import type { QualifiedName, TableMeta } from './model';
import { columnField } from './names';
import type { Column, TableInfo } from './tableInfo';

/** Columns, keys, foreign keys and comments, as the catalog has them; changes go through the SQL page. */
export function Structure({ meta, info }: { table: QualifiedName; meta?: TableMeta; info: TableInfo }) {
  const keyOf = (column: string) => info.constraints.filter((c) => c.columns.includes(column) && c.kind !== 'check');
  return (
    <>
      <Card title="Columns">
        <DataTable label="Columns" rows={info.columns} rowKey={(c) => c.name} dense columns={[
          { key: 'name', header: 'Column', render: (c) => <strong className="mono">{c.name}</strong> },
          { key: 'type', header: 'Type', render: (c) => <span className="mono">{c.displayType}</span> },
          { key: 'nullable', header: 'Nullable', render: (c) => (c.nullable ? 'yes' : <span className="muted">not null</span>) },
          { key: 'default', header: 'Default', className: 'cell-wrap', render: (c) => <span className="mono muted">{c.default}</span> },
          { key: 'keys', header: 'Keys', render: (c) => <span className="row">{keyOf(c.name).map((k) =>
            <Badge key={k.name} kind={k.kind === 'primary key' ? 'info' : k.kind === 'foreign key' ? 'success' : 'neutral'} title={k.definition}>{k.kind}</Badge>)}</span> },
          { key: 'graphql', header: 'GraphQL field', render: (c) => <span className="mono">{columnField(c.name, meta)}</span> },
          ...(info.columns.some((c) => c.comment)
            ? [{ key: 'comment', header: 'Comment', className: 'cell-wrap', render: (c: Column) => <span className="muted">{c.comment}</span> }] : []),
        ]} />
      </Card>
      <Card title="Constraints">
        <DataTable label="Constraints" rows={info.constraints} rowKey={(c) => c.name} dense
          empty={<p className="muted pad">No constraints.</p>} columns={[
            { key: 'name', header: 'Name', render: (c) => <span className="mono">{c.name}</span> },
            { key: 'kind', header: 'Kind', render: (c) => <Badge>{c.kind}</Badge> },
            { key: 'def', header: 'Definition', render: (c) => <span className="mono">{c.definition}</span> },
          ]} />
      </Card>
    </>
  );
}
