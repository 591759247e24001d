import type { runtime } from "@pulumi/pulumi";
import type { CollectedResource } from "./collected-resource.ts";

/** The account id the mocked AWS answers with: a placeholder, as no credentials are used. */
export const MOCK_ACCOUNT_ID = "123456789012";
const REGION = "eu-west-1";
const DEPLOYER_ROLE = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/deployer`;
const STORAGE_AGENT = "service-123456789@gs-project-accounts.iam.gserviceaccount.com";
const BIGQUERY_AGENT = "bq-123456789@bigquery-encryption.iam.gserviceaccount.com";

type Inputs = Record<string, any>;

/**
 * What the cloud would answer for a created resource: the physical id other resources receive
 * from `resource.id` (the bucket's name on S3, the full resource name on GCP), and the outputs
 * the program reads besides its inputs (ARNs, e-mails, addresses).
 */
function created(type: string, name: string, inputs: Inputs, gcpProject: string): runtime.MockResourceResult {
  const arn = `arn:aws:mock:${REGION}:${MOCK_ACCOUNT_ID}:${type.split(":").pop()}/${name}`;
  switch (type) {
    case "aws:s3/bucket:Bucket": return { id: inputs.bucket ?? name, state: { ...inputs, arn: `arn:aws:s3:::${inputs.bucket ?? name}` } };
    case "aws:kms/key:Key": return { id: `${name}-key-id`, state: { ...inputs, arn: `arn:aws:kms:${REGION}:${MOCK_ACCOUNT_ID}:key/${name}`, keyId: `${name}-key-id` } };
    case "aws:iam/role:Role": return { id: inputs.name ?? name, state: { ...inputs, arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${inputs.name ?? name}` } };
    case "aws:rds/instance:Instance": return { id: `${name}-id`, state: { ...inputs, arn, address: `${name}.mock.${REGION}.rds.amazonaws.com`, port: 5432, masterUserSecrets: [{ secretArn: `arn:aws:secretsmanager:${REGION}:${MOCK_ACCOUNT_ID}:secret:rds!db-${name}`, kmsKeyId: "mock", secretStatus: "active" }] } };
    case "gcp:kms/keyRing:KeyRing": return { id: `projects/${gcpProject}/locations/${inputs.location}/keyRings/${inputs.name}`, state: inputs };
    case "gcp:kms/cryptoKey:CryptoKey": return { id: `${inputs.keyRing}/cryptoKeys/${inputs.name}`, state: inputs };
    case "gcp:datacatalog/taxonomy:Taxonomy": return { id: `projects/${gcpProject}/locations/${inputs.region}/taxonomies/${name}`, state: { ...inputs, name: `projects/${gcpProject}/locations/${inputs.region}/taxonomies/${name}` } };
    case "gcp:datacatalog/policyTag:PolicyTag": return { id: `${inputs.taxonomy}/policyTags/${inputs.displayName}`, state: { ...inputs, name: `${inputs.taxonomy}/policyTags/${inputs.displayName}` } };
    case "gcp:serviceaccount/account:Account": return { id: inputs.accountId, state: { ...inputs, email: `${inputs.accountId}@${gcpProject}.iam.gserviceaccount.com` } };
    case "gcp:sql/databaseInstance:DatabaseInstance": return { id: inputs.name, state: { ...inputs, connectionName: `${gcpProject}:${inputs.region}:${inputs.name}`, privateIpAddress: "10.20.0.3" } };
    case "gcp:secretmanager/secret:Secret": return { id: `projects/${gcpProject}/secrets/${inputs.secretId}`, state: inputs };
    default: return { id: `${name}-id`, state: type.startsWith("aws:") ? { ...inputs, arn } : inputs };
  }
}

/** The provider functions the platform's programs call, answered as the cloud would for the placeholder account and project. */
function invoked(args: runtime.MockCallArgs): Record<string, unknown> {
  switch (args.token) {
    case "aws:index/getCallerIdentity:getCallerIdentity": return { accountId: MOCK_ACCOUNT_ID, arn: `arn:aws:sts::${MOCK_ACCOUNT_ID}:assumed-role/deployer/ci`, userId: "AROA:ci", id: MOCK_ACCOUNT_ID };
    case "aws:index/getPartition:getPartition": return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
    case "aws:index/getAvailabilityZones:getAvailabilityZones": return { names: ["a", "b", "c"].map((z) => `${REGION}${z}`), zoneIds: ["euw1-az1", "euw1-az2", "euw1-az3"], id: REGION };
    case "aws:iam/getSessionContext:getSessionContext": return { arn: args.inputs.arn, issuerArn: DEPLOYER_ROLE, issuerId: "AROA", issuerName: "deployer", sessionName: "ci", id: "ci" };
    case "gcp:storage/getProjectServiceAccount:getProjectServiceAccount": return { emailAddress: STORAGE_AGENT, member: `serviceAccount:${STORAGE_AGENT}`, id: STORAGE_AGENT };
    case "gcp:bigquery/getDefaultServiceAccount:getDefaultServiceAccount": return { email: BIGQUERY_AGENT, member: `serviceAccount:${BIGQUERY_AGENT}`, id: BIGQUERY_AGENT };
    default: throw new Error(`the program calls ${args.token}, which the policy gate's mocks do not answer`);
  }
}

/**
 * Mocks standing in for the Pulumi engine and both clouds, recording every resource the
 * program registers (custom resources only: components hold no cloud inputs) into `into`.
 */
export function recordingMocks(into: CollectedResource[], gcpProject: string): runtime.Mocks {
  return {
    newResource: (args: runtime.MockResourceArgs) => {
      const result = created(args.type, args.name, args.inputs as Inputs, gcpProject);
      if (args.custom !== false) into.push({ type: args.type, name: args.name, props: args.inputs as Inputs, ...(result.id === undefined ? {} : { id: result.id }) });
      return result;
    },
    call: invoked,
  };
}
