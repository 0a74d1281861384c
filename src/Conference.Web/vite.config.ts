import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";
import { precompress } from "./build/precompress";

// `npm run dev` serves the app with hot reload and forwards the API, the hub (WebSocket) and the OpenAPI
// document to a running server: CONFERENCE_SERVER (default http://127.0.0.1:5080, the README's run command).
const server = process.env.CONFERENCE_SERVER ?? "http://127.0.0.1:5080";

export default defineConfig({
  plugins: [react(), precompress()],
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
  },
  test: {
    environment: "node",
    include: ["src/**/*.test.ts"],
  },
});
