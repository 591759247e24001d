#!/usr/bin/env node
// The `lakeform` command. Catalogs are TypeScript modules, so tsx compiles them on import.

// A daemon handles SIGTERM and SIGINT from its first instruction (before anything is imported):
// one that arrives while the CLI loads is recorded here (not the default exit 143) and the
// daemon stops cleanly at start.
if (process.argv[2] === "daemon") {
  const early = (globalThis[Symbol.for("lakeform.earlySignals")] = []);
  for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => early.push(signal));
  // A supervisor that started us with an IPC channel (a test, a process manager) learns that
  // signals are handled from here on; the channel is closed so it keeps nothing alive.
  if (process.send !== undefined) process.send("lakeform:signal-handlers-ready", () => process.disconnect());
}
const { register } = await import("tsx/esm/api");

let finished = false;
// Node exits 13 without a word when an await can never settle (the event loop is empty):
// say so rather than end in silence.
process.on("exit", (code) => {
  if (!finished && code === 13) {
    process.stderr.write("✗ lakeform stopped: the command waited for something that can never happen (an await in the catalog or its code that never settles). Fix: make sure every await in the catalog settles; LAKEFORM_DEBUG=1 shows more.\n");
  }
});

register();
const { main } = await import("../cli.ts");
process.exitCode = await main(process.argv.slice(2));
finished = true;
// Once the command is done, nothing a catalog left running (a timer, a socket of a load that
// timed out) keeps the process alive for more than a second.
setTimeout(() => process.exit(), 1000).unref();
