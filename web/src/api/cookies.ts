/** The CSRF cookie the server sets next to the httpOnly refresh cookie (Auth/AuthCookies.swift). */
export const CSRF_COOKIE = "draizer_csrf";
/** The header that must echo it on refresh and logout (double submit). */
export const CSRF_HEADER = "X-CSRF-Token";

/** The value of cookie `name` in a `document.cookie` string, or null when absent or empty. */
export function cookieValue(cookies: string, name: string): string | null {
  for (const part of cookies.split(";")) {
    const separator = part.indexOf("=");
    if (separator < 0) continue;
    if (part.slice(0, separator).trim() !== name) continue;
    const raw = part.slice(separator + 1).trim();
    if (raw === "") return null;
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return null;
}
