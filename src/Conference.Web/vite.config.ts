import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";
import { precompress } from "./build/precompress";
import { inlineEntryCss } from "./build/inlineEntryCss";
import { lowPriorityScripts } from "./build/scriptPriority";
import { preloadApp } from "./build/preloadApp";

// `npm run dev` serves the app with hot reload and forwards the API, the hub (WebSocket) and the OpenAPI
// document to a running server: CONFERENCE_SERVER (default http://127.0.0.1:5080, the README's run command).
const server = process.env.CONFERENCE_SERVER ?? "http://127.0.0.1:5080";

export default defineConfig({
  plugins: [react(), preloadApp(), inlineEntryCss(), lowPriorityScripts(), precompress()],
  server: {
    proxy: {
      "/api": { target: server, changeOrigin: false },
      "/hubs": { target: server, ws: true },
      "/openapi": { target: server },
    },
  },
  build: {
    // The server's MSBuild target passes --outDir (under obj/, never committed).
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 700,
    // A phone on a slow link pays a round trip per request (HTTP/1.1: six at a time): merge the many small shared
    // chunks of route splitting into fewer, larger ones (Rollup merges only where no page loads code it does not run).
    rollupOptions: { output: { manualChunks } },
  },
  test: {
    environment: "node",
    include: ["src/**/*.test.ts"],
  },
});

/**
 * Fewer, larger shared chunks (a phone on a slow link pays a round trip per request, six at a time over HTTP/1.1):
 * MUI (components, icons, styling engine) is one chunk instead of one per component (the charts stay with the
 * reports; the board's first screen loads none of it), React and the router another, and the app's own small shared modules (stores, API client, hooks, helpers: no page, no heavy library)
 * are another.
 */
function manualChunks(id: string): string | undefined {
  if (id.endsWith(".css")) return undefined; // stylesheets stay with the screens that import them (not render-blocking)
  // The first script (src/boot.ts) with what it uses, in one small chunk that imports nothing: else Rollup pulls the
  // preload helper and the token store into the `app` chunk (a manual chunk takes its unassigned dependencies) and
  // the first script would wait for the app and React.
  if (/(\/src\/(boot|routeModules|auth\/refreshTokenStore)\.ts|vite\/(preload-helper|modulepreload-polyfill)(\.js)?)$/.test(id)) return "boot";
  // React and the router in a chunk of their own: else Rollup may put react-dom into the MUI chunk (MUI imports it)
  // and every page would load MUI with it.
  // React DOM apart from React and the router: two downloads in parallel instead of one twice the size (each
  // connection's slow start), both needed by every page.
  if (/node_modules\/(react-dom|scheduler)\//.test(id)) return "react-dom";
  if (/node_modules\/(react|react-router|cookie|set-cookie-parser)\//.test(id)) return "react";
  if (/node_modules\/(@mui\/(material|icons-material|system|utils|private-theming|styled-engine)|@emotion|react-transition-group|@popperjs)\//.test(id)) return "mui";
  if (/\/src\/(common\/|api\/|live\/|auth\/(store|safeNext|startSession)|shell\/withTheme|features\/(?!meetings\/)[a-z]+\/[a-z][A-Za-z]*\.ts$)/.test(id) && !id.endsWith(".test.ts")) return "app";
  return undefined;
}
