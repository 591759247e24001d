#!/usr/bin/env node
// The `lakeform` command. Catalogs are TypeScript modules, so tsx compiles them on import.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../cli.ts");
process.exitCode = await main(process.argv.slice(2));
