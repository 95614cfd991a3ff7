// The navigation's icons, drawn inline so that they need no font or request.
const paths: Record<string, string> = {
  data: 'M3 4h14v12H3z M3 8h14 M3 12h14 M8 4v12',
  permissions: 'M6 9V6a4 4 0 0 1 8 0v3 M4 9h12v8H4z M10 12v2',
  sql: 'M3 4h14v12H3z M6 8l2.5 2L6 12 M10 12h4',
  api: 'M7 5L3 10l4 5 M13 5l4 5-4 5 M11 4l-2 12',
  metadata: 'M10 3c4 0 7 1.3 7 3s-3 3-7 3-7-1.3-7-3 3-3 7-3z M3 6v8c0 1.7 3 3 7 3s7-1.3 7-3V6 M3 10c0 1.7 3 3 7 3s7-1.3 7-3',
};

export function NavIcon({ name }: { name: string }) {
  return (
    <svg className="nav-icon" viewBox="0 0 20 20" width="18" height="18" fill="none" stroke="currentColor"
      strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d={paths[name] ?? ''} />
    </svg>
  );
}
