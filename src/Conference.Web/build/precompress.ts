import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import type { Plugin } from "vite";

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** What is worth compressing: text the browser fetches (images and fonts are compressed already). */
const compressible = /\.(js|mjs|css|html|svg|json|txt)$/;

/**
 * Writes a .br (brotli, quality 11) and a .gz (gzip -9) beside every text file of the build, once at build time, so
 * the server sends compressed bytes without compressing per request (src/Conference.Server/WebApp/PrecompressedFiles.cs
 * picks the variant the browser accepts). Runs after the files are written, on their final bytes. Files smaller than
 * `minBytes` are left alone: compression would not pay.
 */
export function precompress(minBytes = 1024): Plugin {
  return {
    name: "conference-precompress",
    apply: "build",
    async writeBundle(options, bundle) {
      const dir = options.dir ?? "dist";
      await Promise.all(
        Object.keys(bundle)
          .filter((name) => compressible.test(name))
          .map(async (name) => {
            const path = join(dir, name);
            const bytes = await readFile(path);
            if (bytes.length < minBytes) return;
            const params = { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length };
            await writeFile(`${path}.br`, await brotli(bytes, { params }));
            await writeFile(`${path}.gz`, await gzipAsync(bytes, { level: 9 }));
          }),
      );
    },
  };
}
