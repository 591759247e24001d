import { engineContract } from "../engine-contract.ts";
import { openEmrOnFakeCluster } from "./open-emr-on-fake-cluster.ts";

// The same suite as DuckDB's: EMR's API mocked at the client, each step's Spark SQL run for real (on DuckDB).
engineContract("EMR (Spark steps on a fake cluster)", openEmrOnFakeCluster);
