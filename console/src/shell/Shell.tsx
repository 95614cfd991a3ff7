import type { ReactNode } from 'react';
import { useConsoleSession } from '../api/ApiContext';
import { Link, href } from '../router';
import { NavIcon } from './Icons';

export interface Section {
  id: string;
  label: string;
}

/** The left navigation's sections, in order; each is the first part of its pages' routes. */
export const SECTIONS: Section[] = [
  { id: 'data', label: 'Data' },
  { id: 'permissions', label: 'Permissions' },
  { id: 'sql', label: 'SQL' },
  { id: 'api', label: 'API' },
  { id: 'metadata', label: 'Metadata' },
];

/** The frame of every page: the navigation on the left, the page on the right. */
export function Shell({ section, version, children }: { section: string; version?: string; children: ReactNode }) {
  const { signOut } = useConsoleSession();
  return (
    <div className="shell">
      <aside className="sidebar">
        <Link to={href('data')} className="brand"><span className="brand-mark" aria-hidden="true" />Quarry</Link>
        <nav className="nav" aria-label="Console">
          {SECTIONS.map((s) => (
            <Link key={s.id} to={href(s.id)} className={`nav-item${s.id === section ? ' nav-active' : ''}`}
              aria-current={s.id === section ? 'page' : undefined}>
              <NavIcon name={s.id} />{s.label}
            </Link>
          ))}
        </nav>
        <div className="sidebar-foot">
          {version && <span className="version" title="Engine version">{version}</span>}
          {signOut && <button type="button" className="link-button" onClick={signOut}>Sign out</button>}
        </div>
      </aside>
      <main className="main">{children}</main>
    </div>
  );
}
