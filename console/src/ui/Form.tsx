import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes,
  type TextareaHTMLAttributes } from 'react';

/** A labelled form control with an optional hint and the server's error for it. */
export function Field({ label, hint, error, children, inline = false }: {
  label: ReactNode; hint?: ReactNode; error?: string; children: (id: string) => ReactNode; inline?: boolean;
}) {
  const id = useId();
  return (
    <div className={`field${inline ? ' field-inline' : ''}${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id} className="field-label">{label}</label>
      {children(id)}
      {hint && !error && <div className="field-hint">{hint}</div>}
      {error && <div className="field-error" role="alert">{error}</div>}
    </div>
  );
}

export function TextInput({ className, ...props }: InputHTMLAttributes<HTMLInputElement>) {
  return <input className={`input ${className ?? ''}`} {...props} />;
}

export function TextArea({ className, ...props }: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <textarea className={`input textarea ${className ?? ''}`} {...props} />;
}

export function Select({ className, options, ...props }: SelectHTMLAttributes<HTMLSelectElement> & {
  options: (string | { value: string; label: string })[];
}) {
  return (
    <select className={`input select ${className ?? ''}`} {...props}>
      {options.map((o) => typeof o === 'string'
        ? <option key={o} value={o}>{o}</option>
        : <option key={o.value} value={o.value}>{o.label}</option>)}
    </select>
  );
}

export function Checkbox({ label, ...props }: InputHTMLAttributes<HTMLInputElement> & { label: ReactNode }) {
  return (
    <label className="checkbox">
      <input type="checkbox" {...props} />
      <span>{label}</span>
    </label>
  );
}

/** An on/off switch: a checkbox drawn as a toggle, for settings that apply at once or to the next action. */
export function Switch({ label, checked, onChange, hint }: {
  label: ReactNode; checked: boolean; onChange: (checked: boolean) => void; hint?: ReactNode;
}) {
  return (
    <label className="switch" title={typeof hint === 'string' ? hint : undefined}>
      <input type="checkbox" role="switch" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span className="switch-track" aria-hidden="true"><span className="switch-thumb" /></span>
      <span>{label}</span>
    </label>
  );
}
