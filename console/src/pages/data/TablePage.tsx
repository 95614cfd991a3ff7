import { useApi } from '../../api/ApiContext';
import { href } from '../../router';
import { useAsync } from '../../useAsync';
import { Badge, Button, ErrorBanner, Loading, PageHeader, Tabs } from '../../ui';
import { BrowseRows } from './BrowseRows';
import { Relationships } from './Relationships';
import { Settings } from './Settings';
import { Structure } from './Structure';
import { display, findTable, type Database, type QualifiedName } from './model';
import { loadTableInfo } from './tableInfo';

const TABS = [
  { id: 'browse', label: 'Browse rows' },
  { id: 'structure', label: 'Structure' },
  { id: 'relationships', label: 'Relationships' },
  { id: 'settings', label: 'GraphQL & settings' },
];

/** A tracked table or view: its rows, structure, relationships and settings, one tab each. */
export function TablePage({ db, table, tab, reload, refreshing }: {
  db: Database; table: QualifiedName; tab: string; reload: () => void; refreshing: boolean;
}) {
  const client = useApi();
  const meta = findTable(db, table);
  const info = useAsync(() => loadTableInfo(client, table), [client, table.schema, table.name]);
  const kind = db.objects.find((o) => o.schema === table.schema && o.name === table.name)?.kind;
  const reloadAll = () => {
    reload();
    info.reload();
  };

  return (
    <>
      <PageHeader crumbs={[{ label: 'Data', to: href('data') }, { label: table.schema, to: href('data', table.schema) }]}
        title={<><span className="mono-title">{table.name}</span> {kind && <Badge>{kind}</Badge>} {meta?.is_enum && <Badge kind="info">enum</Badge>}
          {!meta && <Badge kind="warning">untracked</Badge>}</>}
        subtitle={info.data?.comment ?? undefined}
        actions={<Button kind="ghost" onClick={reloadAll} busy={refreshing || info.loading}>Refresh</Button>} />
      <Tabs current={tab} tabs={TABS.map((t) => ({ ...t, to: href('data', table.schema, table.name, t.id) }))} />
      {info.error !== undefined && <ErrorBanner error={info.error} title={`Could not read ${display(table)}`} />}
      {!info.data ? (info.error === undefined && <Loading what="Reading the table" />) : (
        <>
          {tab === 'browse' && <BrowseRows table={table} meta={meta} info={info.data} />}
          {tab === 'structure' && <Structure table={table} meta={meta} info={info.data} />}
          {tab === 'relationships' && <Relationships db={db} table={table} meta={meta} info={info.data} reload={reloadAll} />}
          {tab === 'settings' && <Settings db={db} table={table} meta={meta} info={info.data} reload={reloadAll} />}
        </>
      )}
    </>
  );
}
