import 'server-only';
import { IncomingMessage, ServerResponse, type OutgoingHttpHeaders } from 'node:http';
import { Socket } from 'node:net';

// oidc-provider is a Koa application: it speaks Node's req/res, while App Router route
// handlers speak the Fetch API. This runs one Fetch Request through a Node handler and
// collects what it writes into a Fetch Response. Nothing streams: every provider answer
// (JSON, a redirect, a small HTML page) is small and complete when `end()` is called.

export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

type Options = {
  /** Path prefix the handler is mounted under; it sees the rest, as if mounted with koa-mount. */
  mountPath: string;
};

/** A Node IncomingMessage carrying the Fetch request's method, URL, headers and body. */
export async function toNodeRequest(request: Request, { mountPath }: Options): Promise<IncomingMessage> {
  const url = new URL(request.url);
  const socket = new Socket();
  // Koa tells https from http by the socket (or X-Forwarded-Proto behind a proxy).
  Object.defineProperty(socket, 'encrypted', { value: url.protocol === 'https:' });
  const req = new IncomingMessage(socket);
  req.method = request.method;
  const inner = url.pathname.startsWith(mountPath) ? url.pathname.slice(mountPath.length) : url.pathname;
  req.url = (inner || '/') + url.search;
  // oidc-provider builds its own URLs from originalUrl minus url: that is how it finds its mount path.
  Object.assign(req, { originalUrl: url.pathname + url.search });
  const headers: Record<string, string> = {};
  request.headers.forEach((value, key) => {
    headers[key] = value;
  });
  req.headers = headers;
  const body = request.method === 'GET' || request.method === 'HEAD' ? null : Buffer.from(await request.arrayBuffer());
  if (body?.length) req.push(body);
  req.push(null);
  return req;
}

function toBuffer(chunk: unknown, encoding?: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk);
  return Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
}

// Framing is the server's business: Next.js sets the length of what it sends (which may be compressed).
const HOP_BY_HOP = new Set(['content-length', 'connection', 'keep-alive', 'transfer-encoding']);

function toHeaders(outgoing: OutgoingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(outgoing)) {
    if (value === undefined || HOP_BY_HOP.has(name.toLowerCase())) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, String(v));
  }
  return headers;
}

/** A ServerResponse whose output is gathered into a Fetch Response once the handler ends it. */
export function collectingResponse(req: IncomingMessage) {
  const res = new ServerResponse(req);
  const chunks: Buffer[] = [];
  let settle: (response: Response) => void = () => {};
  const response = new Promise<Response>((resolve) => {
    settle = resolve;
  });
  const write = (chunk: unknown, encoding?: unknown, callback?: unknown) => {
    if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') chunks.push(toBuffer(chunk, encoding));
    const done = [encoding, callback, chunk].find((a) => typeof a === 'function') as (() => void) | undefined;
    done?.();
    return true;
  };
  res.write = write as ServerResponse['write'];
  res.end = ((chunk?: unknown, encoding?: unknown, callback?: unknown) => {
    write(chunk, encoding, callback);
    const status = res.statusCode;
    const body = status === 204 || status === 304 || req.method === 'HEAD' ? null : Buffer.concat(chunks);
    settle(new Response(body, { status, headers: toHeaders(res.getHeaders()) }));
    res.emit('finish');
    return res;
  }) as ServerResponse['end'];
  return { res, response };
}

/** Runs a Fetch Request through a Node (req, res) handler and returns what it answered. */
export async function callNodeHandler(handler: NodeHandler, request: Request, options: Options): Promise<Response> {
  const req = await toNodeRequest(request, options);
  const { res, response } = collectingResponse(req);
  await handler(req, res);
  return response;
}
