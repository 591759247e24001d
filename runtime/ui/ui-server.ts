import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { LakeformError } from "../core/errors.ts";
import { checkBindHost, DEFAULT_UI_HOST, isLoopbackHost } from "./bind-host.ts";
import { routeUiRequest, type UiResponse } from "./ui-routes.ts";
import type { UiSource } from "./ui-source.ts";

/** Options of {@link startUiServer}. */
export interface UiServerOptions {
  /** @default "127.0.0.1" */
  readonly host?: string;
  /** 0 picks a free port. @default 0 */
  readonly port?: number;
  /** Whether the user gave the host explicitly (`--host`): required for a non-loopback host. @default false */
  readonly explicitHost?: boolean;
  /** Where to say that a non-loopback host exposes the UI, and requests that failed. @default nowhere */
  readonly warn?: (message: string) => void;
}

/** A running UI server. */
export interface UiServer {
  /** `http://127.0.0.1:PORT/`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
};

function send(res: ServerResponse, answer: UiResponse, head: boolean): void {
  res.writeHead(answer.status, { ...SECURITY_HEADERS, "content-type": answer.type, "content-length": Buffer.byteLength(answer.body), ...answer.headers });
  res.end(head ? undefined : answer.body);
}

const text = (status: number, body: string, headers: Readonly<Record<string, string>> = {}): UiResponse => ({ status, type: "text/plain; charset=utf-8", body: `${body}\n`, headers });

/** The host part of a Host header: `127.0.0.1:8080` → `127.0.0.1`, `[::1]:80` → `::1`. */
const hostOfHeader = (header: string) => (header.startsWith("[") ? header.slice(1, header.indexOf("]")) : header.replace(/:\d+$/, ""));

async function answer(source: UiSource, req: IncomingMessage, loopbackOnly: boolean): Promise<UiResponse> {
  if (req.method !== "GET" && req.method !== "HEAD") return text(405, `${req.method ?? "This method"} is not allowed: the UI is read-only. Fix: use GET.`, { allow: "GET, HEAD" });
  // Served on loopback, a page of another site must not reach it through DNS rebinding.
  if (loopbackOnly && !isLoopbackHost(hostOfHeader(req.headers.host ?? ""))) return text(421, `Host "${req.headers.host ?? ""}" is not this UI. Fix: open it at http://127.0.0.1 (or localhost).`);
  return routeUiRequest(source, new URL(req.url ?? "/", "http://ui.invalid"));
}

/**
 * Serves the read-only UI of `source` over HTTP: GET and HEAD only (405 otherwise), on
 * 127.0.0.1 unless a host is given explicitly (see {@link checkBindHost}).
 * @throws UiBindError for a non-loopback host not given explicitly; LakeformError when the port cannot be bound.
 * @example const server = await startUiServer(source, { port: 0 }); console.log(server.url); await server.close();
 */
export async function startUiServer(source: UiSource, options: UiServerOptions = {}): Promise<UiServer> {
  const host = options.host ?? DEFAULT_UI_HOST;
  const { warning } = checkBindHost(host, options.explicitHost === true);
  if (warning !== undefined) options.warn?.(warning);
  const loopbackOnly = isLoopbackHost(host);
  const server = createServer((req, res) => {
    answer(source, req, loopbackOnly).then(
      (a) => send(res, a, req.method === "HEAD"),
      (error: unknown) => {
        options.warn?.(`✗ UI request ${req.url ?? ""} failed: ${error instanceof Error ? error.message : String(error)}`);
        send(res, { status: 500, type: "application/json; charset=utf-8", body: JSON.stringify({ error: error instanceof Error ? error.message : String(error) }) }, false);
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(new LakeformError(`The UI cannot listen on ${host}:${options.port ?? 0}: ${error.code ?? error.message}. Fix: ${error.code === "EADDRINUSE" ? "pick another --port, or stop what uses it" : "check --host and --port"}.`, { cause: error })),
    );
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}
