// The admin secret lives for the browser tab's session only: never in localStorage, never in a cookie.
const KEY = 'quarry.adminSecret';

export function storedSecret(): string | undefined {
  try {
    return sessionStorage.getItem(KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function storeSecret(secret: string | undefined): void {
  try {
    if (secret) sessionStorage.setItem(KEY, secret);
    else sessionStorage.removeItem(KEY);
  } catch {
    // A browser that refuses storage keeps the secret in memory only.
  }
}
