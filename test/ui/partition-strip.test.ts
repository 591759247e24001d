import { describe, expect, it } from "vitest";
import type { MaterialisationRecord, PublishedVersion } from "../../runtime/state/records.ts";
import { partitionStrip, STRIP_LENGTH } from "../../runtime/ui/partition-strip.ts";
import { lineChartSvg } from "../../runtime/ui/svg-chart.ts";

const at = new Date("2024-03-05T00:00:00Z");
const version = (partition: string, fingerprint: string, rows: number): PublishedVersion => ({ asset: "a/b", partition, version: `v-${partition}`, materialisationId: 1, fingerprint, publishedAt: at, rows, files: [], digests: [] });
const attempt = (id: number, partition: string, status: MaterialisationRecord["status"], reason?: string): MaterialisationRecord => ({
  id, runId: "r", asset: "a/b", partition, version: `v${id}`, fingerprint: "f1", status, startedAt: at, finishedAt: at, publishedAt: undefined, rows: undefined, bytes: undefined,
  files: [], reason, timings: {}, digests: [], phase: "audited", jobId: undefined, detached: false,
});

describe("the partition strip of an asset page", () => {
  it("colours each partition by its visible version and its newest attempt", () => {
    const keys = ["2024-03-01", "2024-03-02", "2024-03-03", "2024-03-04", "2024-03-05"];
    const published = [version("2024-03-01", "f1", 10), version("2024-03-02", "f0", 11), version("2024-03-03", "f1", 12)];
    const history = [attempt(1, "2024-03-03", "published"), attempt(2, "2024-03-03", "blocked", "check x failed\nmore"), attempt(3, "2024-03-04", "waiting", "waiting for data since …")];
    expect(partitionStrip(keys, published, history, "f1")).toEqual([
      { partition: "2024-03-01", status: "published", rows: 10, reason: null },
      { partition: "2024-03-02", status: "outdated", rows: 11, reason: null },
      { partition: "2024-03-03", status: "failed", rows: 12, reason: "check x failed" },
      { partition: "2024-03-04", status: "waiting", rows: null, reason: "waiting for data since …" },
      { partition: "2024-03-05", status: "missing", rows: null, reason: null },
    ]);
  });

  it("keeps only the latest partitions", () => {
    const keys = Array.from({ length: STRIP_LENGTH + 5 }, (_, i) => `k${String(i).padStart(3, "0")}`);
    const strip = partitionStrip(keys, [], [], "f1");
    expect(strip).toHaveLength(STRIP_LENGTH);
    expect(strip[0]?.partition).toBe(keys[5]);
  });
});

describe("small SVG charts", () => {
  it("draws one dot per point and escapes every label", () => {
    const svg = lineChartSvg("rows <of> \"x\"", [{ label: "<script>", value: 1 }, { label: "b", value: 3 }, { label: "c", value: 2 }]);
    expect(svg.match(/<circle /g)).toHaveLength(3);
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("&#60;script&#62;: 1");
    expect(svg).toContain("<title>rows &#60;of&#62; &#34;x&#34;</title>");
  });

  it("says when there is nothing to draw", () => {
    expect(lineChartSvg("rows", [])).toContain("no data yet");
  });
});
