import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { describeError } from '../api/errors';

interface Toast {
  id: number;
  kind: 'success' | 'error' | 'info';
  text: string;
}

interface Toasts {
  success: (text: string) => void;
  error: (error: unknown) => void;
  info: (text: string) => void;
}

const Context = createContext<Toasts>({ success: () => {}, error: () => {}, info: () => {} });

/** Short-lived messages in the corner: what an action did, or why it failed. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(0);
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const show = useCallback((kind: Toast['kind'], text: string) => {
    const id = ++next.current;
    setToasts((all) => [...all.slice(-2), { id, kind, text }]);
    window.setTimeout(() => dismiss(id), kind === 'error' ? 8000 : 3000);
  }, [dismiss]);
  const api = useMemo<Toasts>(() => ({
    success: (text) => show('success', text),
    error: (error) => show('error', describeError(error)),
    info: (text) => show('info', text),
  }), [show]);
  return (
    <Context.Provider value={api}>
      {children}
      <div className="toasts" aria-live="polite">
        {toasts.map((t) => (
          <div key={t.id} className={`toast toast-${t.kind}`} role={t.kind === 'error' ? 'alert' : 'status'}>
            <span>{t.text}</span>
            <button type="button" aria-label="Dismiss" onClick={() => dismiss(t.id)}>×</button>
          </div>
        ))}
      </div>
    </Context.Provider>
  );
}

export function useToast(): Toasts {
  return useContext(Context);
}
