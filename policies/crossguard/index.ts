// The CrossGuard policy pack (`pulumi preview --policy-pack policies`): the resource rules of
// policies/resources/ as policies, nothing else. Constructing a PolicyPack starts the policy
// analyzer's gRPC server: never import this module from tests or from runtime code — import
// ./crossguard-policies.ts instead.
import { PolicyPack } from "@pulumi/policy";
import { crossGuardPolicies } from "./crossguard-policies.ts";

new PolicyPack("lakeform", { policies: crossGuardPolicies() });
