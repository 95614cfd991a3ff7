import type { ButtonHTMLAttributes } from 'react';

export type ButtonKind = 'primary' | 'secondary' | 'danger' | 'ghost';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  kind?: ButtonKind;
  size?: 'small' | 'normal';
  /** Shows a spinner and disables the button while an action runs. */
  busy?: boolean;
}

export function Button({ kind = 'secondary', size = 'normal', busy = false, className, disabled, children,
  type = 'button', ...props }: ButtonProps) {
  const classes = ['btn', `btn-${kind}`, size === 'small' ? 'btn-small' : '', className ?? ''].filter(Boolean);
  return (
    <button type={type} className={classes.join(' ')} disabled={disabled || busy} aria-busy={busy} {...props}>
      {busy && <span className="spinner spinner-inline" aria-hidden="true" />}
      {children}
    </button>
  );
}
