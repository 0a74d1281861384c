import type { Plugin } from "vite";

/**
 * Puts the entry's stylesheet (src/base.css: the page's base styles, the boot screen, the loading and error states)
 * into index.html as a <style> element instead of a <link>: it is small, needed before the first paint, and a
 * render-blocking request would cost a phone a round trip before anything shows. Screens' own stylesheets stay files,
 * loaded with their chunks; their rules are written not to depend on coming after base.css (a lazy import may load
 * base.css's file again, later in the document). The Content-Security-Policy allows inline styles, not scripts.
 */
export function inlineEntryCss(): Plugin {
  return {
    name: "conference-inline-entry-css",
    apply: "build",
    enforce: "post",
    generateBundle(_options, bundle) {
      const html = bundle["index.html"];
      if (!html || html.type !== "asset" || typeof html.source !== "string") return;
      html.source = html.source.replace(/<link rel="stylesheet"[^>]*href="\/([^"]+\.css)"[^>]*>/g, (link, name: string) => {
        const css = bundle[name];
        if (!css || css.type !== "asset") return link;
        // The file stays: chunks that import the entry list its stylesheet among their preloads (Vite's preload
        // helper fails a lazy import whose stylesheet is missing); loading it again there changes nothing.
        return `<style>${String(css.source).trim()}</style>`;
      });
    },
  };
}
