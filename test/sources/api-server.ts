import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A request the server saw. */
export interface SeenRequest {
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly authorization: string | undefined;
}

/** What to answer: status, body (an object is sent as JSON), headers; `hang` never answers. */
export type Answer = { readonly status?: number; readonly body?: unknown; readonly headers?: Readonly<Record<string, string>> } | "hang";

/** An API on 127.0.0.1 that answers as a test scripts it: misbehaving on purpose. */
export class ApiServer {
  readonly requests: SeenRequest[] = [];
  private readonly hanging: ServerResponse[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(answer: (request: SeenRequest, index: number) => Answer): Promise<ApiServer> {
    let api: ApiServer | undefined;
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const seen: SeenRequest = { path: url.pathname, query: Object.fromEntries(url.searchParams), authorization: req.headers.authorization };
      api?.requests.push(seen);
      const reply = answer(seen, (api?.requests.length ?? 1) - 1);
      if (reply === "hang") {
        api?.hanging.push(res);
        return;
      }
      const body = reply.body === undefined ? "" : typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status ?? 200, { "content-type": "application/json", ...reply.headers });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    api = new ApiServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return api;
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A clock whose time moves only when something sleeps: waits are recorded, not waited. */
export function instantClock(start: string) {
  let t = Date.parse(start);
  const slept: number[] = [];
  return {
    slept,
    now: () => new Date(t),
    sleep: async (ms: number) => {
      slept.push(ms);
      t += ms;
    },
  };
}
