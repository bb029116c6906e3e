// ESLint (typescript-eslint), and the hub's own module rule. Run by `npm run lint`, which
// `npm test` runs first.
import fs from "node:fs";
import path from "node:path";
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const ROOT = path.dirname(new URL(import.meta.url).pathname);
const MODULES_DIR = path.join(ROOT, "src/modules");

// The module order is the application's (src/app.ts): a module may use the modules before it,
// never those after, so no import cycle between modules can be written.
const MODULE_ORDER = [...fs.readFileSync(path.join(ROOT, "src/app.ts"), "utf8").matchAll(/from "\.\/modules\/([a-z-]+)\/\1\.module"/g)].map((m) => m[1]);

const moduleOf = (file) => {
  const rel = path.relative(MODULES_DIR, file);
  return rel.startsWith("..") || path.isAbsolute(rel) ? null : rel.split(path.sep)[0];
};

/**
 * - core (src/core) imports no module, nor the application;
 * - a file outside module M imports M only through its surface, src/modules/M/M.module.ts;
 * - module A imports module B only if B comes before A in src/app.ts.
 */
const moduleBoundaries = {
  meta: { type: "problem", schema: [], messages: { core: "{{why}}", surface: "{{why}}", order: "{{why}}" } },
  create(context) {
    const file = context.filename;
    const fromCore = path.relative(path.join(ROOT, "src/core"), file).split(path.sep)[0] !== "..";
    const fromModule = moduleOf(file);
    const check = (node) => {
      const spec = node.source?.value;
      if (typeof spec !== "string" || !spec.startsWith(".")) return;
      const target = path.resolve(path.dirname(file), spec);
      const toModule = moduleOf(target);
      if (fromCore && (toModule || target === path.join(ROOT, "src/app"))) {
        context.report({
          node,
          messageId: "core",
          data: { why: "core imports no module: declare it in the module's surface and read it from runtime.modules" },
        });
        return;
      }
      if (!toModule || toModule === fromModule) return;
      if (target !== path.join(MODULES_DIR, toModule, `${toModule}.module`)) {
        context.report({ node, messageId: "surface", data: { why: `import ${toModule} only through its surface, ${toModule}/${toModule}.module.ts` } });
        return;
      }
      if (fromModule) {
        const [from, to] = [MODULE_ORDER.indexOf(fromModule), MODULE_ORDER.indexOf(toModule)];
        if (from < 0 || to < 0 || to > from) {
          context.report({
            node,
            messageId: "order",
            data: {
              why: `${fromModule} may not use ${toModule}: a module uses only those before it in src/app.ts (so modules never import each other in a cycle)`,
            },
          });
        }
      }
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
  },
};

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "migrations/**", "src/web/**", "coverage/**", "**/*.cjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts", "**/*.mjs"],
    plugins: { hub: { rules: { "module-boundaries": moduleBoundaries } } },
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        URL: "readonly",
        URLSearchParams: "readonly",
        Buffer: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        fetch: "readonly",
      },
    },
    rules: {
      "hub/module-boundaries": "error",
      // Each module adds its loaders to the context's by declaration merging (core/loaders.ts).
      "@typescript-eslint/no-empty-object-type": ["error", { allowInterfaces: "with-single-extends" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  {
    // Tests and benchmarks read GraphQL responses loosely; the application code may not.
    files: ["test/**", "bench/**", "**/*.test.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  { files: ["jest.config.js"], languageOptions: { globals: { module: "writable" } } },
);
