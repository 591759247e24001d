import * as pulumi from "@pulumi/pulumi";
import { pathToFileURL } from "node:url";
import type { CollectedResource } from "./collected-resource.ts";
import { recordingMocks } from "./mock-cloud.ts";
import type { ProgramUnderMocks } from "./stack-config.ts";

const byTypeThenName = (a: CollectedResource, b: CollectedResource) => (a.type < b.type ? -1 : a.type > b.type ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * Runs a Pulumi program under mocks in this process and returns every custom resource it
 * registered, sorted by type then name. Mocks and the program's module are process-wide: call
 * it once per process (`collectResources` runs each stack in a child process of its own).
 */
export async function runUnderMocks(program: ProgramUnderMocks, stack: string): Promise<CollectedResource[]> {
  const resources: CollectedResource[] = [];
  await pulumi.runtime.setMocks(recordingMocks(resources, program.config["lakeform:gcpProject"] ?? "unset"), program.project, stack, false);
  pulumi.runtime.setAllConfig({ ...program.config });
  await import(pathToFileURL(program.main).href);
  // Registration is asynchronous: wait for every resource the program started.
  await pulumi.runtime.disconnect();
  return resources.sort(byTypeThenName);
}
