import * as pulumi from "@pulumi/pulumi";

/** The clouds Lakeform deploys to. */
export type Cloud = "aws" | "gcp";

/** One environment's settings, read from its stack configuration (`Pulumi.<stack>.yaml`). */
export interface Environment {
  readonly name: string;
  readonly cloud: Cloud;
  readonly region: string;
  /** Prefix of every resource name, e.g. `lf-dev`. */
  readonly prefix: string;
  /** Protect data resources from deletion. @default true */
  readonly protectData: boolean;
}

/** Reads the current stack's `lakeform:*` configuration; fails with the key and the fix. */
export function environmentFromConfig(): Environment {
  const config = new pulumi.Config("lakeform");
  const cloud = config.get("cloud") ?? "aws";
  if (cloud !== "aws" && cloud !== "gcp") {
    throw new Error(`Stack "${pulumi.getStack()}": lakeform:cloud is "${cloud}". Fix: pulumi config set lakeform:cloud aws (or gcp).`);
  }
  return {
    name: pulumi.getStack(),
    cloud,
    region: config.require("region"),
    prefix: config.require("prefix"),
    protectData: config.getBoolean("protectData") ?? true,
  };
}
