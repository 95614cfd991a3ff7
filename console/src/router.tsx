import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from 'react';

/** Where the engine serves the console; every route lives under it. */
export const BASE = '/console';

/** The route's path below {@link BASE}, without leading or trailing slashes: "data/public/album". */
export function currentRoute(pathname: string = window.location.pathname): string {
  const below = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname;
  return below.split('/').filter(Boolean).map(decodeURIComponent).join('/');
}

/** The path to a route, each part encoded: href('data', 'public', 'my table'). */
export function href(...parts: string[]): string {
  return [BASE, ...parts.map(encodeURIComponent)].join('/');
}

const listeners = new Set<() => void>();

export function navigate(to: string, replace = false): void {
  if (replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  listeners.forEach((listener) => listener());
}

/** The route's parts, kept current as the user navigates (links, back and forward). */
export function useRoute(): string[] {
  const [route, setRoute] = useState(currentRoute());
  useEffect(() => {
    const update = () => setRoute(currentRoute());
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return route === '' ? [] : route.split('/');
}

/** An anchor that navigates inside the console without reloading the page (a modified click still opens a tab). */
export function Link({ to, onClick, ...props }: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  const click = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={click} {...props} />;
}
