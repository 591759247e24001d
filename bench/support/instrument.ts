import type { RunServices } from "../../runtime/run/run-services.ts";

/** Milliseconds of every call, by `<service>.<method>`. */
export type CallTimes = Map<string, number[]>;

/** `target` with every method call timed into `calls` under `<name>.<method>` (awaited when it returns a promise). */
function timed<T extends object>(name: string, target: T, calls: CallTimes): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value: unknown = Reflect.get(object, property, receiver);
      if (typeof value !== "function" || typeof property !== "string") return value;
      const label = `${name}.${property}`;
      return (...args: unknown[]) => {
        const started = performance.now();
        const note = () => {
          const samples = calls.get(label) ?? [];
          samples.push(performance.now() - started);
          calls.set(label, samples);
        };
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(object, args);
        // A submitted job's calls (`wait`, `poll`) are timed too, as `job.<method>`.
        if (result instanceof Promise && property === "submit") return result.finally(note).then((job: object) => timed("job", job, calls));
        if (result instanceof Promise) return result.finally(note);
        note();
        return result;
      };
    },
  });
}

/**
 * The run services with the engine, state store and object store timed call by call: a
 * profile of a run by the seams it already has, without touching the runtime.
 */
export function instrumented(services: RunServices): { services: RunServices; calls: CallTimes } {
  const calls: CallTimes = new Map();
  return {
    services: { ...services, engine: timed("engine", services.engine, calls), state: timed("state", services.state, calls), store: timed("store", services.store, calls) },
    calls,
  };
}
