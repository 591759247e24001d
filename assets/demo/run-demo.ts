// The README's main job: generate the example platform's landing files (seeded, with realistic
// dirt), then materialise every asset over the demo's days on the embedded default, and show
// what was built and what the checks caught. Run with `npm run demo [-- --days N]`.
import { parseArgs } from "node:util";
import { main } from "../../runtime/cli.ts";
import { workspaceOf } from "../../runtime/workspace/workspace.ts";
import { APP_DATABASE_URL, fromAppDatabase } from "../raw/app-database.ts";
import { DEMO_PII_KEY } from "./demo-pii-key.ts";
import { generateLandingData } from "./generate-landing-data.ts";

const { values } = parseArgs({ options: { days: { type: "string", default: "14" }, env: { type: "string", default: "dev" } } });
const days = Number(values.days);
if (!Number.isInteger(days) || days < 1 || days > 366) throw new Error(`--days ${values.days} is not a number of days from 1 to 366`);

const dayKey = (date: Date) => date.toISOString().slice(0, 10);
const today = new Date(`${dayKey(new Date())}T00:00:00Z`);
const end = new Date(today.getTime() - 86_400_000);
const start = new Date(end.getTime() - (days - 1) * 86_400_000);

if (process.env.LAKEFORM_PII_KEY === undefined) {
  process.env.LAKEFORM_PII_KEY = DEMO_PII_KEY;
  console.log("LAKEFORM_PII_KEY is not set: the demo hashes PII with its built-in demo key. Never use that key for real data.");
  console.log(`To go on with the demo's data: export LAKEFORM_PII_KEY=${DEMO_PII_KEY}`);
}
const workspace = workspaceOf({ environment: values.env, cwd: process.cwd() });
const appDatabaseUrl = fromAppDatabase ? process.env[APP_DATABASE_URL] : undefined;
const summary = await generateLandingData({ dir: workspace.landingDir, end, days, ...(appDatabaseUrl === undefined ? {} : { appDatabaseUrl }) });
const count = (n: number) => n.toLocaleString("en");
console.log(`Landed ${days} days of demo data (${dayKey(start)} to ${dayKey(end)}): ${summary.files.length} files in ${workspace.landingDir}`);
console.log(`  rows: ${Object.entries(summary.rows).map(([source, rows]) => `${source} ${count(rows)}`).join(" · ")}`);
console.log(`  dirt: ${Object.entries(summary.dirt).filter(([, n]) => n > 0).map(([kind, n]) => `${kind} ${count(n)}`).join(" · ")}`);
if (appDatabaseUrl !== undefined) console.log(`${APP_DATABASE_URL} is set: customers, products and orders are extracted from its app database (tables customers, products and orders, seeded from the generated data).`);
console.log("");

const code = await main(["materialize", "--from", dayKey(start), "--to", dayKey(end), "--env", values.env]);
console.log("\nRevenue of the last days, from the curated tier:");
await main(["query", "select * from curated.daily_revenue order by 1 desc limit 5", "--env", values.env]);
console.log(`\nNext: npm start -- status · npm start -- checks clean/orders · npm start -- profile clean/customers · npm start -- query "<sql>"`);
process.exitCode = code;
