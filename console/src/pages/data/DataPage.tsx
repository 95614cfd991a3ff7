import { useMemo, useState } from 'react';
import { useApi } from '../../api/ApiContext';
import { Link, href, navigate } from '../../router';
import { useAsync } from '../../useAsync';
import { ErrorBanner, Loading, Select, TextInput } from '../../ui';
import { display, isTracked, loadDatabase, type Database } from './model';
import { SchemaPage } from './SchemaPage';
import { TablePage } from './TablePage';

/** Data: a schema's objects on the left, the schema's overview or a table's pages on the right. */
export default function DataPage({ route }: { route: string[] }) {
  const client = useApi();
  const { data: db, error, loading, reload } = useAsync(() => loadDatabase(client), [client]);
  const [schema = 'public', table, tab] = route;

  if (!db) {
    return <div className="page">{error ? <ErrorBanner error={error} title="Could not read the database" /> : <Loading what="Reading the database" />}</div>;
  }
  return (
    <div className="split">
      <SchemaNav db={db} schema={schema} table={table} />
      <div className="page">
        {error !== undefined && <ErrorBanner error={error} title="Could not read the database again" />}
        {table
          ? <TablePage key={`${schema}.${table}`} db={db} table={{ schema, name: table }} tab={tab ?? 'browse'} reload={reload} refreshing={loading} />
          : <SchemaPage db={db} schema={schema} reload={reload} refreshing={loading} />}
      </div>
    </div>
  );
}

/** The schema picker and its tracked tables, views and functions, filtered by name. */
function SchemaNav({ db, schema, table }: { db: Database; schema: string; table?: string }) {
  const [search, setSearch] = useState('');
  const tracked = useMemo(() => db.objects.filter((o) => o.schema === schema && o.kind !== 'function'
    && isTracked(db, o) && o.name.toLowerCase().includes(search.toLowerCase()))
    .sort((a, b) => a.name.localeCompare(b.name)), [db, schema, search]);
  const schemas = db.schemas.includes(schema) ? db.schemas : [...db.schemas, schema];
  return (
    <aside className="subnav" aria-label="Tables">
      <label className="subnav-label" htmlFor="schema-picker">Schema</label>
      <Select id="schema-picker" value={schema} options={schemas}
        onChange={(e) => navigate(href('data', e.target.value))} />
      <TextInput placeholder="Search tables" value={search} onChange={(e) => setSearch(e.target.value)} aria-label="Search tables" />
      <Link to={href('data', schema)} className={`subnav-item subnav-schema${table ? '' : ' subnav-active'}`}>
        Schema overview
      </Link>
      <div className="subnav-list">
        {tracked.map((o) => (
          <Link key={o.name} to={href('data', schema, o.name)} title={`${o.kind} ${display(o)}`}
            className={`subnav-item${o.name === table ? ' subnav-active' : ''}`}>
            <span className={`kind-dot kind-${o.kind.replace(' ', '-')}`} aria-hidden="true" />{o.name}
          </Link>
        ))}
        {tracked.length === 0 && <div className="subnav-empty">{search ? 'No tracked table matches.' : 'No tracked tables yet.'}</div>}
      </div>
    </aside>
  );
}
