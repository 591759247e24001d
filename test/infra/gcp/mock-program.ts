import * as pulumi from "@pulumi/pulumi";
import type { CreatedResource } from "../aws/mock-program.ts";

export { ofType, only, stackConfig, valueOf, type CreatedResource } from "../aws/mock-program.ts";

export const STORAGE_AGENT = "service-123456789@gs-project-accounts.iam.gserviceaccount.com";
export const BIGQUERY_AGENT = "bq-123456789@bigquery-encryption.iam.gserviceaccount.com";

/** What GCP answers for a created resource besides its inputs: ids and names it assigns. */
function created(project: string, type: string, name: string, inputs: Record<string, any>): { id: string; state: Record<string, unknown> } {
  switch (type) {
    case "gcp:kms/keyRing:KeyRing": return { id: `projects/${project}/locations/${inputs.location}/keyRings/${inputs.name}`, state: inputs };
    case "gcp:kms/cryptoKey:CryptoKey": return { id: `${inputs.keyRing}/cryptoKeys/${inputs.name}`, state: inputs };
    case "gcp:datacatalog/taxonomy:Taxonomy": return { id: `projects/${project}/locations/${inputs.region}/taxonomies/${name}`, state: { ...inputs, name: `projects/${project}/locations/${inputs.region}/taxonomies/${name}` } };
    case "gcp:datacatalog/policyTag:PolicyTag": return { id: `${inputs.taxonomy}/policyTags/${inputs.displayName}`, state: { ...inputs, name: `${inputs.taxonomy}/policyTags/${inputs.displayName}` } };
    case "gcp:serviceaccount/account:Account": return { id: inputs.accountId, state: { ...inputs, email: `${inputs.accountId}@${project}.iam.gserviceaccount.com` } };
    case "gcp:sql/databaseInstance:DatabaseInstance": return { id: inputs.name, state: { ...inputs, connectionName: `${project}:${inputs.region}:${inputs.name}`, privateIpAddress: "10.20.0.3" } };
    case "gcp:secretmanager/secret:Secret": return { id: `projects/${project}/secrets/${inputs.secretId}`, state: inputs };
    default: return { id: `${name}-id`, state: inputs };
  }
}

/**
 * Runs the Pulumi program under mocks for a GCP stack with `config` (namespaced keys), and
 * returns every resource it registered and the program's exports. Once per module graph: call
 * `vi.resetModules()` before a second run in one file.
 */
export async function runGcpProgram(stack: string, config: Record<string, string>): Promise<{ resources: CreatedResource[]; program: typeof import("../../../infra/index.ts") }> {
  const resources: CreatedResource[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        resources.push({ type: args.type, name: args.name, inputs: args.inputs, custom: args.custom !== false, provider: args.provider });
        return created(config["lakeform:gcpProject"] ?? "unset", args.type, args.name, args.inputs);
      },
      call: (args) => {
        switch (args.token) {
          case "gcp:storage/getProjectServiceAccount:getProjectServiceAccount": return { emailAddress: STORAGE_AGENT, member: `serviceAccount:${STORAGE_AGENT}`, id: STORAGE_AGENT };
          case "gcp:bigquery/getDefaultServiceAccount:getDefaultServiceAccount": return { email: BIGQUERY_AGENT, member: `serviceAccount:${BIGQUERY_AGENT}`, id: BIGQUERY_AGENT };
          default: throw new Error(`unexpected invoke ${args.token}`);
        }
      },
    },
    "lakeform",
    stack,
    false,
  );
  pulumi.runtime.setAllConfig(config);
  const program = await import("../../../infra/index.ts");
  await pulumi.runtime.disconnect();
  return { resources, program };
}
