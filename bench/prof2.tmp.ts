import { generateCatalog } from "./generate-catalog.ts";
import { buildAssetGraph } from "../runtime/index.ts";
const cats = [0,1,2,3,4,5].map(() => generateCatalog({ assets: 10000 }));
buildAssetGraph(cats[0]!);
for (const c of cats.slice(1)) { const t = performance.now(); buildAssetGraph(c); console.log("build", (performance.now() - t).toFixed(0)); }
