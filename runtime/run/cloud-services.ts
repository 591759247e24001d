import { EMRClient } from "@aws-sdk/client-emr";
import { GlueClient } from "@aws-sdk/client-glue";
import { S3Client } from "@aws-sdk/client-s3";
import type { CatalogPublisher } from "../catalog/catalog-publisher.ts";
import { GlueCatalog } from "../catalog/glue/glue-catalog.ts";
import type { RuntimeConfig } from "../config/runtime-config.ts";
import type { EngineName } from "../core/declare/asset.ts";
import type { AssetGraph } from "../core/graph/asset-graph.ts";
import type { Engine } from "../engines/engine.ts";
import { bigqueryClient } from "../engines/bigquery/bigquery-client.ts";
import { BigQueryEngine } from "../engines/bigquery/bigquery-engine.ts";
import { S3ArtifactStore } from "../engines/emr/artifact-store.ts";
import { EmrEngine } from "../engines/emr/emr-engine.ts";

/** The engines and catalog of a cloud environment, from the runtime's configuration (none locally). */
export interface CloudServices {
  readonly engines: Readonly<Partial<Record<EngineName, Engine>>>;
  readonly catalog: CatalogPublisher | undefined;
  /** The engine whose warehouse holds every asset's published data (BigQuery), if any: see `RunServices.warehouse`. */
  readonly warehouse: Engine | undefined;
  close(): Promise<void>;
}

/**
 * Wires what `config` says the environment has: EMR (`LAKEFORM_EMR`, its steps and manifests in
 * `LAKEFORM_ARTIFACTS_BUCKET`) and the Glue catalog (`LAKEFORM_GLUE_PREFIX`) on AWS; BigQuery
 * (`LAKEFORM_BIGQUERY`) on GCP, also the warehouse every version is published into. AWS clients
 * take their region and credentials from the SDK's usual sources (the task's role in the
 * account); BigQuery's client from Application Default Credentials (the Cloud Run job's service
 * account), or a placeholder token for an emulator's `apiEndpoint`.
 */
export function cloudServices(config: RuntimeConfig, graph: AssetGraph): CloudServices {
  const clients: { destroy(): void }[] = [];
  const engines: Partial<Record<EngineName, Engine>> = {};
  const emr = config.emr.settings;
  if (emr !== undefined && config.emr.artifactsBucket !== undefined) {
    const emrClient = new EMRClient({});
    const s3 = new S3Client({ requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" });
    clients.push(emrClient, s3);
    engines.emr = new EmrEngine({ emr: emrClient, artifacts: new S3ArtifactStore({ client: s3, bucket: config.emr.artifactsBucket }), settings: { ...emr, environment: config.environment } });
  }
  const bigquery = config.bigquery;
  if (bigquery !== undefined) {
    const { project, location, prefix, apiEndpoint, defaultMaxBytesBilled } = bigquery;
    const client = bigqueryClient({ project, location, ...(apiEndpoint === undefined ? {} : { apiEndpoint, accessToken: "emulator" }) });
    engines.bigquery = new BigQueryEngine({ client, settings: { project, location, prefix, environment: config.environment, ...(defaultMaxBytesBilled === undefined ? {} : { defaultMaxBytesBilled }) } });
  }
  let catalog: CatalogPublisher | undefined;
  if (config.gluePrefix !== undefined) {
    const glue = new GlueClient({});
    clients.push(glue);
    catalog = new GlueCatalog({ client: glue, graph, prefix: config.gluePrefix });
  }
  return {
    engines,
    catalog,
    warehouse: engines.bigquery,
    async close() {
      for (const engine of Object.values(engines)) await engine?.close();
      for (const client of clients) client.destroy();
    },
  };
}
