import { buildAssetGraph } from "lakeform";
import { columnComment } from "../../../infra/plan/column-comment.ts";
import { beforeAll, describe, expect, it } from "vitest";
import catalog from "../../../assets/index.ts";
import { compile } from "../../../infra/plan/compile.ts";
import { environmentOf, lakeformValues } from "../../../infra/plan/environment.ts";
import type { PlatformPlan } from "../../../infra/plan/platform-plan.ts";
import { BIGQUERY_AGENT, ofType, only, runGcpProgram, stackConfig, STORAGE_AGENT, valueOf, type CreatedResource } from "./mock-program.ts";

// The example platform on a protected GCP stack (Pulumi.gcp-dev.yaml made production-like)
// through the Pulumi program under mocks.
const PROJECT = "acme-data-prod";
const KEY = `projects/${PROJECT}/locations/europe-west1/keyRings/lf-gprod-data/cryptoKeys/data`;
const RUNTIME = `serviceAccount:lf-gprod-runtime@${PROJECT}.iam.gserviceaccount.com`;
const SCHEDULER = `serviceAccount:lf-gprod-scheduler@${PROJECT}.iam.gserviceaccount.com`;
const OVERRIDES = {
  "lakeform:gcpProject": PROJECT,
  "lakeform:prefix": "lf-gprod",
  "lakeform:protectData": true,
  "lakeform:schedulerInterval": "15m",
  "lakeform:alertWebhookSecret": "lf-gprod/alert-webhook",
  "lakeform:consumers": {
    analysts: { principal: "group:analysts@acme.example", tiers: ["clean", "curated"], pii: false },
    "privacy-office": { principal: "group:privacy@acme.example", tiers: ["raw", "clean", "curated"], pii: true },
  },
};

let resources: CreatedResource[];
let program: Awaited<ReturnType<typeof runGcpProgram>>["program"];
let plan: PlatformPlan;

const physical = (logical: string) => `${logical}-${PROJECT}`;
const tableOf = (asset: string) => only(resources.filter((r) => r.type === "gcp:bigquery/table:Table" && r.name === `warehouse-${asset.replaceAll("/", "-")}`));
const fieldsOf = (asset: string): any[] => JSON.parse(tableOf(asset).inputs.schema);
/** Every IAM binding the program made, whatever its scope. */
const iamBindings = () => resources.filter((r) => /IamMember|IAMMember/.test(r.type));

beforeAll(async () => {
  const config = stackConfig("gcp-dev", OVERRIDES);
  ({ resources, program } = await runGcpProgram("gcp-prod", config));
  plan = compile(buildAssetGraph(catalog), environmentOf("gcp-prod", lakeformValues(config)));
}, 60_000);

describe("the stack's GCP provider", () => {
  it("deploys every GCP resource through one provider for the stack's project and region that labels the environment", () => {
    const provider = only(ofType(resources, "pulumi:providers:gcp"));
    expect(provider.inputs).toMatchObject({ project: PROJECT, region: "europe-west1" });
    expect(JSON.parse(provider.inputs.defaultLabels)).toEqual({ "lakeform-environment": "gcp-prod", "lakeform-prefix": "lf-gprod" });
    const gcp = resources.filter((r) => r.type.startsWith("gcp:"));
    expect(gcp.length).toBeGreaterThan(80);
    expect(gcp.filter((r) => !(r.provider ?? "").includes("pulumi:providers:gcp::gcp::")).map((r) => r.name)).toEqual([]);
  });

  it("groups the resources in lakeform:gcp components", () => {
    expect(resources.filter((r) => r.type.startsWith("lakeform:gcp:")).map((r) => r.type).sort()).toEqual(["lakeform:gcp:Access", "lakeform:gcp:Governance", "lakeform:gcp:Runtime", "lakeform:gcp:ServiceAccounts", "lakeform:gcp:Storage", "lakeform:gcp:Warehouse"]);
  });
});

describe("buckets of the example platform on GCS", () => {
  const buckets = () => new Map(ofType(resources, "gcp:storage/bucket:Bucket").map((b) => [b.inputs.name as string, b.inputs]));

  it("has one bucket per planned bucket, named with the project, in the region", () => {
    expect([...buckets().keys()].sort()).toEqual(plan.buckets.map((b) => physical(b.name)).sort());
    for (const bucket of buckets().values()) expect(bucket.location).toBe("EUROPE-WEST1");
  });

  it("gives every bucket uniform access, enforced public access prevention, versioning and the platform's key", () => {
    for (const bucket of buckets().values()) {
      expect(bucket).toMatchObject({ uniformBucketLevelAccess: true, publicAccessPrevention: "enforced", versioning: { enabled: true }, encryption: { defaultKmsKeyName: KEY } });
    }
  });

  it("keeps protected data: no bucket of data is force-destroyed", () => {
    for (const planned of plan.buckets) expect(buckets().get(physical(planned.name))?.forceDestroy).toBe(!planned.protected);
    expect(buckets().get(physical("lf-gprod-raw"))?.forceDestroy).toBe(false);
  });

  it("moves raw objects to NEARLINE at 30 days and COLDLINE at 90, and deletes each asset's files after its retention", () => {
    const rules: any[] = buckets().get(physical("lf-gprod-raw"))?.lifecycleRules;
    const transitions = rules.filter((r) => r.action.type === "SetStorageClass").map((r) => [r.action.storageClass, r.condition.age]);
    expect(transitions).toEqual([["NEARLINE", 30], ["COLDLINE", 90]]);
    const deletions = rules.filter((r) => r.action.type === "Delete" && r.condition.matchesPrefixes !== undefined).map((r) => [r.condition.matchesPrefixes[0], r.condition.age]);
    const retention = plan.tables.filter((t) => t.tier === "raw" && t.retentionDays !== undefined).map((t) => [t.location.prefix, t.retentionDays]);
    expect(deletions.sort()).toEqual(retention.sort());
    expect(deletions).toContainEqual(["raw/customers/", 7]);
    expect(rules).toContainEqual({ action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: 7, withState: "ARCHIVED" } });
    expect(rules).toContainEqual({ action: { type: "AbortIncompleteMultipartUpload" }, condition: { age: 7 } });
  });

  it("deletes landed files after the landing bucket's days, and a source's landing folder after its retention", () => {
    const rules: any[] = buckets().get(physical("lf-gprod-landing"))?.lifecycleRules;
    expect(rules).toContainEqual({ action: { type: "Delete" }, condition: { age: 14, withState: "LIVE" } });
    expect(rules).toContainEqual({ action: { type: "Delete" }, condition: { age: 7, matchesPrefixes: ["customers/"], withState: "LIVE" } });
    expect(rules.some((r) => r.action.type === "SetStorageClass")).toBe(false);
  });
});

describe("the platform's key", () => {
  it("is one Cloud KMS key, rotated every 90 days, that only the Cloud Storage and BigQuery service agents may use", () => {
    const key = only(ofType(resources, "gcp:kms/cryptoKey:CryptoKey"));
    expect(key.inputs).toMatchObject({ name: "data", purpose: "ENCRYPT_DECRYPT", rotationPeriod: "7776000s" });
    expect(only(ofType(resources, "gcp:kms/keyRing:KeyRing")).inputs).toMatchObject({ name: "lf-gprod-data", location: "europe-west1" });
    const grants = ofType(resources, "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember").map((g) => [g.inputs.cryptoKeyId, g.inputs.role, g.inputs.member]);
    expect(grants.sort()).toEqual([
      [KEY, "roles/cloudkms.cryptoKeyEncrypterDecrypter", `serviceAccount:${BIGQUERY_AGENT}`],
      [KEY, "roles/cloudkms.cryptoKeyEncrypterDecrypter", `serviceAccount:${STORAGE_AGENT}`],
    ]);
  });
});

describe("BigQuery datasets and tables of the example platform", () => {
  it("has a dataset per tier, encrypted with the platform's key, kept with its tables on destroy", () => {
    const datasets = ofType(resources, "gcp:bigquery/dataset:Dataset").map((d) => d.inputs);
    expect(datasets.map((d) => d.datasetId).sort()).toEqual(plan.databases.map((d) => d.name).sort());
    for (const dataset of datasets) expect(dataset).toMatchObject({ location: "europe-west1", defaultEncryptionConfiguration: { kmsKeyName: KEY }, deleteContentsOnDestroy: false });
  });

  it("has one table per asset, sources included, in its tier's dataset, with deletion protection", () => {
    const tables = ofType(resources, "gcp:bigquery/table:Table");
    expect(tables).toHaveLength(plan.tables.length);
    expect(tables.map((t) => `${t.inputs.datasetId}.${t.inputs.tableId}`).sort()).toEqual(plan.tables.map((t) => `${t.database}.${t.name}`).sort());
    for (const table of tables) expect(table.inputs).toMatchObject({ deletionProtection: true, encryptionConfiguration: { kmsKeyName: KEY } });
  });

  it("writes every column of the plan in the schema, with its type, mode and description", () => {
    for (const table of plan.tables) {
      const fields = new Map(fieldsOf(table.asset).map((f) => [f.name, f]));
      for (const column of table.columns) {
        const field = fields.get(column.name);
        expect(field?.mode, `${table.asset}.${column.name}`).toBe(column.nullable ? "NULLABLE" : "REQUIRED");
        // The description, and for personal data its kind and treatment, as the Glue comments say it.
        expect(field?.description).toBe(columnComment(column, 1024));
        if (column.pii !== undefined) expect(field?.description).toContain(`[PII ${column.pii.kind}, `);
      }
      expect([...fields.keys()].filter((name) => name !== table.partitioning?.column)).toEqual(table.columns.map((c) => c.name));
      expect(fields.has("birth_date")).toBe(false);
    }
    const orders = new Map(fieldsOf("clean/orders").map((f) => [f.name, f]));
    expect(orders.get("total_amount")).toMatchObject({ type: "NUMERIC", precision: "12", scale: "2", mode: "REQUIRED" });
    expect(orders.get("ordered_at")).toMatchObject({ type: "TIMESTAMP" });
    expect(orders.get("is_paid")).toMatchObject({ type: "BOOLEAN" });
    expect(new Map(fieldsOf("raw/order_items").map((f) => [f.name, f])).get("line_number")).toMatchObject({ type: "INTEGER" });
    expect(new Map(fieldsOf("raw/products").map((f) => [f.name, f])).get("attributes")).toMatchObject({ type: "JSON" });
  });

  it("tags every PII column with its kind's policy tag, and no other column", () => {
    let tagged = 0;
    for (const table of plan.tables) {
      const fields = new Map(fieldsOf(table.asset).map((f) => [f.name, f]));
      for (const field of fields.values()) {
        const column = table.columns.find((c) => c.name === field.name);
        if (column?.pii === undefined) expect(field.policyTags, `${table.asset}.${field.name}`).toBeUndefined();
        else {
          expect(field.policyTags?.names).toEqual([`projects/${PROJECT}/locations/europe-west1/taxonomies/governance-pii/policyTags/${column.pii.kind}`]);
          tagged++;
        }
      }
    }
    expect(tagged).toBe(plan.tables.flatMap((t) => t.columns.filter((c) => c.pii !== undefined)).length);
    expect(tagged).toBeGreaterThanOrEqual(5);
  });

  it("partitions time-partitioned tables by day on a dt DATE column, requires a partition filter, and expires partitions after the asset's retention", () => {
    for (const table of plan.tables) {
      const inputs = tableOf(table.asset).inputs;
      if (table.partitioning?.kind !== "time") {
        expect(inputs.timePartitioning).toBeUndefined();
        expect(inputs.requirePartitionFilter).toBeUndefined();
        continue;
      }
      expect(inputs.timePartitioning).toEqual({ type: "DAY", field: "dt", ...(table.retentionDays === undefined ? {} : { expirationMs: table.retentionDays * 86_400_000 }) });
      expect(inputs.requirePartitionFilter).toBe(true);
      expect(fieldsOf(table.asset).find((f) => f.name === "dt")).toMatchObject({ type: "DATE", mode: "REQUIRED" });
    }
    expect(tableOf("raw/orders").inputs.timePartitioning.expirationMs).toBe(90 * 86_400_000);
  });
});

describe("column governance", () => {
  it("has one taxonomy with fine-grained access control and a policy tag per PII kind the tables hold", () => {
    expect(only(ofType(resources, "gcp:datacatalog/taxonomy:Taxonomy")).inputs).toMatchObject({ region: "europe-west1", activatedPolicyTypes: ["FINE_GRAINED_ACCESS_CONTROL"] });
    const kinds = [...new Set(plan.tables.flatMap((t) => t.columns.flatMap((c) => (c.pii === undefined ? [] : [c.pii.kind]))))].sort();
    expect(ofType(resources, "gcp:datacatalog/policyTag:PolicyTag").map((t) => t.inputs.displayName).sort()).toEqual(kinds);
  });

  it("masks hashed strings with SHA-256 (still joinable) and masked values with the default masking value", () => {
    const rules = Object.fromEntries(ofType(resources, "gcp:bigquerydatapolicy/dataPolicy:DataPolicy").map((p) => [p.inputs.dataPolicyId, p.inputs]));
    expect(rules.lf_gprod_email_masked).toMatchObject({ location: "europe-west1", dataPolicyType: "DATA_MASKING_POLICY", dataMaskingPolicy: { predefinedExpression: "SHA256" }, policyTag: expect.stringMatching(/policyTags\/email$/) });
    expect(rules.lf_gprod_phone_masked?.dataMaskingPolicy).toEqual({ predefinedExpression: "DEFAULT_MASKING_VALUE" });
  });

  it("lets a consumer with PII read clear values of the tags in its tiers, and one without read masked values only", () => {
    const fine = iamBindings().filter((b) => b.inputs.role === "roles/datacatalog.categoryFineGrainedReader");
    const masked = iamBindings().filter((b) => b.inputs.role === "roles/bigquerydatapolicy.maskedReader");
    expect(fine.filter((b) => b.inputs.member === "group:privacy@acme.example").map((b) => b.inputs.policyTag.split("/").pop()).sort()).toEqual(["email", "ip_address", "name", "phone"]);
    expect(fine.map((b) => b.inputs.member).filter((m) => m !== "group:privacy@acme.example" && m !== RUNTIME)).toEqual([]);
    // Analysts read clean and curated: the kinds there are email and phone (name and ip_address are raw only).
    expect(masked.map((b) => [b.inputs.member, b.inputs.dataPolicyId]).sort()).toEqual([["group:analysts@acme.example", "lf_gprod_email_masked"], ["group:analysts@acme.example", "lf_gprod_phone_masked"]]);
  });
});

describe("least privilege", () => {
  it("grants no primitive role and nothing on the project but BigQuery job user to the runtime", () => {
    expect(iamBindings().filter((b) => /^roles\/(owner|editor|viewer)$/.test(b.inputs.role))).toEqual([]);
    expect(ofType(resources, "gcp:projects/iAMMember:IAMMember").map((b) => [b.inputs.role, b.inputs.member])).toEqual([["roles/bigquery.jobUser", RUNTIME]]);
  });

  it("lets only the runtime edit data, on the environment's datasets only; consumers view the datasets of their tiers", () => {
    const onDatasets = ofType(resources, "gcp:bigquery/datasetIamMember:DatasetIamMember").map((b) => b.inputs);
    const editors = onDatasets.filter((b) => b.role === "roles/bigquery.dataEditor");
    expect(editors.map((b) => [b.member, b.datasetId]).sort()).toEqual(plan.databases.map((d) => [RUNTIME, d.name]).sort());
    expect(iamBindings().filter((b) => b.inputs.role === "roles/bigquery.dataEditor")).toHaveLength(editors.length);
    const viewers = onDatasets.filter((b) => b.role === "roles/bigquery.dataViewer").map((b) => `${b.member} ${b.datasetId}`).sort();
    expect(viewers).toEqual(["group:analysts@acme.example lf_gprod_clean", "group:analysts@acme.example lf_gprod_curated", "group:privacy@acme.example lf_gprod_clean", "group:privacy@acme.example lf_gprod_curated", "group:privacy@acme.example lf_gprod_raw"]);
  });

  it("lets the runtime manage objects of the platform's buckets only, and read only its own secrets", () => {
    const objects = ofType(resources, "gcp:storage/bucketIAMMember:BucketIAMMember").map((b) => b.inputs);
    expect(objects.every((b) => b.role === "roles/storage.objectAdmin" && b.member === RUNTIME)).toBe(true);
    expect(objects.map((b) => b.bucket).sort()).toEqual(plan.buckets.map((b) => physical(b.name)).sort());
    const secrets = ofType(resources, "gcp:secretmanager/secretIamMember:SecretIamMember").map((b) => [b.inputs.secretId, b.inputs.role, b.inputs.member]);
    expect(secrets.sort()).toEqual(["lf-gprod-alert-webhook", "lf-gprod-pii-key", "lf-gprod-state-url"].map((id) => [`projects/${PROJECT}/secrets/${id}`, "roles/secretmanager.secretAccessor", RUNTIME]));
  });

  it("lets the scheduler's account run the tick job and nothing else", () => {
    expect(iamBindings().filter((b) => b.inputs.member === SCHEDULER).map((b) => [b.type, b.inputs.role, b.inputs.name])).toEqual([["gcp:cloudrunv2/jobIamMember:JobIamMember", "roles/run.invoker", "lf-gprod-tick"]]);
  });
});

describe("the runtime in the project", () => {
  it("runs lakeform tick as a Cloud Run job of the plan's image, as the runtime's account, with its secrets from Secret Manager", () => {
    const job = only(ofType(resources, "gcp:cloudrunv2/job:Job")).inputs;
    expect(job).toMatchObject({ name: "lf-gprod-tick", location: "europe-west1" });
    const task = job.template.template;
    expect(task).toMatchObject({ serviceAccount: `lf-gprod-runtime@${PROJECT}.iam.gserviceaccount.com`, maxRetries: 0, timeout: "900s" });
    const container = task.containers[0];
    expect(container).toMatchObject({ image: "europe-west1-docker.pkg.dev/acme-data-dev/lakeform/lakeform:dev", args: ["tick"] });
    const envs = Object.fromEntries(container.envs.map((e: any) => [e.name, e.value ?? e.valueSource.secretKeyRef.secret]));
    expect(envs).toEqual({
      LAKEFORM_ENV: "gcp-prod",
      GOOGLE_CLOUD_PROJECT: PROJECT,
      LAKEFORM_GCS_BUCKET: `lf-gprod-{tier}-${PROJECT}`,
      LAKEFORM_LANDING_DIR: `gs://lf-gprod-landing-${PROJECT}/`,
      LAKEFORM_DEFAULT_ENGINE: "bigquery",
      LAKEFORM_BIGQUERY: JSON.stringify({ project: PROJECT, location: "europe-west1", prefix: "lf-gprod" }),
      LAKEFORM_STATE_URL: "lf-gprod-state-url",
      LAKEFORM_PII_KEY: "lf-gprod-pii-key",
      LAKEFORM_ALERT_WEBHOOK: "lf-gprod-alert-webhook",
    });
    expect(task.vpcAccess).toEqual({ networkInterfaces: [{ network: "lf-gprod-runtime", subnetwork: "lf-gprod-runtime" }], egress: "PRIVATE_RANGES_ONLY" });
  });

  it("starts it every 15 minutes from Cloud Scheduler with the scheduler account's OAuth token", () => {
    const schedule = only(ofType(resources, "gcp:cloudscheduler/job:Job")).inputs;
    expect(schedule).toMatchObject({ schedule: "*/15 * * * *", timeZone: "Etc/UTC", region: "europe-west1", retryConfig: { retryCount: 0 } });
    expect(schedule.httpTarget).toEqual({ httpMethod: "POST", uri: `https://run.googleapis.com/v2/projects/${PROJECT}/locations/europe-west1/jobs/lf-gprod-tick:run`, oauthToken: { serviceAccountEmail: `lf-gprod-scheduler@${PROJECT}.iam.gserviceaccount.com`, scope: "https://www.googleapis.com/auth/cloud-platform" } });
  });

  it("keeps state in Cloud SQL for PostgreSQL on a private IP only, the smallest tier, backed up, protected", () => {
    const instance = only(ofType(resources, "gcp:sql/databaseInstance:DatabaseInstance")).inputs;
    expect(instance).toMatchObject({ name: "lf-gprod-state", databaseVersion: "POSTGRES_16", deletionProtection: true });
    expect(instance.settings).toMatchObject({ tier: "db-f1-micro", edition: "ENTERPRISE", deletionProtectionEnabled: true, backupConfiguration: { enabled: true, pointInTimeRecoveryEnabled: true } });
    expect(instance.settings.ipConfiguration).toEqual({ ipv4Enabled: false, sslMode: "ENCRYPTED_ONLY", privateNetwork: "runtime-vpc-id" });
    expect(only(ofType(resources, "gcp:servicenetworking/connection:Connection")).inputs).toMatchObject({ network: "runtime-vpc-id", service: "servicenetworking.googleapis.com" });
    expect(only(ofType(resources, "gcp:compute/globalAddress:GlobalAddress")).inputs).toMatchObject({ purpose: "VPC_PEERING", addressType: "INTERNAL" });
  });

  it("creates the secrets empty, in the region: the operator adds their values", () => {
    const secrets = ofType(resources, "gcp:secretmanager/secret:Secret").map((s) => s.inputs);
    expect(secrets.map((s) => s.secretId).sort()).toEqual(["lf-gprod-alert-webhook", "lf-gprod-pii-key", "lf-gprod-state-url"]);
    for (const secret of secrets) expect(secret.replication).toEqual({ userManaged: { replicas: [{ location: "europe-west1" }] } });
    expect(ofType(resources, "gcp:secretmanager/secretVersion:SecretVersion")).toEqual([]);
  });

  it("exports what the runtime and the operator need", async () => {
    expect(program.buckets.curated).toBe(physical("lf-gprod-curated"));
    expect(program.databases).toEqual({ raw: "lf_gprod_raw", clean: "lf_gprod_clean", curated: "lf_gprod_curated" });
    expect(program.roles).toBeUndefined();
    const gcp = program.gcp!;
    expect(gcp).toMatchObject({ project: PROJECT, region: "europe-west1" });
    expect(await valueOf(gcp.state.instance)).toBe(`${PROJECT}:europe-west1:lf-gprod-state`);
    expect(await valueOf(gcp.serviceAccounts.runtime)).toBe(`lf-gprod-runtime@${PROJECT}.iam.gserviceaccount.com`);
    expect(await valueOf(gcp.tick.job)).toBe("lf-gprod-tick");
    expect(await valueOf(gcp.kmsKey)).toBe(KEY);
  });
});
