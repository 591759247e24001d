import { isIP } from "node:net";
import { LakeformError } from "../core/errors.ts";

/** The UI's default address: loopback only. */
export const DEFAULT_UI_HOST = "127.0.0.1";

/** Thrown when the UI would listen beyond this machine without being told to. */
export class UiBindError extends LakeformError {
  override name = "UiBindError";
}

/** Whether `host` is a loopback address or name: `127.x.x.x`, `::1`, `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, "$1");
  if (h === "localhost" || h === "::1" || h === "0:0:0:0:0:0:0:1") return true;
  if (isIP(h) === 4) return h.startsWith("127.");
  return /^::ffff:127\./.test(h);
}

/**
 * Decides whether the UI may listen on `host`. Loopback is always allowed. Any other address
 * (including `0.0.0.0` and `::`) only when the user gave `--host` explicitly, and then with a
 * warning to print: the UI has no login, so whoever reaches the port sees the platform.
 * @throws UiBindError for a non-loopback host that was not given explicitly.
 */
export function checkBindHost(host: string, explicit: boolean): { readonly warning: string | undefined } {
  if (isLoopbackHost(host)) return { warning: undefined };
  if (!explicit) throw new UiBindError(`The UI would listen on ${host}, beyond this machine, without --host. Fix: leave the host out to serve on ${DEFAULT_UI_HOST}, or pass --host ${host} explicitly to expose it.`);
  return { warning: `⚠ Serving the UI on ${host}: anyone who can reach this port sees the platform's assets, checks and failing-row samples (read-only, no login). Use --host ${DEFAULT_UI_HOST} to keep it on this machine.` };
}
