import type { Plugin } from "vite";

/**
 * Puts the entry's stylesheet (src/base.css: the page's base styles, the boot screen, the loading and error states)
 * into index.html as a <style> element instead of a <link>: it is small, needed before the first paint, and a
 * render-blocking request would cost a phone a round trip before anything shows. Screens' own stylesheets stay files,
 * loaded with their chunks. The Content-Security-Policy allows inline styles (style-src 'unsafe-inline'), not scripts.
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
        delete bundle[name];
        return `<style>${String(css.source).trim()}</style>`;
      });
    },
  };
}
