import { engineContract } from "../engine-contract.ts";
import { openBigQueryOnFake } from "./open-bigquery-on-fake.ts";

// The same suite as DuckDB's and EMR's: BigQuery's REST API on loopback, each job's SQL run for real (on DuckDB).
engineContract("BigQuery (query jobs on a fake BigQuery)", () => openBigQueryOnFake());
