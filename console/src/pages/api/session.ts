// The role and session variables the API page sends, kept for the browser tab's session like the admin secret.

export interface SessionVariable {
  name: string;
  value: string;
}

export interface RoleSession {
  /** `admin`, or the role sent as `x-hasura-role`. */
  role: string;
  variables: SessionVariable[];
}

const KEY = 'quarry.api.session';

export const ADMIN: RoleSession = { role: 'admin', variables: [{ name: 'X-Hasura-User-Id', value: '' }] };

export function loadSession(): RoleSession {
  try {
    const stored = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as RoleSession | null;
    if (stored && typeof stored.role === 'string' && Array.isArray(stored.variables)) return stored;
  } catch {
    // nothing usable stored
  }
  return ADMIN;
}

export function storeSession(session: RoleSession): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(session));
  } catch {
    // kept in memory only
  }
}

/** A session variable's header name: `X-Hasura-` and the rest as typed (`User-Id`, or the full name). */
export function variableHeader(name: string): string {
  const trimmed = name.trim();
  return /^x-hasura-/i.test(trimmed) ? trimmed : `X-Hasura-${trimmed}`;
}

/**
 * The headers that make a request act as the chosen role: `x-hasura-role` and each session variable with a name and
 * a value. For admin, none (session variables still go along, as Hasura lets admin send them too).
 */
export function roleHeaders(session: RoleSession): Record<string, string> {
  const headers: Record<string, string> = {};
  if (session.role !== 'admin' && session.role.trim()) headers['x-hasura-role'] = session.role.trim();
  for (const v of session.variables) {
    if (v.name.trim() && v.value !== '' && !/^x-hasura-role$/i.test(variableHeader(v.name))) {
      headers[variableHeader(v.name).toLowerCase()] = v.value;
    }
  }
  return headers;
}
