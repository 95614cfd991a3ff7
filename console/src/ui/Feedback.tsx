import type { ReactNode } from 'react';
import { describeError } from '../api/errors';

/** An error from the engine, in words, with what to do next when the page knows it. */
export function ErrorBanner({ error, title, action, onDismiss }: {
  error: unknown; title?: string; action?: ReactNode; onDismiss?: () => void;
}) {
  if (error === undefined || error === null) return null;
  return (
    <div className="banner banner-error" role="alert">
      <div className="banner-body">
        {title && <strong className="banner-title">{title}</strong>}
        <span className="banner-message">{describeError(error)}</span>
      </div>
      {action}
      {onDismiss && <button type="button" className="banner-close" aria-label="Dismiss" onClick={onDismiss}>×</button>}
    </div>
  );
}

export function Notice({ kind = 'info', children }: { kind?: 'info' | 'warning' | 'success'; children: ReactNode }) {
  return <div className={`banner banner-${kind}`} role="status"><div className="banner-body"><div>{children}</div></div></div>;
}

export function Spinner({ label = 'Loading…' }: { label?: string }) {
  return <span className="spinner" role="status" aria-label={label} />;
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <div className="state state-loading">
      <Spinner />
      <span>{what}…</span>
    </div>
  );
}

/** Nothing to show yet: says so, and what to do about it. */
export function Empty({ title, children, action, compact = false }: {
  title: string; children?: ReactNode; action?: ReactNode; compact?: boolean;
}) {
  return (
    <div className={`state state-empty${compact ? ' state-compact' : ''}`}>
      <div className="state-title">{title}</div>
      {children && <div className="state-text">{children}</div>}
      {action && <div className="state-action">{action}</div>}
    </div>
  );
}
