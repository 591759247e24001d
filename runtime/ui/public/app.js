// Lakeform's read-only UI: plain DOM, no framework. Data comes from the JSON endpoints of the
// server; text goes in with textContent, and only the server's escaped SVG charts as markup.
const SVG = "http://www.w3.org/2000/svg";
const view = document.getElementById("view");
const updated = document.getElementById("updated");
let timer;
let selection = new URLSearchParams(location.search).get("select") ?? "*";

function el(tag, attrs = {}, ...children) {
  const node = tag.startsWith("svg:") ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) node.setAttribute(k, String(v));
  for (const c of children.flat()) if (c !== undefined && c !== null) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}
const chart = (svg) => { const span = el("span", { class: "chart-box" }); span.innerHTML = svg; return span; }; // server-rendered, labels escaped
const ago = (iso) => { if (!iso) return "-"; const m = Math.round((Date.now() - Date.parse(iso)) / 60000); return m < 60 ? `${m}m ago` : m < 2880 ? `${Math.round(m / 60)}h ago` : `${Math.round(m / 1440)}d ago`; };
const assetLink = (key) => el("a", { href: `#/asset/${encodeURIComponent(key)}` }, key);
const runLink = (id) => el("a", { href: `#/run/${encodeURIComponent(id)}` }, id);
const table = (head, rows, cls) => el("table", { class: cls }, el("thead", {}, el("tr", {}, head.map((h) => el("th", {}, h)))), el("tbody", {}, rows));
const section = (title, ...body) => el("section", { id: title.toLowerCase().replace(/[^a-z]+/g, "-") }, el("h2", {}, title), ...body);
const usd = (n) => `$${Number(n).toFixed(2)}`;

async function getJson(path) {
  const res = await fetch(path, { headers: { accept: "application/json" } });
  const body = await res.json();
  if (!res.ok) throw new Error(body.error ?? `HTTP ${res.status}`);
  return body;
}

function drawGraph(data) {
  const svg = el("svg:svg", { class: "graph", width: data.width, height: data.height + 20, viewBox: `0 -20 ${data.width} ${data.height + 20}`, role: "img", "aria-label": "lineage graph" });
  const tiers = new Map();
  for (const n of data.nodes) { const t = tiers.get(n.tier) ?? { min: Infinity }; t.min = Math.min(t.min, n.x - n.width / 2); tiers.set(n.tier, t); }
  for (const [tier, { min }] of tiers) svg.append(el("svg:text", { class: "tier", x: min, y: -4 }, tier));
  for (const e of data.edges) {
    const [first, ...rest] = e.points;
    if (first) svg.append(el("svg:path", { class: "edge", d: `M${first.x},${first.y} ${rest.map((p) => `L${p.x},${p.y}`).join(" ")}`, "data-from": e.from, "data-to": e.to }));
  }
  for (const n of data.nodes) {
    const x = n.x - n.width / 2, y = n.y - n.height / 2;
    const checks = n.checks.passed + n.checks.warned + n.checks.failed === 0 ? "no checks yet" : `checks ${n.checks.passed}✓ ${n.checks.warned}! ${n.checks.failed}✗`;
    const g = el("svg:g", { class: `node health-${n.health}`, "data-key": n.key, "data-health": n.health, tabindex: 0, role: "link" },
      el("svg:title", {}, `${n.key}: ${n.health} — ${n.reason}`),
      el("svg:rect", { class: "box", x, y, width: n.width, height: n.height }),
      el("svg:rect", { class: "bar", x: x + 1, y: y + 1, width: 6, height: n.height - 2 }),
      el("svg:text", { x: x + 14, y: y + 19 }, n.key),
      el("svg:text", { class: "sub", x: x + 14, y: y + 35 }, `${n.health} · ${checks}`));
    const open = () => { location.hash = `#/asset/${encodeURIComponent(n.key)}`; };
    g.addEventListener("click", open);
    g.addEventListener("keydown", (ev) => { if (ev.key === "Enter") open(); });
    svg.append(g);
  }
  return svg;
}

async function graphPage() {
  const data = await getJson(`/api/graph?select=${encodeURIComponent(selection)}`);
  document.getElementById("environment").textContent = `environment ${data.environment}`;
  const input = el("input", { name: "select", value: selection, placeholder: "selection, e.g. +curated/daily_revenue, tier:clean, tag:pii", "aria-label": "selection" });
  const form = el("form", { class: "filter" }, input, el("button", { type: "submit" }, "Filter"));
  form.addEventListener("submit", (ev) => { ev.preventDefault(); selection = input.value.trim() || "*"; render(); });
  const legend = el("div", { class: "legend" }, data.healths.map((h) => el("span", { class: `health-${h}` }, el("i", { class: "badge" }), h)));
  const counts = data.healths.map((h) => `${data.nodes.filter((n) => n.health === h).length} ${h}`).join(" · ");
  return { nodes: [el("h1", {}, "Assets"), form, legend, el("p", { class: "muted", id: "counts" }, `${data.nodes.length} assets: ${counts}`), el("div", { class: "graph-wrap" }, drawGraph(data))], running: data.running };
}

async function assetPage(key) {
  const a = await getJson(`/api/asset?key=${encodeURIComponent(key)}`);
  const info = a.asset;
  const head = [
    el("h1", {}, info.key, " ", el("span", { class: `badge health-${a.health.health}`, id: "health" }, a.health.health)),
    el("p", { class: "muted" }, a.health.reason),
    info.description ? el("p", {}, info.description) : null,
    el("p", { class: "muted" }, `${info.kind} · tier ${info.tier} · engine ${info.engine} · partitions ${info.partitionsText} · schedule ${info.scheduleText} · owners ${info.owners.join(", ") || "-"} · tags ${info.tags.join(", ") || "-"}`),
  ];
  const columns = section("Columns", table(["column", "type", "nullable", "key", "PII"], info.columns.map((c) =>
    el("tr", { class: "column" }, el("td", { class: "mono" }, c.name), el("td", { class: "mono" }, c.type), el("td", {}, c.nullable ? "yes" : "no"), el("td", {}, c.primaryKey ? "primary" : ""),
      el("td", {}, c.pii ? el("span", { class: "pii" }, `${c.pii.kind} · ${c.pii.treatment}`) : "")))));
  const strip = el("div", { class: "strip" }, a.partitions.map((p) => el("div", { class: `cell ${p.status}`, "data-partition": p.partition, "data-status": p.status, title: `${p.partition || "(unpartitioned)"}: ${p.status}${p.rows === null ? "" : `, ${p.rows} rows`}${p.reason ? ` — ${p.reason}` : ""}` })));
  const partitions = section("Partitions", strip, el("p", { class: "muted" }, a.partitions.length ? `${a.partitions[0].partition || "(unpartitioned)"} … ${a.partitions[a.partitions.length - 1].partition || ""} · green published, amber outdated, red failed, blue waiting, grey missing` : "none"));
  const history = new Map(a.checkHistory.map((h) => [h.check, h]));
  const checkRows = a.checks.flatMap((c) => {
    const h = history.get(c.check);
    const rows = [el("tr", { class: "check", "data-check": c.check, "data-status": c.status },
      el("td", { class: "mono" }, c.check), el("td", {}, c.kind), el("td", { class: `status-${c.status}` }, c.status), el("td", {}, c.message),
      el("td", {}, h ? [el("span", { class: "dots" }, h.statuses.map((s) => el("span", { class: `status-${s.status}`, title: `${s.partition || s.at}: ${s.status}` }, "●"))), el("br"), chart(h.chart)] : ""))];
    if (c.failingSample.length) rows.push(el("tr", { class: "sample" }, el("td", { colspan: 5 }, el("div", { class: "samples" }, "failing rows: ",
      table(Object.keys(c.failingSample[0]), c.failingSample.map((r) => el("tr", {}, Object.values(r).map((v) => el("td", { class: "mono" }, v === null ? "null" : typeof v === "object" ? JSON.stringify(v) : String(v))))))))));
    return rows;
  });
  const checks = section("Checks", a.checks.length ? table(["check", "kind", "status", "message", "history (oldest first)"], checkRows) : el("p", { class: "muted" }, "No check results yet."));
  const profile = section("Profile", a.profile ? table(["column", "type", "nulls", "distinct", "min", "max", "mean"], a.profile.columns.map((c) =>
    el("tr", {}, el("td", { class: "mono" }, c.name), el("td", {}, c.type), el("td", {}, c.nulls), el("td", {}, c.distinct ?? "-"), el("td", {}, c.min ?? "-"), el("td", {}, c.max ?? "-"), el("td", {}, c.mean === null ? "-" : Number(c.mean).toFixed(2))))) : el("p", { class: "muted" }, "No profile yet."));
  const side = el("div", { class: "grid" },
    section("Rows over time", chart(a.rowsChart)),
    section("Freshness", el("p", {}, `${info.freshnessText} — ${a.freshness.overall.state}: ${a.freshness.overall.reason}`)),
    section("Downstream impact", a.downstream.length ? el("p", {}, `${a.downstream.length} asset${a.downstream.length === 1 ? "" : "s"} read it: `, a.downstream.flatMap((k, i) => [i ? ", " : "", assetLink(k)])) : el("p", { class: "muted" }, "Nothing reads it.")),
    section("Cost", a.cost ? [el("p", {}, `${usd(a.cost.monthlyUsd)} a month (estimate from the plan)`), table(["what", "monthly", "basis"], a.cost.items.map((i) => el("tr", {}, el("td", {}, i.what), el("td", {}, usd(i.monthlyUsd)), el("td", { class: "muted" }, i.basis))))] : el("p", { class: "muted" }, "No stack file for this environment: no estimate.")));
  const runs = section("Latest materialisations", table(["partition", "status", "rows", "started", "run", "reason"], a.materialisations.map((m) =>
    el("tr", {}, el("td", {}, m.partition || "-"), el("td", {}, m.status), el("td", {}, m.rows ?? "-"), el("td", {}, ago(m.startedAt)), el("td", { class: "mono" }, runLink(m.runId)), el("td", { class: "muted" }, m.reason ?? "")))));
  return { nodes: [el("p", {}, el("a", { href: "#/" }, "← graph")), ...head, partitions, checks, side, columns, profile, runs], running: 0 };
}

async function runsPage() {
  const runs = await getJson("/api/runs");
  return { nodes: [el("h1", {}, "Runs"), section("Recent runs", table(["run", "status", "trigger", "selection", "started"], runs.map((r) =>
    el("tr", {}, el("td", { class: "mono" }, runLink(r.id)), el("td", {}, r.status), el("td", {}, r.trigger), el("td", { class: "mono" }, r.selection), el("td", {}, ago(r.startedAt))))))], running: runs.filter((r) => r.status === "running").length };
}

async function runPage(id) {
  const r = await getJson(`/api/run?id=${encodeURIComponent(id)}`);
  return { nodes: [el("p", {}, el("a", { href: "#/runs" }, "← runs")), el("h1", {}, `Run ${r.id}`), el("p", { class: "muted" }, `${r.status} · ${r.trigger} · ${r.selection} · started ${r.startedAt} on ${r.host} (pid ${r.pid})`),
    section("Materialisations", table(["asset", "partition", "status", "phase", "rows", "timings (ms)", "reason"], r.materialisations.map((m) =>
      el("tr", {}, el("td", {}, assetLink(m.asset)), el("td", {}, m.partition || "-"), el("td", {}, m.status), el("td", {}, m.phase), el("td", {}, m.rows ?? "-"), el("td", { class: "mono" }, Object.entries(m.timings).filter(([, v]) => typeof v === "number").map(([k, v]) => `${k} ${v}`).join(" · ")), el("td", { class: "muted" }, m.reason ?? ""))))),
    section("Log lines", el("p", {}, "The run's structured log lines: ", el("code", {}, r.logs)))], running: r.status === "running" ? 1 : 0 };
}

async function planPage() {
  const p = await getJson("/api/plan");
  if (!p.plan) return { nodes: [el("h1", {}, "Plan"), el("p", { class: "muted" }, p.note)], running: 0 };
  return { nodes: [el("h1", {}, `Plan of ${p.environment}: ${usd(p.plan.totalMonthlyUsd)} a month`), el("p", { class: "muted" }, `prices ${p.plan.prices.region}, ${p.plan.prices.asOf}`),
    section("Per asset", table(["asset", "monthly"], p.plan.perAsset.map((a) => el("tr", {}, el("td", {}, assetLink(a.asset)), el("td", {}, usd(a.monthlyUsd)))))),
    section("Platform", table(["what", "monthly", "basis"], p.plan.platform.map((i) => el("tr", {}, el("td", {}, i.what), el("td", {}, usd(i.monthlyUsd)), el("td", { class: "muted" }, i.basis))))),
    section("Assumptions", el("ul", {}, p.plan.assumptions.map((a) => el("li", {}, a))))], running: 0 };
}

/** Draws the page the hash names, then polls: every 2 s while runs are running, else every 5 s. */
async function render() {
  clearTimeout(timer);
  const [, page, arg] = /^#\/([a-z]*)\/?(.*)$/.exec(location.hash) ?? [];
  const id = decodeURIComponent(arg ?? "");
  let running = 0;
  try {
    const result = page === "asset" ? await assetPage(id) : page === "run" ? await runPage(id) : page === "runs" ? await runsPage() : page === "plan" ? await planPage() : await graphPage();
    const scroll = window.scrollY;
    view.replaceChildren(...result.nodes);
    window.scrollTo(0, scroll);
    running = result.running;
    updated.textContent = `updated ${new Date().toLocaleTimeString()}`;
    document.body.dataset.page = page || "graph";
  } catch (error) {
    view.replaceChildren(el("p", { class: "error" }, String(error.message ?? error)));
  }
  schedule(running > 0 ? 2000 : 5000);
}

/** The next refresh; put off while someone types in the filter. */
function schedule(ms) {
  timer = setTimeout(() => (document.activeElement?.tagName === "INPUT" ? schedule(ms) : render()), ms);
}

window.addEventListener("hashchange", () => { window.scrollTo(0, 0); render(); });
render();
