import { LakeformError } from "../errors.ts";
import type { AssetRef } from "../declare/asset-ref.ts";
import type { SqlMacro, SqlTemplate, SqlValue } from "../declare/sql-template.ts";
import type { Dialect } from "./dialect.ts";

/** What rendering needs from the engine: its dialect, how refs resolve, and macro values. */
export interface RenderContext {
  readonly dialect: Dialect;
  /** The SQL that stands for a reference: a table name, or a subquery over mapped partitions. */
  readonly ref: (ref: AssetRef) => string;
  /** Values of the portable macros, bound as parameters. `self` is rendered as SQL text. */
  readonly macros?: Partial<Record<Exclude<SqlMacro["name"], "self">, SqlValue>>;
  /** The SQL standing for `${self}` in custom checks. */
  readonly self?: string;
}

/** SQL text in one dialect and its bound parameters, in placeholder order. */
export interface RenderedSql {
  readonly text: string;
  readonly params: readonly SqlValue[];
}

/**
 * Renders a template for one engine: refs become table names, values and macros become
 * bound parameters — never spliced into the text.
 * @throws LakeformError when a macro has no value in this context.
 */
export function renderSql(template: SqlTemplate, context: RenderContext): RenderedSql {
  const params: SqlValue[] = [];
  const bind = (value: SqlValue): string => {
    params.push(value);
    return context.dialect.parameter(params.length - 1);
  };
  const render = (t: SqlTemplate): string => {
    let text = t.strings[0] ?? "";
    t.parts.forEach((part, i) => {
      switch (part.kind) {
        case "ref":
          text += context.ref(part);
          break;
        case "param":
          text += bind(part.value);
          break;
        case "sql":
          text += render(part);
          break;
        case "macro": {
          if (part.name === "self") {
            if (context.self === undefined) throw new LakeformError("${self} is only available in custom checks. Fix: refer to other assets with ref().");
            text += context.self;
          } else {
            const value = context.macros?.[part.name];
            if (value === undefined) throw new LakeformError(`\${${part.name}} has no value: the asset is not partitioned by time. Fix: partition it with daily()/hourly()/monthly(), or remove the macro.`);
            text += bind(value);
          }
          break;
        }
      }
      text += t.strings[i + 1] ?? "";
    });
    return text;
  };
  return { text: render(template), params };
}
