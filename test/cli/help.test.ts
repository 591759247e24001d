import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../runtime/cli.ts";
import { GLOBAL_OPTIONS } from "../../runtime/cli/help-text.ts";
import { runCli } from "../support/run-cli.ts";

const HISTORY_HELP = `Show an asset's materialisations, newest first

Usage: lakeform history <asset> [--partition KEY] [--limit N] [--env NAME] [--json]

Options:
  --partition KEY     only the materialisations of this partition (default: every partition)
  --limit N           show at most N materialisations (default: 20)

Global options:
  --catalog <module>  the module whose default export holds the declarations (default: assets/index.ts)
  --env <name>        the environment (workspace .lakeform/<name>/; default: LAKEFORM_ENV or dev)
  --json              machine-readable output on stdout
  --reinitialise      start a new, empty state store when it is missing, empty or unreadable although
                      the workspace holds data files (which it then no longer sees)
  -h, --help          this help, or a command's

Exit codes:
  0  ok
  1  invalid catalog or failures
  2  usage error, or a bad LAKEFORM_* variable
  3  the catalog failed to load
`;

describe("lakeform help", () => {
  it("prints a command's summary, usage, options with their descriptions, and exit codes", async () => {
    const viaOption = await runCli(["history", "--help"]);
    expect(viaOption).toEqual({ code: 0, stdout: HISTORY_HELP, stderr: "" });
    expect(await runCli(["help", "history"])).toEqual(viaOption);
  });

  it("adds the command's own exit codes and the selection syntax where it takes selections", async () => {
    const { stdout } = await runCli(["materialize", "-h"]);
    expect(stdout).toContain("  --all-partitions    every partition that should exist by now");
    expect(stdout).toContain("Selections (as Dagster's; `lakeform help select` for more):");
    expect(stdout).toContain("  4  nothing failed, but some data is waiting (not landed): nothing was published for it\n");
  });

  it("prints the selection syntax for `lakeform help select`, which selection errors point to", async () => {
    const error = await runCli(["list", "tag:", "--catalog", "test/fixtures/catalogs/events.ts"]);
    expect(error.code).toBe(2);
    expect(error.stderr).toContain("Fix: see `lakeform help select` for the syntax.");
    const { code, stdout } = await runCli(["help", "select"]);
    expect(code).toBe(0);
    expect(stdout).toBe(`Selections choose assets by key, by attribute and by their place in the graph (as Dagster's).
A command that takes selections accepts any number of them, combined as a union; none selects
every asset. A selection that matches nothing is a usage error (exit 2). Quote selections that
hold spaces, parentheses or * for the shell.

  clean/orders              that asset (an unknown key is an error with "did you mean")
  raw/*  sales/**           keys matching a glob: * within a segment, ** across /
  key:clean/orders          the same as clean/orders
  +clean/orders             with all its upstream (including what its checks read)
  2+clean/orders            with two levels of upstream
  clean/orders+             with all its downstream
  clean/orders+1            with one level of downstream
  +(tag:pii)+               upstream and downstream of a whole expression
  tag:pii                   assets with that tag
  group:sales               assets of that group
  owner:team:growth         assets with that owner
  tier:curated              assets of that tier (raw, clean, curated)
  kind:source               sources (kind:asset: computed assets)
  *                         everything

Combine them (loosest first):
  a b    a, b    a or b     union
  a and b                   intersection
  not a                     complement
  ( ... )                   grouping

Examples:
  lakeform list "tag:pii and not tier:raw"
  lakeform materialize "+curated/daily_revenue" --partition 2024-01-05
  lakeform status "group:sales or owner:team:growth"
`);
  });

  it("names the topic meant when there is no help on one", async () => {
    expect(await runCli(["help", "selekt"])).toEqual({ code: 2, stdout: "", stderr: '✗ There is no help on "selekt". Fix: did you mean "select"? Run `lakeform help` for the commands.\n' });
  });

  it("has a description for every option of every command, and names each in the usage", () => {
    const options = [...COMMANDS.flatMap((c) => Object.entries(c.options).map(([name, option]) => ({ command: c.name, usage: c.usage, name, option }))), ...Object.entries(GLOBAL_OPTIONS).map(([name, option]) => ({ command: "(global)", usage: `--${name}`, name, option }))];
    const undescribed = options.filter(({ option }) => typeof option.description !== "string" || !/^[a-z`0-9].*[^.]$/.test(option.description)).map((o) => `${o.command} --${o.name}`);
    expect(undescribed).toEqual([]);
    expect(options.filter(({ usage, name }) => !usage.includes(`--${name}`)).map((o) => `${o.command} --${o.name}`)).toEqual([]);
  });
});
