import { buildAssetGraph, type Tier } from "lakeform";
import { parse } from "yaml";
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import catalog from "../../../assets/index.ts";
import { compile } from "../../../infra/plan/compile.ts";
import { environmentOf, lakeformValues } from "../../../infra/plan/environment.ts";
import type { PlatformPlan } from "../../../infra/plan/platform-plan.ts";
import { ACCOUNT_ID, DEPLOYER_ROLE, ofType, only, runProgram, stackConfig, valueOf, type CreatedResource } from "./mock-program.ts";

// The example platform on the prod stack (Pulumi.prod.yaml), through the Pulumi program under mocks.
let resources: CreatedResource[];
let program: Awaited<ReturnType<typeof runProgram>>["program"];
let plan: PlatformPlan;

const physical = (logical: string) => `${logical}-${ACCOUNT_ID}`;
/** A resource's Pulumi name from the id the mocks gave it (`storage-raw-id`). */
const nameOfId = (id: string) => id.replace(/-id$/, "");

beforeAll(async () => {
  ({ resources, program } = await runProgram("prod", stackConfig("prod")));
  const yaml = parse(readFileSync(new URL("../../../Pulumi.prod.yaml", import.meta.url), "utf8")) as { config: Record<string, unknown> };
  plan = compile(buildAssetGraph(catalog), environmentOf("prod", lakeformValues(yaml.config)));
}, 60_000);

describe("the stack's AWS provider", () => {
  it("deploys every AWS resource through one provider for the stack's region that tags the environment", () => {
    const provider = only(ofType(resources, "pulumi:providers:aws"));
    expect(provider.inputs.region).toBe("eu-west-1");
    expect(JSON.parse(provider.inputs.defaultTags).tags).toEqual({ "lakeform:environment": "prod", "lakeform:prefix": "lf-prod" });
    const aws = resources.filter((r) => r.type.startsWith("aws:"));
    expect(aws.length).toBeGreaterThan(100);
    expect(aws.filter((r) => !(r.provider ?? "").includes("pulumi:providers:aws::aws::")).map((r) => r.name)).toEqual([]);
  });
});

describe("storage of the example platform", () => {
  const bucketsByResource = () => new Map(ofType(resources, "aws:s3/bucket:Bucket").map((b) => [b.name, b.inputs.bucket as string]));
  const perBucket = (type: string) => new Map(ofType(resources, type).map((r) => [bucketsByResource().get(nameOfId(r.inputs.bucket)), r.inputs]));

  it("has one bucket per planned bucket, named with the account id", () => {
    expect([...bucketsByResource().values()].sort()).toEqual(plan.buckets.map((b) => physical(b.name)).sort());
  });

  it("encrypts every data bucket with the KMS key and a bucket key (the access-log bucket with SSE-S3)", () => {
    const key = ofType(resources, "aws:kms/key:Key");
    expect(key).toHaveLength(1);
    expect(key[0]?.inputs.enableKeyRotation).toBe(true);
    const encryption = perBucket("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration");
    expect(encryption.size).toBe(plan.buckets.length);
    for (const bucket of plan.buckets) {
      const rule = encryption.get(physical(bucket.name))?.rules?.[0];
      if (bucket.role === "logs") expect(rule.applyServerSideEncryptionByDefault).toEqual({ sseAlgorithm: "AES256" });
      else {
        expect(rule.applyServerSideEncryptionByDefault).toEqual({ sseAlgorithm: "aws:kms", kmsMasterKeyId: `arn:aws:kms:eu-west-1:${ACCOUNT_ID}:key/storage-key` });
        expect(rule.bucketKeyEnabled).toBe(true);
      }
    }
  });

  it("blocks public access, enforces bucket ownership and versions every bucket", () => {
    const blocks = perBucket("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock");
    const ownership = perBucket("aws:s3/bucketOwnershipControls:BucketOwnershipControls");
    const versioning = perBucket("aws:s3/bucketVersioning:BucketVersioning");
    for (const bucket of plan.buckets.map((b) => physical(b.name))) {
      expect(blocks.get(bucket)).toMatchObject({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
      expect(ownership.get(bucket)?.rule).toEqual({ objectOwnership: "BucketOwnerEnforced" });
      expect(versioning.get(bucket)?.versioningConfiguration).toEqual({ status: "Enabled" });
    }
  });

  it("denies every request without TLS on every bucket and its objects", () => {
    const policies = perBucket("aws:s3/bucketPolicy:BucketPolicy");
    for (const bucket of plan.buckets.map((b) => physical(b.name))) {
      const document = JSON.parse(policies.get(bucket)?.policy);
      const deny = document.Statement.find((s: any) => s.Effect === "Deny");
      expect(deny).toMatchObject({ Principal: { AWS: "*" }, Action: ["s3:*"], Condition: { Bool: { "aws:SecureTransport": "false" } } });
      expect(deny.Resource).toEqual([`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`]);
    }
  });

  it("logs access of every bucket but the logs bucket to the logs bucket", () => {
    const logging = perBucket("aws:s3/bucketLogging:BucketLogging");
    const logs = physical(plan.buckets.find((b) => b.role === "logs")?.name ?? "");
    expect([...logging.keys()].sort()).toEqual(plan.buckets.filter((b) => b.role !== "logs").map((b) => physical(b.name)).sort());
    for (const inputs of logging.values()) expect(inputs.targetBucket).toBe(logs);
  });

  it("expires each asset's prefix after its retention, and moves raw data to colder classes", () => {
    const lifecycles = perBucket("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration");
    const raw = lifecycles.get(physical("lf-prod-raw"))?.rules as any[];
    expect(raw.find((r) => r.filter?.prefix === "raw/customers/")?.expiration).toEqual({ days: 7 });
    expect(raw.find((r) => r.id === "bucket")?.transitions).toEqual([{ days: 30, storageClass: "STANDARD_IA" }, { days: 90, storageClass: "GLACIER_IR" }]);
    const retained = plan.tables.filter((t) => t.retentionDays !== undefined);
    expect(retained.length).toBeGreaterThan(0);
    for (const table of retained) {
      const rules = lifecycles.get(physical(table.location.bucket))?.rules as any[];
      expect(rules.filter((r) => r.filter?.prefix === table.location.prefix).map((r) => r.expiration)).toEqual([{ days: table.retentionDays }]);
    }
    for (const inputs of lifecycles.values()) {
      const whole = (inputs.rules as any[]).find((r) => r.id === "bucket");
      expect(whole.noncurrentVersionExpiration.noncurrentDays).toBeGreaterThan(0);
      expect(whole.abortIncompleteMultipartUpload.daysAfterInitiation).toBeGreaterThan(0);
    }
  });
});

describe("the Glue catalog of the example platform", () => {
  const tables = () => ofType(resources, "aws:glue/catalogTable:CatalogTable");

  it("has a database per tier and one table per asset, sources included", () => {
    expect(ofType(resources, "aws:glue/catalogDatabase:CatalogDatabase").map((d) => d.inputs.name).sort()).toEqual(["lf_prod_clean", "lf_prod_curated", "lf_prod_raw"]);
    expect(tables().map((t) => t.inputs.parameters["lakeform.asset"]).sort()).toEqual(buildAssetGraph(catalog).keys.slice().sort());
  });

  it("gives each table every column with its Glue type, its partition key, Parquet and its location", () => {
    for (const table of plan.tables) {
      const glue = only(tables().filter((t) => t.inputs.parameters["lakeform.asset"] === table.asset)).inputs;
      expect(glue.databaseName).toBe(table.database);
      expect(glue.tableType).toBe("EXTERNAL_TABLE");
      expect(glue.storageDescriptor.columns.map((c: any) => [c.name, c.type])).toEqual(table.columns.map((c) => [c.name, c.types.glue]));
      expect(glue.partitionKeys ?? []).toEqual(table.partitioning === undefined ? [] : [expect.objectContaining({ name: table.partitioning.column, type: "string" })]);
      expect(glue.storageDescriptor.serDeInfo.serializationLibrary).toBe("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe");
      expect(glue.storageDescriptor.location).toBe(`s3://${physical(table.location.bucket)}/${table.location.prefix}`);
      expect(glue.parameters.classification).toBe("parquet");
    }
    const orders = only(tables().filter((t) => t.inputs.parameters["lakeform.asset"] === "clean/orders")).inputs;
    expect(orders.storageDescriptor.columns.find((c: any) => c.name === "total_amount")).toEqual({ name: "total_amount", type: "decimal(12,2)", comment: "What the customer paid, in EUR" });
  });
});

describe("Lake Formation governance of the example platform", () => {
  it("makes the deploying role the administrator, with no IAMAllowedPrincipals defaults, and registers the tier buckets", () => {
    const settings = ofType(resources, "aws:lakeformation/dataLakeSettings:DataLakeSettings");
    expect(settings.map((s) => s.inputs.admins)).toEqual([[DEPLOYER_ROLE]]);
    expect(settings[0]?.inputs.createDatabaseDefaultPermissions ?? []).toEqual([]);
    expect(settings[0]?.inputs.createTableDefaultPermissions ?? []).toEqual([]);
    expect(ofType(resources, "aws:lakeformation/resource:Resource").map((r) => r.inputs.arn).sort()).toEqual(["clean", "curated", "raw"].map((tier) => `arn:aws:s3:::${physical(`lf-prod-${tier}`)}`));
    expect(ofType(resources, "aws:lakeformation/lfTag:LfTag").map((t) => t.inputs.key).sort()).toEqual(["domain", "pii", "tier"]);
  });

  it("tags every table with its tier, domain and pii, and every PII column pii=true", () => {
    const tags = ofType(resources, "aws:lakeformation/resourceLfTags:ResourceLfTags");
    for (const table of plan.tables) {
      const own = tags.find((t) => t.inputs.table?.databaseName === table.database && t.inputs.table?.name === table.name);
      expect(own?.inputs.lfTags.map((t: any) => t.key).sort()).toEqual(["domain", "pii", "tier"]);
      const piiColumns = table.columns.filter((c) => c.pii !== undefined).map((c) => c.name);
      const tagged = tags
        .filter((t) => t.inputs.tableWithColumns?.databaseName === table.database && t.inputs.tableWithColumns?.name === table.name && t.inputs.lfTags.some((l: any) => l.key === "pii" && l.value === "true"))
        .flatMap((t) => t.inputs.tableWithColumns.columnNames);
      expect(tagged.sort()).toEqual(piiColumns.sort());
    }
    expect(plan.tables.flatMap((t) => t.columns.filter((c) => c.pii !== undefined)).length).toBeGreaterThan(0);
  });

  it("grants analysts no PII column, and the privacy office the PII columns of its tables", () => {
    const permissions = ofType(resources, "aws:lakeformation/permissions:Permissions").filter((p) => p.inputs.tableWithColumns !== undefined);
    const piiOf = (database: string, name: string) => plan.tables.find((t) => t.database === database && t.name === name)?.columns.filter((c) => c.pii !== undefined).map((c) => c.name) ?? [];
    const analysts = permissions.filter((p) => p.inputs.principal === "arn:aws:iam::123456789012:role/analysts");
    expect(analysts.length).toBe(plan.tables.filter((t) => t.tier === "curated").length);
    for (const grant of analysts) {
      expect(grant.inputs.permissions).toEqual(["SELECT"]);
      const { databaseName, name, columnNames } = grant.inputs.tableWithColumns;
      expect(columnNames.filter((c: string) => piiOf(databaseName, name).includes(c))).toEqual([]);
    }
    const privacy = permissions.filter((p) => p.inputs.principal === "arn:aws:iam::123456789012:role/privacy-office");
    const customers = privacy.find((p) => p.inputs.tableWithColumns.databaseName === "lf_prod_raw" && p.inputs.tableWithColumns.name === "customers");
    expect(customers?.inputs.tableWithColumns.columnNames).toEqual(expect.arrayContaining(piiOf("lf_prod_raw", "customers")));
  });
});

describe("compute IAM of the example platform", () => {
  const documents = () => ofType(resources, "aws:iam/rolePolicy:RolePolicy").map((p) => ({ name: p.name, document: JSON.parse(p.inputs.policy) }));
  const allows = () => documents().flatMap(({ name, document }) => document.Statement.filter((s: any) => s.Effect === "Allow").map((s: any) => ({ name, ...s })));
  const buckets = () => plan.buckets.map((b) => physical(b.name));

  it("allows no wildcard action", () => {
    expect(allows().length).toBeGreaterThan(10);
    for (const statement of allows()) for (const action of statement.Action) expect(action, `${statement.name} ${statement.Sid}`).not.toMatch(/\*/);
  });

  it("scopes every S3 resource to a bucket of the platform, and the compute roles' objects to a prefix", () => {
    for (const statement of allows()) {
      for (const resource of statement.Resource as string[]) {
        if (resource === "*") {
          expect(statement.Action).toEqual(["ecr:GetAuthorizationToken"]);
          continue;
        }
        const s3 = /^arn:aws:s3:::([^/]+)(?:\/(.*))?$/.exec(resource);
        if (s3 === null) continue;
        expect(buckets()).toContain(s3[1]);
        if (s3[2] !== undefined && statement.name !== "governance-locations-policy") expect(s3[2], `${statement.name} ${statement.Sid}`).toMatch(/^[a-z_]+\/([a-z_]+\/)?\*$/);
      }
    }
  });

  it("lets the runtime write exactly the assets' prefixes and its run artifacts", () => {
    const task = documents().find((d) => d.name === "compute-task")?.document;
    const written = task.Statement.find((s: any) => s.Sid === "DataWrite").Resource;
    expect(written.sort()).toEqual([...plan.compute.map((c) => `arn:aws:s3:::${physical(c.writes.bucket)}/${c.writes.prefix}*`), `arn:aws:s3:::${physical("lf-prod-artifacts")}/runs/*`].sort());
  });

  it("conditions every EMR action on this environment's tag and passes only the EMR roles", () => {
    const emr = allows().filter((s) => s.Action.some((a: string) => a.startsWith("elasticmapreduce:")));
    expect(emr.length).toBeGreaterThan(0);
    for (const statement of emr) {
      const tags = statement.Condition?.StringEquals ?? {};
      expect([tags["aws:ResourceTag/lakeform:environment"], tags["aws:RequestTag/lakeform:environment"]]).toContain("prod");
    }
    const pass = allows().filter((s) => s.Action.includes("iam:PassRole"));
    for (const statement of pass) {
      expect(statement.Resource.every((r: string) => /^arn:aws:iam::123456789012:role\/lf-prod-/.test(r))).toBe(true);
      expect(statement.Condition.StringEquals["iam:PassedToService"]).toBeDefined();
    }
  });

  it("encrypts EMR data at rest in S3 and on local disks with the platform's key", () => {
    const configuration = JSON.parse(ofType(resources, "aws:emr/securityConfiguration:SecurityConfiguration")[0]?.inputs.configuration);
    expect(configuration.EncryptionConfiguration.AtRestEncryptionConfiguration.S3EncryptionConfiguration).toEqual({ EncryptionMode: "SSE-KMS", AwsKmsKey: `arn:aws:kms:eu-west-1:${ACCOUNT_ID}:key/storage-key` });
    expect(configuration.EncryptionConfiguration.AtRestEncryptionConfiguration.LocalDiskEncryptionConfiguration.EnableEbsEncryption).toBe(true);
  });
});

describe("the runtime in the account", () => {
  it("runs `lakeform tick` on Fargate every 15 minutes, in private subnets without a public IP", () => {
    const schedule = only(ofType(resources, "aws:scheduler/schedule:Schedule")).inputs;
    expect(schedule.scheduleExpression).toBe("rate(15 minutes)");
    expect(schedule.target.ecsParameters).toMatchObject({ launchType: "FARGATE", taskCount: 1, networkConfiguration: { assignPublicIp: false } });
    expect(schedule.target.ecsParameters.networkConfiguration.subnets).toHaveLength(2);
    const [container] = JSON.parse(ofType(resources, "aws:ecs/taskDefinition:TaskDefinition")[0]?.inputs.containerDefinitions);
    expect(container.image).toBe(plan.scheduler.image);
    expect(container.command).toEqual(["tick"]);
    const env = Object.fromEntries(container.environment.map((v: { name: string; value: string }) => [v.name, v.value]));
    expect(env).toMatchObject({ LAKEFORM_ENV: "prod", LAKEFORM_S3_BUCKET: "lf-prod-{tier}-123456789012", LAKEFORM_DEFAULT_ENGINE: "emr", LAKEFORM_GLUE_PREFIX: "lf-prod", LAKEFORM_ARTIFACTS_BUCKET: "lf-prod-artifacts-123456789012" });
    expect(JSON.parse(env.LAKEFORM_EMR ?? "{}")).toMatchObject({ instanceTypes: ["m7g.xlarge", "m6g.xlarge", "r7g.xlarge"], spot: true, logUri: "s3://lf-prod-logs-123456789012/emr/", subnetIds: [expect.any(String), expect.any(String)] });
    expect(container.secrets.map((s: any) => s.name)).toEqual(["LAKEFORM_STATE_URL", "PGPASSWORD", "LAKEFORM_PII_KEY", "LAKEFORM_ALERT_WEBHOOK"]);
    expect(container.logConfiguration.options["awslogs-group"]).toBe("/lakeform/lf-prod/tick");
  });

  it("creates the secrets, keeps logs 90 days, and has no NAT gateway", () => {
    expect(ofType(resources, "aws:secretsmanager/secret:Secret").map((s) => s.inputs.name).sort()).toEqual(["lf-prod/alert-webhook", "lf-prod/pii-key", "lf-prod/state-url"]);
    expect(ofType(resources, "aws:cloudwatch/logGroup:LogGroup")[0]?.inputs.retentionInDays).toBe(90);
    expect(ofType(resources, "aws:ec2/natGateway:NatGateway")).toEqual([]);
    expect(ofType(resources, "aws:ec2/vpcEndpoint:VpcEndpoint").map((e) => e.inputs.serviceName)).toContain("com.amazonaws.eu-west-1.s3");
  });

  it("keeps state in a private, encrypted, protected PostgreSQL with an RDS-managed password", () => {
    const database = only(ofType(resources, "aws:rds/instance:Instance")).inputs;
    expect(database).toMatchObject({ engine: "postgres", instanceClass: "db.t4g.micro", storageEncrypted: true, publiclyAccessible: false, deletionProtection: true, manageMasterUserPassword: true });
    expect(database.password).toBeUndefined();
  });

  it("exports what the runtime needs", async () => {
    expect(program.buckets.raw).toBe(physical("lf-prod-raw"));
    expect(program.databases).toEqual({ raw: "lf_prod_raw", clean: "lf_prod_clean", curated: "lf_prod_curated" });
    expect(await valueOf(program.logGroup!)).toBe("/lakeform/lf-prod/tick");
    expect(await valueOf(program.stateSecretArn!)).toContain("state-url");
    expect(await valueOf(program.roles!.runtimeTask)).toBe("arn:aws:iam::123456789012:role/lf-prod-runtime-task");
    expect(program.assets).toEqual(plan.tables.map((t) => t.asset));
    expect(Object.keys(program.tiers) as Tier[]).toEqual(["raw", "clean", "curated"]);
  });
});
