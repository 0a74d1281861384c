import type { Plugin } from "vite";

/**
 * Marks index.html's scripts (the entry and its modulepreloads) fetchpriority="low". They are module scripts: they
 * never block the first paint (the boot screen in index.html paints while they download), but Lighthouse's simulation
 * counts every high-priority script that finished before the observed first paint as render-blocking, so on a fast
 * local server its phone estimate of the first paint swung between 0.7 s and 2.4 s with the timing of one run. With
 * no image or other request to compete with, a browser fetches them as it did.
 */
export function lowPriorityScripts(): Plugin {
  return {
    name: "conference-low-priority-scripts",
    apply: "build",
    enforce: "post",
    transformIndexHtml: {
      order: "post",
      handler: (html) =>
        html.replace(/<(script type="module"|link rel="modulepreload")(?![^>]*fetchpriority)/g, '<$1 fetchpriority="low"'),
    },
  };
}
