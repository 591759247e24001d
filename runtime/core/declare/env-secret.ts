/** A secret read from an environment variable when a run needs it: only its name is declared, printed or fingerprinted. */
export interface EnvSecret {
  readonly kind: "env";
  readonly name: string;
}

/**
 * A secret taken from the environment variable `name` at run time (in the cloud, the secret
 * manager fills the variable). The value never appears in the graph, the plan or a message.
 * @example postgres({ connection: env("APP_DATABASE_URL"), table: "public.orders", cursor: "updated_at" })
 */
export function env(name: string): EnvSecret {
  return Object.freeze({ kind: "env", name });
}
