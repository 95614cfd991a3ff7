import { useMemo, useState, type ReactNode } from 'react';
import { useApi } from '../../api/ApiContext';
import { Link, href, navigate } from '../../router';
import { useAsync } from '../../useAsync';
import { Badge, Button, Card, Empty, ErrorBanner, Loading, PageHeader, TextInput } from '../../ui';
import { InheritedRoles } from './InheritedRoles';
import { PermissionEditor } from './PermissionEditor';
import {
  OPERATIONS, allRoles, effectiveAccess, tableKey, type Access, type ExportedMetadata, type InheritedRole,
  type Operation, type TableEntry,
} from './model';
import { SchemaProvider, schemaInfo } from './schema';
import './permissions.css';

/**
 * Roles × operations: across every tracked table (`/permissions`), for one table (`/permissions/<schema>/<table>`),
 * and the editor of one role's permission (`/permissions/<schema>/<table>/<role>/<operation>`).
 */
export default function PermissionsPage({ route }: { route: string[] }) {
  const client = useApi();
  const metadata = useAsync(() => client.metadata<ExportedMetadata>('export_metadata', {}), [client]);
  const source = metadata.data?.sources?.find((s) => s.name === 'default') ?? metadata.data?.sources?.[0];
  const tables = useMemo(() => [...(source?.tables ?? [])].sort((a, b) => tableKey(a.table).localeCompare(tableKey(b.table))),
    [source]);
  const schema = useMemo(() => schemaInfo(client, source?.name ?? 'default', tables), [client, source, tables]);
  const [schemaName, tableName, role, op] = route;

  if (!metadata.data) {
    return (
      <div className="page">
        <PageHeader title="Permissions" subtitle="Who may read and write which rows and columns, role by role." />
        {metadata.error ? <ErrorBanner error={metadata.error} title="The metadata could not be read"
          action={<Button onClick={metadata.reload}>Try again</Button>} /> : <Loading what="Reading the metadata" />}
      </div>
    );
  }
  const roles = allRoles(metadata.data);
  const inherited = metadata.data.inherited_roles ?? [];
  const table = tables.find((t) => t.table.schema === schemaName && t.table.name === tableName);

  if (schemaName && !table) {
    return (
      <div className="page">
        <PageHeader title="Permissions" crumbs={[{ label: 'Permissions', to: href('permissions') }]} />
        <Empty title={`${schemaName}.${tableName ?? ''} is not tracked`}
          action={<Button onClick={() => navigate(href('data'))}>Go to Data</Button>}>
          Only tracked tables have permissions. Track it on the Data page first.
        </Empty>
      </div>
    );
  }
  return (
    <SchemaProvider value={schema}>
      <div className="page">
        {table ? (
          <>
            <PageHeader title={<>Permissions of <span className="mono-title">{tableKey(table.table)}</span></>}
              crumbs={[{ label: 'Permissions', to: href('permissions') }]}
              subtitle="Click a cell to edit what a role may do; type a name in the last row to add a role." />
            <TableMatrix table={table} roles={roles} inherited={inherited}
              selected={role && OPERATIONS.includes(op as Operation) ? { role, op: op as Operation } : undefined} />
            {role && OPERATIONS.includes(op as Operation) && (
              <PermissionEditor key={`${role}/${op}`} table={table} role={role} op={op as Operation}
                inherited={inherited.some((r) => r.role_name === role)}
                onSaved={metadata.reload} onClose={() => navigate(href('permissions', schemaName, tableName))} />
            )}
          </>
        ) : (
          <>
            <PageHeader title="Permissions" subtitle="Who may read and write which rows and columns, role by role. Pick a table to edit its permissions." />
            <Summary tables={tables} roles={roles} inherited={inherited} />
            <InheritedRoles roles={roles} inherited={inherited} onChanged={metadata.reload} />
          </>
        )}
      </div>
    </SchemaProvider>
  );
}

const ACCESS_LABEL: Record<Access, string> = { full: 'full access', partial: 'partial access', none: 'no access' };

export function AccessMark({ value }: { value: Access }) {
  const glyph = value === 'full' ? '✓' : value === 'partial'
    ? <svg viewBox="0 0 12 12" width="10" height="10" aria-hidden="true"><path d="M1 2h10L7 6.5V10L5 11V6.5z" fill="currentColor" /></svg>
    : '✕';
  return <span className={`access access-${value}`} title={ACCESS_LABEL[value]} aria-label={ACCESS_LABEL[value]}>{glyph}</span>;
}

/** Every tracked table against every role: four marks per cell, one per operation. */
function Summary({ tables, roles, inherited }: { tables: TableEntry[]; roles: string[]; inherited: InheritedRole[] }) {
  if (tables.length === 0) {
    return <Empty title="No tracked tables yet" action={<Button kind="primary" onClick={() => navigate(href('data'))}>Track tables</Button>}>
      Permissions belong to tracked tables. Track some on the Data page, then come back to say who may use them.</Empty>;
  }
  return (
    <Card title="Summary" actions={<Legend />}>
      <div className="table-wrap">
        <table className="table matrix" aria-label="Permissions summary">
          <thead>
            <tr>
              <th>Table</th>
              <th className="matrix-role">admin</th>
              {roles.map((r) => <th key={r} className="matrix-role">{r}</th>)}
            </tr>
          </thead>
          <tbody>
            {tables.map((t) => (
              <tr key={tableKey(t.table)}>
                <td><Link to={href('permissions', t.table.schema, t.table.name)} className="mono">{tableKey(t.table)}</Link></td>
                <td className="matrix-cell"><Ops marks={OPERATIONS.map(() => 'full')} /></td>
                {roles.map((r) => (
                  <td key={r} className="matrix-cell">
                    <Ops marks={OPERATIONS.map((op) => effectiveAccess(t, r, op, inherited).access)}
                      to={href('permissions', t.table.schema, t.table.name)} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {roles.length === 0 && <p className="muted summary-note">No role has a permission yet: only admin can use the API. Open a table to give a role access.</p>}
    </Card>
  );
}

function Ops({ marks, to }: { marks: Access[]; to?: string }) {
  const content: ReactNode = OPERATIONS.map((op, i) => (
    <span key={op} className={`op op-${marks[i]}`} title={`${op}: ${ACCESS_LABEL[marks[i]]}`}>{op[0].toUpperCase()}</span>
  ));
  return to ? <Link to={to} className="ops">{content}</Link> : <span className="ops">{content}</span>;
}

function Legend() {
  return (
    <span className="legend">
      <AccessMark value="full" /> full access <AccessMark value="partial" /> partial <AccessMark value="none" /> none
    </span>
  );
}

/** One table: a row per role (admin first, a new role last), a column per operation. */
function TableMatrix({ table, roles, inherited, selected }: {
  table: TableEntry; roles: string[]; inherited: InheritedRole[]; selected?: { role: string; op: Operation };
}) {
  const [newRole, setNewRole] = useState('');
  const shown = selected && !roles.includes(selected.role) ? [...roles, selected.role] : roles;
  const open = (role: string, op: Operation) => navigate(href('permissions', table.table.schema, table.table.name, role, op));
  const trimmed = newRole.trim();
  const invalid = trimmed === 'admin' ? 'admin may do everything already' : shown.includes(trimmed) ? 'this role is listed already' : undefined;
  return (
    <Card title="Roles" actions={<Legend />}>
      <div className="table-wrap">
        <table className="table matrix" aria-label={`Permissions of ${tableKey(table.table)}`}>
          <thead>
            <tr><th>Role</th>{OPERATIONS.map((op) => <th key={op} className="matrix-op">{op}</th>)}</tr>
          </thead>
          <tbody>
            <tr>
              <td>admin</td>
              {OPERATIONS.map((op) => <td key={op} className="matrix-cell"><AccessMark value="full" /></td>)}
            </tr>
            {shown.map((role) => (
              <tr key={role}>
                <td>{role} {inherited.some((r) => r.role_name === role) && <Badge kind="info" title="Its permissions come from its role set unless set here">inherited</Badge>}</td>
                {OPERATIONS.map((op) => {
                  const { access, inherited: fromSet } = effectiveAccess(table, role, op, inherited);
                  const isSelected = selected?.role === role && selected.op === op;
                  return (
                    <td key={op} className={`matrix-cell${isSelected ? ' matrix-selected' : ''}`}>
                      <button type="button" className="matrix-button" aria-label={`${role} ${op}`} aria-pressed={isSelected}
                        onClick={() => open(role, op)}>
                        <AccessMark value={access} />{fromSet && access !== 'none' && <span className="faint matrix-from-set">from its set</span>}
                        <span className="matrix-edit">edit</span>
                      </button>
                    </td>
                  );
                })}
              </tr>
            ))}
            <tr className="matrix-new">
              <td>
                <form onSubmit={(e) => {
                  e.preventDefault();
                  if (trimmed && !invalid) {
                    open(trimmed, 'select');
                    setNewRole('');
                  }
                }}>
                  <TextInput aria-label="New role" placeholder="Enter new role" value={newRole} onChange={(e) => setNewRole(e.target.value)} />
                  {trimmed && invalid && <div className="field-error">{invalid}</div>}
                </form>
              </td>
              {OPERATIONS.map((op) => (
                <td key={op} className="matrix-cell">
                  <button type="button" className="matrix-button" aria-label={`new role ${op}`} disabled={!trimmed || !!invalid}
                    onClick={() => { open(trimmed, op); setNewRole(''); }}><AccessMark value="none" /></button>
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
    </Card>
  );
}
