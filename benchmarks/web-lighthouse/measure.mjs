// Lighthouse (performance and accessibility) on the web app's board, signed in, against a Release build of
// Conference.Server serving the built app. A measurement for docs/benchmarks.md, not a test: nothing asserts on it.
//
//   dotnet build src/Conference.Server -c Release          # builds the app too (Vite, precompressed files)
//   cd benchmarks/web-lighthouse && npm ci && node measure.mjs [--runs 3] [--server http://127.0.0.1:PORT]
//
// Without --server it starts src/Conference.Server/bin/Release/net10.0/Conference.Server.dll (embedded default) on a
// free loopback port with a throwaway data folder, and stops it at the end. Chromium: CHROMIUM or /usr/bin/chromium.
// It signs up a user, makes a project with a board of 8 tasks, then for each profile (desktop, mobile) and run signs
// in over REST and puts the refresh token where the app keeps it (localStorage) before Lighthouse loads the board,
// so the page loads as a returning signed-in user's would (cold cache). Reports go to results/ (not committed).
import { spawn } from "node:child_process";
import { mkdtemp, mkdir, writeFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";
import puppeteer from "puppeteer-core";
import { Simulator } from "@paulirish/trace_engine/models/trace/lantern/simulation/simulation.js";

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    server: { type: "string" },
    runs: { type: "string", default: "3" },
    dll: { type: "string", default: resolve(here, "../../src/Conference.Server/bin/Release/net10.0/Conference.Server.dll") },
    out: { type: "string", default: join(here, "results") },
    profiles: { type: "string", default: "desktop,mobile" },
    webapp: { type: "string" },
    "cpu-profile": { type: "boolean", default: false },
    lantern: { type: "boolean", default: false },
    trace: { type: "boolean", default: false },
  },
});
const runs = Number(args.runs);
const chromium = process.env.CHROMIUM ?? "/usr/bin/chromium";

const freePort = () =>
  new Promise((ok, fail) => {
    const probe = createServer().once("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => ok(port));
    });
  });

async function startServer() {
  const data = await mkdtemp(join(tmpdir(), "conference-lighthouse-"));
  const port = await freePort();
  const settings = {
    urls: `http://127.0.0.1:${port}`,
    "Conference:Roles": "gateway,core,sfu",
    "Conference:DataPath": join(data, "state"),
    "Conference:Cluster:SiloPort": await freePort(),
    "Conference:Cluster:GatewayPort": await freePort(),
    "Conference:Media:BindAddress": "127.0.0.1",
    "Conference:Media:Port": await freePort(),
    "Conference:Media:Engines": "1",
    "Conference:Auth:AuthRequestsPerMinutePerIp": "1000",
    ...(args.webapp ? { "Conference:WebApp:Root": resolve(args.webapp) } : {}),
  };
  const child = spawn("dotnet", [args.dll, ...Object.entries(settings).map(([k, v]) => `--${k}=${v}`)], {
    cwd: data,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, Logging__LogLevel__Default: "Warning" },
  });
  const url = `http://127.0.0.1:${port}`;
  for (let waited = 0; ; waited += 500) {
    if (child.exitCode !== null) throw new Error(`Conference.Server exited with ${child.exitCode}`);
    if (waited > 120_000) throw new Error("Conference.Server was not ready within 120 s");
    if (await fetch(`${url}/readyz`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  return { url, stop: async () => { child.kill("SIGTERM"); await new Promise((r) => child.once("exit", r)); await rm(data, { recursive: true, force: true }); } };
}

async function call(base, method, path, body, token) {
  const response = await fetch(base + path, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? null : response.json();
}

async function seed(base) {
  const email = `lighthouse-${Date.now()}@example.test`, password = "lighthouse-password-1";
  await call(base, "POST", "/api/auth/register", { name: "Lighthouse", email, password });
  const { accessToken } = await call(base, "POST", "/api/auth/login", { email, password });
  const project = await call(base, "POST", "/api/projects", { name: "Lighthouse board" }, accessToken);
  const statuses = ["todo", "todo", "in_progress", "in_review", "done", "todo", "in_progress", "cancelled"];
  for (const [i, status] of statuses.entries()) {
    await call(base, "POST", `/api/projects/${project.id}/tasks`,
      { name: `Task ${i + 1} of the board`, status, priority: i % 2 ? "high" : "medium", labels: ["web"] }, accessToken);
  }
  return { email, password, board: `${base}/projects/${project.id}/board` };
}

/** The page's renderer main thread (the trace has every process's threads, Lighthouse's own pages too). */
function rendererMain(events) {
  const started = events.find((e) => e.name === "TracingStartedInBrowser");
  const frame = started?.args?.data?.frames?.find((f) => !f.parent) ?? started?.args?.data?.frames?.[0];
  return events.find((e) => e.name === "thread_name" && e.pid === frame?.processId && e.args?.name === "CrRendererMain");
}

/**
 * Where the page's main thread ran script, from the trace's CPU profile (samples, unthrottled time as measured: the
 * mobile profile's 4× slowdown is simulated afterwards): self time per function, "name file", most first, in ms.
 */
function scriptTimeByFunction(events) {
  const main = rendererMain(events);
  // Samples come in ProfileChunk events from the sampler's thread, tied by id to the Profile of the sampled thread.
  const profiles = new Set(events.filter((e) => e.name === "Profile" && main && e.pid === main.pid && e.tid === main.tid).map((e) => e.id));
  const nodes = new Map(), self = new Map();
  for (const e of events) {
    if (e.name !== "ProfileChunk" || !main || e.pid !== main.pid || !profiles.has(e.id)) continue;
    const profile = e.args?.data?.cpuProfile;
    if (!profile) continue;
    for (const n of profile.nodes ?? []) {
      const f = n.callFrame;
      nodes.set(`${e.id}:${n.id}`, `${f.functionName || "(anonymous)"} ${(f.url || "").split("/").pop()}`);
    }
    const deltas = e.args.data.timeDeltas ?? [];
    (profile.samples ?? []).forEach((id, i) => {
      const name = nodes.get(`${e.id}:${id}`) ?? "?";
      self.set(name, (self.get(name) ?? 0) + (deltas[i] ?? 0) / 1000);
    });
  }
  return [...self].filter(([n]) => !/^\((idle|program|root)\)/.test(n)).sort((a, b) => b[1] - a[1]).map(([n, ms]) => [n, Math.round(ms)]);
}

/**
 * The page's main-thread tasks by their thread time (CPU time, `tdur`), which a loaded machine inflates far less than
 * wall time: the total in ms, and "blocking at 4×" = Σ max(0, 4 × task − 50 ms), the mobile profile's slowdown
 * applied to CPU time, a load-robust stand-in for total blocking time to compare builds with.
 */
function mainThreadCpu(events) {
  const main = rendererMain(events);
  let total = 0, blocking4x = 0;
  const tasks = [];
  for (const e of events) {
    if (e.name !== "RunTask" || e.ph !== "X" || !main || e.pid !== main.pid || e.tid !== main.tid || e.tdur === undefined) continue;
    const ms = e.tdur / 1000;
    total += ms;
    blocking4x += Math.max(0, 4 * ms - 50);
    tasks.push(Math.round(ms));
  }
  return { cpuMs: Math.round(total), blocking4xMs: Math.round(blocking4x), longestCpuMs: tasks.sort((a, b) => b - a).slice(0, 6) };
}

/**
 * Lighthouse's simulation (Lantern) of the last run, as text: for the LCP and TBT estimates, every simulated node
 * (a request or a main-thread task) with its simulated start, end and duration, to see what the estimate waited for.
 */
function lanternTimeline() {
  const lines = [];
  for (const [label, timings] of Simulator.allNodeTimings) {
    if (!/LargestContentfulPaint|Interactive/.test(label)) continue;
    lines.push(`== ${label}`);
    const rows = [...timings].sort((a, b) => a[1].startTime - b[1].startTime);
    for (const [node, t] of rows) {
      const what = node.type === "network" ? `${node.request.requestMethod ?? ""} ${node.request.url.replace(/^https?:\/\/[^/]+/, "")}` :
        `cpu ${(node.childEvents ?? []).filter((e) => /EvaluateScript|FunctionCall|v8.evaluateModule|Layout|TimerFire|RunMicrotasks|ParseHTML/.test(e.name)).slice(0, 3).map((e) => e.name + (e.args?.data?.url ? ":" + e.args.data.url.split("/").pop() : "")).join(",")}`;
      lines.push(`${t.startTime.toFixed(0).padStart(6)} → ${t.endTime.toFixed(0).padStart(6)} (${(t.endTime - t.startTime).toFixed(0).padStart(5)}) ${what}`);
    }
  }
  return lines.join("\n") + "\n";
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const server = args.server ? { url: args.server.replace(/\/$/, ""), stop: async () => {} } : await startServer();
  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--no-first-run"],
  });
  await mkdir(args.out, { recursive: true });
  const summary = { measuredAt: new Date().toISOString(), lighthouse: "12.2.3", chromium: await browser.version(), runs, profiles: {} };
  try {
    const { email, password, board } = await seed(server.url);
    const configs = { desktop: desktopConfig, mobile: undefined };
    for (const profile of args.profiles.split(",")) {
      if (!(profile in configs)) throw new Error(`unknown profile ${profile} (desktop, mobile)`);
      const config = configs[profile];
      const results = [];
      for (let run = 1; run <= runs; run++) {
        const { refreshToken } = await call(server.url, "POST", "/api/auth/login", { email, password });
        const page = await browser.newPage();
        await page.goto(`${server.url}/favicon.svg`); // same origin, no app code: only to reach its localStorage
        await page.evaluate((token) => localStorage.setItem("conference.refreshToken", token), refreshToken);
        const cdp = await page.createCDPSession(); // Lighthouse leaves the cache alone when it keeps storage: a cold load
        await cdp.send("Network.clearBrowserCache");
        await cdp.detach();
        const result = await lighthouse(board, {
          output: ["html", "json"],
          onlyCategories: ["performance", "accessibility"],
          disableStorageReset: true, // keep the session
          // JS samples in the trace (off by default: sampling adds a little to the page's own main-thread time).
          ...(args["cpu-profile"] ? { additionalTraceCategories: ["disabled-by-default-v8.cpu_profiler"] } : {}),
          logLevel: "error",
        }, config, page);
        await page.close();
        const lhr = result.lhr;
        if (lhr.runtimeError) throw new Error(`${profile} run ${run}: ${lhr.runtimeError.message}`);
        const metric = (id) => lhr.audits[id].numericValue;
        const entry = {
          performance: Math.round(lhr.categories.performance.score * 100),
          accessibility: Math.round(lhr.categories.accessibility.score * 100),
          fcpMs: Math.round(metric("first-contentful-paint")),
          lcpMs: Math.round(metric("largest-contentful-paint")),
          tbtMs: Math.round(metric("total-blocking-time")),
          cls: Number(metric("cumulative-layout-shift").toFixed(3)),
          siMs: Math.round(metric("speed-index")),
          transferKb: Math.round(metric("total-byte-weight") / 1024),
          finalUrl: lhr.finalDisplayedUrl,
          ...mainThreadCpu(result.artifacts.Trace.traceEvents),
        };
        if (!entry.finalUrl.endsWith("/board")) throw new Error(`${profile} run ${run} ended at ${entry.finalUrl}, not the board`);
        results.push(entry);
        await writeFile(join(args.out, `board-${profile}-${run}.html`), result.report[0]);
        await writeFile(join(args.out, `board-${profile}-${run}.json`), result.report[1]);
        if (args["cpu-profile"]) {
          const cpu = scriptTimeByFunction(result.artifacts.Trace.traceEvents);
          entry.topFunctionsMs = cpu.slice(0, 15).map(([name, ms]) => `${name} ${ms}`);
          await writeFile(join(args.out, `board-${profile}-${run}.cpu.json`), JSON.stringify(cpu, null, 1));
          await writeFile(join(args.out, `board-${profile}-${run}.trace.json`), JSON.stringify(result.artifacts.Trace));
        }
        if (args.trace && !args["cpu-profile"]) await writeFile(join(args.out, `board-${profile}-${run}.trace.json`), JSON.stringify(result.artifacts.Trace));
        if (args.lantern) await writeFile(join(args.out, `board-${profile}-${run}.lantern.txt`), lanternTimeline());
        const { topFunctionsMs, ...figures } = entry;
        console.log(profile, run, JSON.stringify(figures));
        if (topFunctionsMs) console.log("  script self time (ms, unthrottled):", topFunctionsMs.join(" | "));
      }
      const keys = ["performance", "accessibility", "fcpMs", "lcpMs", "tbtMs", "cls", "siMs", "transferKb", "cpuMs", "blocking4xMs"];
      summary.profiles[profile] = { median: Object.fromEntries(keys.map((k) => [k, median(results.map((r) => r[k]))])), results };
      console.log(profile, "median", JSON.stringify(summary.profiles[profile].median));
    }
    await writeFile(join(args.out, "summary.json"), JSON.stringify(summary, null, 2));
    console.log(`Reports and summary.json in ${args.out}`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
