/**
 * For route handlers that change state on POST (server actions get this check from
 * Next.js): the browser's Origin must name this host. SameSite=Lax cookies already stay
 * off cross-site POSTs; this is the second lock (OWASP CSRF cheat sheet, "verifying origin").
 */
export function isSameOriginPost(request: Request): boolean {
  const origin = request.headers.get('origin');
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  if (!origin || !host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
