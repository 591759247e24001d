// Writes the demo's landing files in a child process, so a test can run the generator under
// several host time zones: `node --import tsx generate-demo-landing.ts <dir> <end ISO> <days>`.
import { generateLandingData } from "../../assets/demo/generate-landing-data.ts";

const [dir, end, days] = process.argv.slice(2);
if (dir === undefined || end === undefined || days === undefined) throw new Error("usage: generate-demo-landing.ts <dir> <end ISO> <days>");
await generateLandingData({ dir, end: new Date(end), days: Number(days) });
