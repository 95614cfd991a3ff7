import { useState } from 'react';
import { useApi } from '../../api/ApiContext';
import { Button, Card, Checkbox, ConfirmDialog, DataTable, ErrorBanner, Field, TextInput, useToast } from '../../ui';
import type { InheritedRole } from './model';

/**
 * Roles made of other roles (`add_inherited_role` / `drop_inherited_role`): a role that may do what any role of its
 * set may do, unless a permission of its own says otherwise.
 */
export function InheritedRoles({ roles, inherited, onChanged }: {
  roles: string[]; inherited: InheritedRole[]; onChanged: () => void;
}) {
  const client = useApi();
  const toast = useToast();
  const [editing, setEditing] = useState<{ name: string; set: string[]; existing: boolean }>();
  const [dropping, setDropping] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const inheritedNames = inherited.map((r) => r.role_name);
  const candidates = roles.filter((r) => r !== editing?.name);

  const save = async () => {
    if (!editing) return;
    setBusy(true);
    setError(undefined);
    const add = { type: 'add_inherited_role', args: { role_name: editing.name.trim(), role_set: editing.set } };
    try {
      if (editing.existing) await client.bulk([{ type: 'drop_inherited_role', args: { role_name: editing.name } }, add]);
      else await client.metadata(add.type, add.args);
      toast.success(`Saved the inherited role ${editing.name.trim()}.`);
      setEditing(undefined);
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const drop = async (name: string) => {
    setBusy(true);
    try {
      await client.metadata('drop_inherited_role', { role_name: name });
      toast.success(`Dropped the inherited role ${name}.`);
      onChanged();
    } catch (e) {
      toast.error(e);
    } finally {
      setBusy(false);
      setDropping(undefined);
    }
  };

  return (
    <Card title="Inherited roles" actions={!editing && <Button size="small" onClick={() => { setError(undefined); setEditing({ name: '', set: [], existing: false }); }}>
      Add an inherited role</Button>}>
      <div className="stack">
        <p className="muted inherited-intro">An inherited role may do whatever any role of its set may do: its rows are the union of theirs, its columns too.</p>
        {inherited.length > 0 && (
          <DataTable label="Inherited roles" rows={inherited} rowKey={(r) => r.role_name} columns={[
            { key: 'name', header: 'Role', render: (r) => <b>{r.role_name}</b> },
            { key: 'set', header: 'Role set', render: (r) => r.role_set.join(', ') },
            { key: 'actions', header: '', className: 'cell-actions', render: (r) => (
              <span className="row inherited-actions">
                <Button size="small" onClick={() => { setError(undefined); setEditing({ name: r.role_name, set: r.role_set, existing: true }); }}>Edit</Button>
                <Button size="small" kind="danger" onClick={() => setDropping(r.role_name)}>Drop</Button>
              </span>
            ) },
          ]} />
        )}
        {editing && (
          <form className="inherited-form" onSubmit={(e) => { e.preventDefault(); void save(); }}>
            <Field label="Inherited role name" hint="Requests send it as x-hasura-role">
              {(id) => <TextInput id={id} value={editing.name} disabled={editing.existing} placeholder="manager"
                onChange={(e) => setEditing({ ...editing, name: e.target.value })} />}
            </Field>
            <div className="field">
              <span className="field-label">Role set</span>
              <div className="column-grid">
                {candidates.filter((r) => !inheritedNames.includes(r) || editing.set.includes(r)).map((r) => (
                  <Checkbox key={r} label={r} checked={editing.set.includes(r)}
                    onChange={(e) => setEditing({ ...editing, set: e.target.checked ? [...editing.set, r] : editing.set.filter((x) => x !== r) })} />
                ))}
                {candidates.length === 0 && <span className="faint">No other role has a permission yet.</span>}
              </div>
            </div>
            <ErrorBanner error={error} title="The inherited role was not saved" />
            <div className="row">
              <Button kind="primary" type="submit" busy={busy} disabled={!editing.name.trim() || editing.set.length === 0}>Save inherited role</Button>
              <Button kind="ghost" onClick={() => setEditing(undefined)}>Cancel</Button>
            </div>
          </form>
        )}
      </div>
      {dropping && (
        <ConfirmDialog title={`Drop the inherited role ${dropping}?`} confirmLabel="Drop" busy={busy}
          onConfirm={() => void drop(dropping)} onCancel={() => setDropping(undefined)}>
          Requests with x-hasura-role: {dropping} will be refused afterwards, unless it has permissions of its own.
        </ConfirmDialog>
      )}
    </Card>
  );
}
