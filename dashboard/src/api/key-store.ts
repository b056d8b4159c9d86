/**
 * The signed-in API key, for this tab only: sessionStorage is dropped when the tab closes and is
 * never sent anywhere by the browser by itself. The key travels only as `Authorization: Bearer`.
 */
const SLOT = 'error-tracker.api-key';

export function storedKey(): string | null {
  try {
    return sessionStorage.getItem(SLOT);
  } catch {
    return null;
  }
}

export function storeKey(key: string): void {
  sessionStorage.setItem(SLOT, key);
}

export function forgetKey(): void {
  sessionStorage.removeItem(SLOT);
}
