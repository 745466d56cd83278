import { existsSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * The route a request path belongs to, as the App Router names it (`/admin/users/[id]`), for log
 * lines and metric labels: a raw path would carry ids and tokens into the logs and give Prometheus
 * one series per user. The patterns are read from app/ at start, so the label set is bounded by the
 * routes the build has; anything else is `unmatched`.
 */
export type RouteMatcher = (pathname: string) => string;

type Segment = { kind: 'static'; name: string } | { kind: 'dynamic' } | { kind: 'catch_all' } | { kind: 'optional_catch_all' };
type Pattern = { label: string; segments: Segment[] };

const ROUTE_FILE = /^(page|route)\.(tsx|ts|jsx|js|mdx)$/;
/** Static metadata files, served at their own name (app/icon.svg is /icon.svg). */
const METADATA_FILE = /^(favicon\.ico|(icon|apple-icon|opengraph-image|twitter-image)\.(ico|jpg|jpeg|png|gif|svg)|robots\.txt|sitemap\.xml|manifest\.(json|webmanifest))$/;

/** Label for a path no route serves. */
export const UNMATCHED = 'unmatched';

/** Routes served outside app/: Next.js's own assets, public/ files and the entry's endpoints. */
const FIXED_PREFIXES: readonly [prefix: string, label: string][] = [
  ['/_next/static/', '/_next/static'],
  ['/_next/image', '/_next/image'],
  ['/_next/', '/_next'],
  // The development server's own endpoints (fonts, overlay).
  ['/__nextjs', '/__nextjs'],
];

function segmentOf(name: string): Segment | null {
  // Route groups `(auth)` and parallel-route slots `@modal` do not appear in the URL.
  if (/^\(.*\)$/.test(name) || name.startsWith('@')) return null;
  if (/^\[\[\.\.\..+\]\]$/.test(name)) return { kind: 'optional_catch_all' };
  if (/^\[\.\.\..+\]$/.test(name)) return { kind: 'catch_all' };
  if (/^\[.+\]$/.test(name)) return { kind: 'dynamic' };
  return { kind: 'static', name };
}

function labelOf(folders: string[]): string {
  const shown = folders.filter((f) => !/^\(.*\)$/.test(f) && !f.startsWith('@'));
  return `/${shown.join('/')}`;
}

function scanApp(dir: string, folders: string[], out: Pattern[]) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    // `_private` folders are never routes.
    if (entry.isDirectory() && !entry.name.startsWith('_')) scanApp(join(dir, entry.name), [...folders, entry.name], out);
    else if (entry.isFile() && ROUTE_FILE.test(entry.name)) {
      const segments = folders.map(segmentOf).filter((s): s is Segment => s !== null);
      out.push({ label: labelOf(folders), segments });
    } else if (entry.isFile() && METADATA_FILE.test(entry.name)) {
      const segments = [...folders, entry.name].map(segmentOf).filter((s): s is Segment => s !== null);
      out.push({ label: labelOf([...folders, entry.name]), segments });
    }
  }
}

function scanPublic(dir: string, root: string, out: Pattern[]) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) scanPublic(path, root, out);
    else if (entry.isFile()) {
      const parts = relative(root, path).split(sep);
      out.push({ label: `/${parts.join('/')}`, segments: parts.map((name) => ({ kind: 'static', name })) });
    }
  }
}

/** How specific a segment is: Next.js prefers static over dynamic over catch-all, segment by segment. */
const RANK: Record<Segment['kind'], number> = { static: 3, dynamic: 2, catch_all: 1, optional_catch_all: 0 };

function matches(segments: Segment[], parts: string[]): boolean {
  for (let i = 0; i < segments.length; i += 1) {
    const segment = segments[i]!;
    if (segment.kind === 'catch_all') return parts.length > i;
    if (segment.kind === 'optional_catch_all') return true;
    const part = parts[i];
    if (part === undefined) return false;
    if (segment.kind === 'static' && segment.name !== part) return false;
  }
  return parts.length === segments.length;
}

function moreSpecific(a: Pattern, b: Pattern): boolean {
  const length = Math.max(a.segments.length, b.segments.length);
  for (let i = 0; i < length; i += 1) {
    const left = a.segments[i] ? RANK[a.segments[i]!.kind] : -1;
    const right = b.segments[i] ? RANK[b.segments[i]!.kind] : -1;
    if (left !== right) return left > right;
  }
  return false;
}

function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** A matcher for the routes under `root`/app and the files under `root`/public, plus `fixed` exact paths. */
export function routeMatcher(root: string, fixed: readonly string[] = []): RouteMatcher {
  const patterns: Pattern[] = [];
  const app = join(root, 'app');
  if (existsSync(app)) scanApp(app, [], patterns);
  const pub = join(root, 'public');
  if (existsSync(pub)) scanPublic(pub, pub, patterns);
  const exact = new Set(fixed);
  return (pathname) => {
    if (exact.has(pathname)) return pathname;
    for (const [prefix, label] of FIXED_PREFIXES) if (pathname.startsWith(prefix)) return label;
    const parts = pathname.split('/').filter((p) => p !== '').map(decoded);
    let best: Pattern | undefined;
    for (const pattern of patterns) {
      if (matches(pattern.segments, parts) && (!best || moreSpecific(pattern, best))) best = pattern;
    }
    return best?.label ?? UNMATCHED;
  };
}
