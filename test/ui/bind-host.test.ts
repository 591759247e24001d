import { describe, expect, it } from "vitest";
import { checkBindHost, isLoopbackHost, UiBindError } from "../../runtime/ui/bind-host.ts";

describe("where the UI may listen", () => {
  it("knows loopback addresses and names", () => {
    for (const host of ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]", "::ffff:127.0.0.1"]) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ["0.0.0.0", "::", "10.0.0.5", "192.168.1.20", "example.com", "128.0.0.1", ""]) expect(isLoopbackHost(host), host).toBe(false);
  });

  it("allows loopback silently, refuses anything else unless --host was explicit, and then warns", () => {
    expect(checkBindHost("127.0.0.1", false)).toEqual({ warning: undefined });
    expect(() => checkBindHost("0.0.0.0", false)).toThrow(UiBindError);
    expect(checkBindHost("0.0.0.0", true).warning).toBe(
      "⚠ Serving the UI on 0.0.0.0: anyone who can reach this port sees the platform's assets, checks and failing-row samples (read-only, no login). Use --host 127.0.0.1 to keep it on this machine.",
    );
  });
});
