import type { ReactNode } from 'react';
import { Link } from '../router';

/** A page's title row: title, a line saying what the page is for, and its main actions. */
export function PageHeader({ title, subtitle, actions, crumbs }: {
  title: ReactNode; subtitle?: ReactNode; actions?: ReactNode; crumbs?: { label: string; to: string }[];
}) {
  return (
    <header className="page-header">
      <div>
        {crumbs && crumbs.length > 0 && (
          <nav className="crumbs" aria-label="Breadcrumb">
            {crumbs.map((c) => <span key={c.to}><Link to={c.to}>{c.label}</Link><span className="crumb-sep">/</span></span>)}
          </nav>
        )}
        <h1>{title}</h1>
        {subtitle && <p className="page-subtitle">{subtitle}</p>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </header>
  );
}

export function Card({ title, actions, children, className }: {
  title?: ReactNode; actions?: ReactNode; children: ReactNode; className?: string;
}) {
  return (
    <section className={`card ${className ?? ''}`}>
      {(title || actions) && (
        <div className="card-header">
          {title && <h2>{title}</h2>}
          {actions && <div className="card-actions">{actions}</div>}
        </div>
      )}
      <div className="card-body">{children}</div>
    </section>
  );
}

/** Tabs as links, so each tab has its own address. */
export function Tabs({ tabs, current }: { tabs: { id: string; label: string; to: string }[]; current: string }) {
  return (
    <nav className="tabs" role="tablist">
      {tabs.map((t) => (
        <Link key={t.id} to={t.to} role="tab" aria-selected={t.id === current}
          className={`tab${t.id === current ? ' tab-active' : ''}`}>{t.label}</Link>
      ))}
    </nav>
  );
}

export function Badge({ children, kind = 'neutral', title }: {
  children: ReactNode; kind?: 'neutral' | 'info' | 'success' | 'warning' | 'danger'; title?: string;
}) {
  return <span className={`badge badge-${kind}`} title={title}>{children}</span>;
}
