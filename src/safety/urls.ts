/**
 * Which link targets may go into a book. Only web and mail links leave the book; `#id` links stay
 * inside it. Everything else (javascript:, vbscript:, data:, file:, ftp:, relative paths such as
 * `other.md` or `/etc/passwd`) is dropped, keeping the link's text, because an e-reader would either
 * run it, open a local file, or fail on it.
 */

export const ALLOWED_SCHEMES = ['http', 'https', 'mailto'] as const;

/** http://x, https://x, mailto:x — with something after the scheme. */
export function isExternalHref(href: string): boolean {
  return /^(https?:\/\/[^\s/?#]+|mailto:[^\s]+)/i.test(href);
}

export function isFragmentHref(href: string): boolean {
  return /^#./.test(href);
}

/** The scheme of an href (`javascript`), or undefined for a relative reference. */
export function schemeOf(href: string): string | undefined {
  return /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(href.trim())?.[1]?.toLowerCase();
}
