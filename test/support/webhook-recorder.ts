import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One request a {@link WebhookRecorder} received. */
export interface RecordedRequest {
  readonly path: string;
  readonly body: string;
}

/**
 * A webhook endpoint on 127.0.0.1 that records every request's path and body and answers 200
 * (or 500 on paths in `failOn`), for alert tests.
 */
export class WebhookRecorder {
  readonly requests: RecordedRequest[] = [];
  #server: Server | undefined;
  #base = "";

  constructor(private readonly failOn: readonly string[] = []) {}

  /** Starts listening on a free loopback port. */
  async start(): Promise<void> {
    this.#server = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString()));
      request.on("end", () => {
        const path = request.url ?? "";
        this.requests.push({ path, body });
        response.writeHead(this.failOn.includes(path) ? 500 : 200).end("ok");
      });
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, "127.0.0.1", resolve));
    this.#base = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** The URL of `path` on this endpoint. */
  url(path = "/hook"): string {
    return `${this.#base}${path}`;
  }

  /** The bodies received so far. */
  get bodies(): string[] {
    return this.requests.map((r) => r.body);
  }

  clear(): void {
    this.requests.length = 0;
  }

  stop(): Promise<void> {
    return new Promise<void>((resolve) => (this.#server === undefined ? resolve() : this.#server.close(() => resolve())));
  }
}
