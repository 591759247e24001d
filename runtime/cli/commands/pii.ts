import { LakeformError } from "../../core/errors.ts";
import { piiKeyFingerprint, piiKeyProblem, shownFingerprint } from "../../core/pii/pii-key.ts";
import { hashedSourcesWithData } from "../../run/verify-pii-key.ts";
import { formatProblem } from "../../core/problem.ts";
import { writeJson } from "../cli-io.ts";
import type { Command } from "../command.ts";
import { ExitCode } from "../exit-codes.ts";
import { withRuntime } from "../open-command-runtime.ts";
import { UsageError } from "../usage-error.ts";

const quoted = (keys: readonly string[]): string => keys.map((k) => `"${k}"`).join(", ");

/**
 * `lakeform pii rotate-key --confirm`: makes the current `LAKEFORM_PII_KEY` the key in force,
 * replacing the recorded one. Hashes already published were made with the old key and no longer
 * join new ones until their sources are re-materialised from their landing files.
 */
export const piiCommand: Command = {
  name: "pii",
  summary: "rotate-key: make a new LAKEFORM_PII_KEY the key in force (values hashed before no longer join; needs --confirm)",
  usage: "lakeform pii rotate-key [--confirm] [--env NAME] [--json]",
  options: { confirm: { type: "boolean", description: "rotate the key; without it, only say what rotating would change" } },
  async run(context) {
    const [action, ...extra] = context.positionals;
    if (action !== "rotate-key" || extra.length > 0) {
      throw new UsageError(`\`lakeform pii ${context.positionals.join(" ")}\` is not a PII command. Fix: run \`lakeform pii rotate-key --confirm\`.`);
    }
    const key = context.config.piiKey;
    const problem = piiKeyProblem(key);
    if (problem !== undefined || key === undefined) {
      throw new LakeformError(formatProblem({ message: problem?.[0] ?? "LAKEFORM_PII_KEY is not set", fix: `${problem?.[1] ?? "set it"}, to the new key, then run \`lakeform pii rotate-key --confirm\` again` }));
    }
    const fingerprint = piiKeyFingerprint(key);
    return withRuntime(context, async (runtime, graph) => {
      const inForce = await runtime.state.piiKeyFingerprint();
      if (inForce?.fingerprint === fingerprint) {
        if (context.json) writeJson(context.io, { rotated: false, fingerprint, previousFingerprint: inForce.previousFingerprint ?? null, sourcesToReland: [] });
        else context.io.stdout(`LAKEFORM_PII_KEY (fingerprint ${shownFingerprint(fingerprint)}) is already the key in force; nothing changed.`);
        return ExitCode.ok;
      }
      const affected = await hashedSourcesWithData(graph, runtime.state);
      const joined = affected.length === 0 ? "" : ` Values already published by ${quoted(affected)} were hashed with the old key and will no longer join values hashed with the new one.`;
      if (context.values.confirm !== true) {
        throw new UsageError(
          `Rotating the PII key makes LAKEFORM_PII_KEY (fingerprint ${shownFingerprint(fingerprint)}) the key in force${inForce === undefined ? "" : ` instead of ${shownFingerprint(inForce.fingerprint)}`}.${joined} Fix: run \`lakeform pii rotate-key --confirm\` to rotate, or set the original key.`,
        );
      }
      await runtime.state.rotatePiiKeyFingerprint(fingerprint, runtime.now());
      if (context.json) {
        writeJson(context.io, { rotated: true, fingerprint, previousFingerprint: inForce?.fingerprint ?? null, sourcesToReland: affected });
      } else {
        const reland = affected.length === 0 ? "" : ` Re-materialise every partition of ${quoted(affected)} (and what reads them) from their landing files to re-hash them with the new key.`;
        context.io.stdout(
          `Rotated the PII key: LAKEFORM_PII_KEY (fingerprint ${shownFingerprint(fingerprint)}) is now the key in force${inForce === undefined ? "" : `, replacing ${shownFingerprint(inForce.fingerprint)}`}.${joined}${reland}`,
        );
      }
      return ExitCode.ok;
    });
  },
};
