import { useRef, useState } from 'react';
import { useApi } from '../../api/ApiContext';
import { useAction } from '../../useAction';
import { useAsync } from '../../useAsync';
import { Badge, Button, Card, ConfirmDialog, DataTable, Empty, ErrorBanner, Loading, Notice, PageHeader } from '../../ui';

interface Inconsistency {
  type: string;
  name?: string;
  reason: string;
  definition?: unknown;
}

/** A short name for what an inconsistent object is: its own name, else its definition's table or name. */
function objectName(o: Inconsistency): string {
  if (o.name) return o.name;
  const def = o.definition as Record<string, unknown> | undefined;
  const table = (def?.table ?? def?.name) as unknown;
  if (typeof table === 'string') return table;
  if (table && typeof table === 'object') {
    const t = table as { schema?: string; name?: string };
    return [t.schema, t.name].filter(Boolean).join('.');
  }
  return JSON.stringify(o.definition ?? '').slice(0, 80);
}

/** Export, import, reload and reset the metadata; the inconsistent objects; the engine's version. */
export default function MetadataPage() {
  const client = useApi();
  const version = useAsync(() => client.version(), [client]);
  const state = useAsync(() => client.metadata<{ is_consistent: boolean; inconsistent_objects: Inconsistency[] }>(
    'get_inconsistent_metadata', {}), [client]);
  const { busy, run: act, error: importError, clearError } = useAction(state.reload);
  const [confirmReset, setConfirmReset] = useState(false);
  const file = useRef<HTMLInputElement>(null);

  const exportMetadata = () => act('export', async () => {
    const metadata = await client.metadata('export_metadata', {});
    const blob = new Blob([JSON.stringify(metadata, null, 2) + '\n'], { type: 'application/json' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `metadata-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.json`;
    document.body.appendChild(link);
    link.click();
    link.remove();
    URL.revokeObjectURL(link.href);
  }, 'Exported the metadata');
  /** Replaces the metadata with a file's; its failure stays shown beside the button. */
  const importMetadata = (chosen: File) => act('import', async () => {
    if (file.current) file.current.value = '';
    let metadata: unknown;
    try {
      metadata = JSON.parse(await chosen.text());
    } catch {
      throw new Error(`${chosen.name} is not JSON. Export the metadata from Hasura or Quarry as JSON and try again.`);
    }
    await client.metadata('replace_metadata', { allow_inconsistent_metadata: true, metadata });
  }, `Imported ${chosen.name}`, true);
  const inconsistent = state.data?.inconsistent_objects ?? [];

  return (
    <div className="page">
      <PageHeader title="Metadata" subtitle="The tracked tables, relationships and permissions: the engine's configuration, kept in the database." />
      <div className="grid-2">
        <Card title="Export and import">
          <div className="stack">
            <p className="muted" style={{ margin: 0 }}>Download the metadata as JSON, or replace it with a file exported from Quarry or Hasura.</p>
            {importError !== undefined && <ErrorBanner error={importError} title="The file was not imported" onDismiss={clearError} />}
            <div className="row">
              <Button kind="primary" busy={busy === 'export'} onClick={exportMetadata}>Export metadata</Button>
              <Button busy={busy === 'import'} onClick={() => file.current?.click()}>Import metadata…</Button>
              <input ref={file} type="file" accept="application/json,.json" hidden aria-label="Metadata file"
                onChange={(e) => e.target.files?.[0] && importMetadata(e.target.files[0])} />
            </div>
          </div>
        </Card>
        <Card title="Reload and reset">
          <div className="stack">
            <p className="muted" style={{ margin: 0 }}>Reload reads the database's tables and functions again (after changes made outside the engine). Reset removes all metadata.</p>
            <div className="row">
              <Button busy={busy === 'reload'} onClick={() => act('reload', () => client.metadata('reload_metadata', { reload_sources: true }), 'Reloaded the metadata')}>Reload metadata</Button>
              <Button kind="danger" onClick={() => setConfirmReset(true)}>Reset metadata…</Button>
            </div>
          </div>
        </Card>
      </div>
      <Card title={<>Inconsistent objects {state.data && (state.data.is_consistent
        ? <Badge kind="success">consistent</Badge> : <Badge kind="danger">{inconsistent.length}</Badge>)}</>}
        actions={inconsistent.length > 0 && <Button kind="danger" busy={busy === 'drop'}
          onClick={() => act('drop', () => client.metadata('drop_inconsistent_metadata', {}), 'Dropped the inconsistent objects')}>Drop all inconsistent objects</Button>}>
        {state.error !== undefined && <ErrorBanner error={state.error} />}
        {!state.data ? <Loading what="Checking the metadata" /> : inconsistent.length === 0
          ? <Empty compact title="Everything in the metadata matches the database" />
          : <>
              <Notice kind="warning">These objects are in the metadata but cannot be served. Fix the database (on the SQL page) and reload, or drop them from the metadata.</Notice>
              <DataTable label="Inconsistent objects" rows={inconsistent} rowKey={(_, i) => `${i}`} dense columns={[
                { key: 'type', header: 'Type', render: (o) => <Badge kind="warning">{o.type}</Badge> },
                { key: 'name', header: 'Object', render: (o) => <span className="mono">{objectName(o)}</span> },
                { key: 'reason', header: 'Reason', render: (o) => o.reason },
              ]} />
            </>}
      </Card>
      <Card title="Engine">
        <dl className="kv">
          <dt>Version</dt><dd className="mono">{version.data ?? (version.error ? 'unknown' : '…')}</dd>
          <dt>Endpoint</dt><dd className="mono">{window.location.origin}/v1/graphql</dd>
        </dl>
      </Card>
      {confirmReset && <ConfirmDialog title="Reset all metadata?" confirmLabel="Reset metadata" busy={busy === 'reset'}
        onCancel={() => setConfirmReset(false)}
        onConfirm={async () => { await act('reset', () => client.metadata('clear_metadata', {}), 'Reset the metadata'); setConfirmReset(false); }}>
        Every table, relationship and permission is untracked; the GraphQL API then serves nothing until tables are tracked
        again. The database itself is not changed. Export the metadata first to keep a copy.
      </ConfirmDialog>}
    </div>
  );
}
