import { defineConfig } from "vite";
import { resolve } from "node:path";

// The console and the development GraphiQL, built into dist/web and served by the hub itself
// (no CDN: everything a page loads comes from the hub's own origin).
export default defineConfig({
  root: import.meta.dirname,
  base: "/",
  publicDir: "public",
  build: {
    outDir: resolve(import.meta.dirname, "../../dist/web"),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 5000,
    sourcemap: false,
    rollupOptions: {
      // "use client" directives in GraphiQL's dependencies mean nothing outside React Server Components.
      onwarn(warning, warn) {
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
      input: {
        console: resolve(import.meta.dirname, "index.html"),
        graphiql: resolve(import.meta.dirname, "graphiql.html"),
      },
    },
  },
  worker: { format: "es" },
  css: {
    preprocessorOptions: { scss: { quietDeps: true, silenceDeprecations: ["import", "global-builtin"] } },
    // GOV.UK Frontend keeps an old-IE media hack (min-width: 0\0) that the minifier rejects; skip just that rule.
    lightningcss: { errorRecovery: true },
  },
});
