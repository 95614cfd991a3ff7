import { useState, type ReactNode } from 'react';
import { Select, TextInput } from '../../ui';
import { variableHeader, type RoleSession } from './session';

const OTHER = '\u0000other';

/** Who the requests run as: admin, or a role with its session variables (the admin secret always goes along). */
export function RoleBar({ session, roles, onChange, actions }: {
  session: RoleSession; roles: string[]; onChange: (session: RoleSession) => void; actions?: ReactNode;
}) {
  // The current role is always a choice: one typed before, or one kept from earlier while the roles still load.
  const known = [...new Set(['admin', ...roles, ...(session.role.trim() ? [session.role] : [])])];
  const [typing, setTyping] = useState(false);
  const setVariable = (i: number, patch: Partial<{ name: string; value: string }>) => onChange({
    ...session, variables: session.variables.map((v, j) => (j === i ? { ...v, ...patch } : v)),
  });
  return (
    <div className="rolebar" role="group" aria-label="Request as">
      <div className="rolebar-role">
        <label className="rolebar-label" htmlFor="api-role">Role</label>
        {typing ? (
          <TextInput id="api-role" aria-label="Role" value={session.role} autoFocus placeholder="role name"
            onChange={(e) => onChange({ ...session, role: e.target.value })}
            onBlur={() => {
              setTyping(false);
              if (session.role.trim() === '') onChange({ ...session, role: 'admin' });
            }} />
        ) : (
          <Select id="api-role" aria-label="Role" value={session.role}
            options={[...known.map((r) => ({ value: r, label: r })),
              { value: OTHER, label: 'Another role…' }]}
            onChange={(e) => {
              if (e.target.value === OTHER) {
                setTyping(true);
                onChange({ ...session, role: '' });
              } else onChange({ ...session, role: e.target.value });
            }} />
        )}
      </div>
      <div className="rolebar-vars" aria-label="Session variables" role="group">
        <span className="rolebar-label">Session variables</span>
        {session.variables.map((v, i) => (
          <span className="rolebar-var" key={i}>
            <TextInput aria-label={`Session variable ${i + 1} name`} className="rolebar-var-name mono" value={v.name}
              placeholder="X-Hasura-User-Id" onChange={(e) => setVariable(i, { name: e.target.value })}
              onBlur={() => v.name.trim() && setVariable(i, { name: variableHeader(v.name) })} />
            <span className="rolebar-eq">=</span>
            <TextInput aria-label={`Session variable ${i + 1} value`} className="rolebar-var-value" value={v.value}
              placeholder="value" onChange={(e) => setVariable(i, { value: e.target.value })} />
            <button type="button" className="rolebar-remove" aria-label={`Remove session variable ${i + 1}`} title="Remove"
              onClick={() => onChange({ ...session, variables: session.variables.filter((_, j) => j !== i) })}>×</button>
          </span>
        ))}
        <button type="button" className="rolebar-add" onClick={() => onChange({ ...session,
          variables: [...session.variables, { name: 'X-Hasura-', value: '' }] })}>+ variable</button>
      </div>
      <div className="rolebar-actions">{actions}</div>
    </div>
  );
}
