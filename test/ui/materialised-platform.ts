import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { generateLandingData } from "../../assets/demo/generate-landing-data.ts";
import { TempWorkspace } from "../support/temp-workspace.ts";

export const PLATFORM_CATALOG = join(process.cwd(), "assets/index.ts");
const DAY_MS = 86_400_000;

/** The asset left out of the materialisation, so the graph shows one never materialised. */
export const LEFT_OUT = "curated/conversion_funnel";

/**
 * A workspace where the example platform was materialised as the demo does (its seeded landing
 * data, `days` days ending yesterday UTC), except {@link LEFT_OUT}; with the project's
 * `Pulumi.yaml` and `Pulumi.dev.yaml`, so the dev plan has a cost estimate.
 */
export async function materialisedPlatform(days = 3): Promise<{ ws: TempWorkspace; first: string; last: string }> {
  const ws = new TempWorkspace(PLATFORM_CATALOG);
  for (const file of ["Pulumi.yaml", "Pulumi.dev.yaml"]) copyFileSync(join(process.cwd(), file), join(ws.root, file));
  const end = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS - DAY_MS);
  await generateLandingData({ dir: ws.landing, end, days });
  const first = new Date(end.getTime() - (days - 1) * DAY_MS).toISOString().slice(0, 10);
  const last = end.toISOString().slice(0, 10);
  const { code, stdout, stderr } = await ws.lakeform(["materialize", `* and not ${LEFT_OUT}`, "--from", first, "--to", last]);
  if (code !== 0) throw new Error(`materialize failed (${code}): ${stderr}${stdout}`);
  return { ws, first, last };
}
