// The Pulumi program (`pulumi up` per stack). For now it builds and validates the asset graph
// of the catalog, so that a broken catalog fails the deployment before any resource changes,
// and exports what the environment will hold.
import * as pulumi from "@pulumi/pulumi";
import { buildAssetGraph } from "lakeform";
import catalog from "../assets/index.ts";
import { environmentOf } from "./plan/environment.ts";

const config = new pulumi.Config("lakeform");
const environment = environmentOf(pulumi.getStack(), { cloud: config.get("cloud"), region: config.get("region"), prefix: config.get("prefix"), protectData: config.get("protectData") });
const graph = buildAssetGraph(catalog);

/** The environment this stack deploys. */
export const env = environment;
/** Asset keys in dependency order. */
export const assets = graph.keys;
/** Assets per tier. */
export const tiers = Object.fromEntries(
  (["raw", "clean", "curated"] as const).map((tier) => [tier, graph.nodes().filter((n) => n.tier === tier).map((n) => n.key)]),
);
