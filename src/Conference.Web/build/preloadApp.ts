import type { Plugin } from "vite";
import type { OutputBundle, OutputChunk } from "rollup";

/**
 * index.html's entry (src/boot.ts) is small and starts the app with `import("./main")`. Without help the browser
 * would ask for the app's chunks (React, the router, the app) only once the entry has arrived and run: a round trip
 * later than when index.html names them. This adds `<link rel="modulepreload">` for the app's module and everything
 * it imports statically, so they download from the start, in parallel with the entry.
 */
export function preloadApp(appModule = "/src/main.tsx"): Plugin {
  return {
    name: "conference-preload-app",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler(html, { bundle }) {
        if (!bundle) return html;
        const app = Object.values(bundle).find((c): c is OutputChunk => c.type === "chunk" && !!c.facadeModuleId?.endsWith(appModule));
        if (!app) throw new Error(`preloadApp: no chunk for ${appModule}`);
        const links = staticClosure(bundle, app)
          .filter((file) => !html.includes(`/${file}"`))
          .map((file) => `<link rel="modulepreload" crossorigin href="/${file}">`);
        return html.replace("</head>", `  ${links.join("\n    ")}\n  </head>`);
      },
    },
  };
}

/** The chunk's file and the files of every chunk it imports statically, transitively. */
function staticClosure(bundle: OutputBundle, chunk: OutputChunk, seen = new Set<string>()): string[] {
  if (seen.has(chunk.fileName)) return [];
  seen.add(chunk.fileName);
  for (const file of chunk.imports) {
    const next = bundle[file];
    if (next?.type === "chunk") staticClosure(bundle, next, seen);
  }
  return [...seen];
}
