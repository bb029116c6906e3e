#!/usr/bin/env node
// Builds what changed, and only that: `npm start`, `npm test` and the token command call it
// before running the compiled output, so a warm start does not wait for a full compile.
//
//   node src/scripts/build.cjs           build the server (tsc, incremental) and the console (vite) if their sources changed
//   node src/scripts/build.cjs --clean   remove dist/ and build everything (npm run build)
//   node src/scripts/build.cjs --quiet   say nothing when nothing needed building
//   node src/scripts/build.cjs --server-only   the server and the tests only (npm run test:quick)
//
// Plain JavaScript on purpose: it has to run before anything is compiled.
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "../..");
const dist = path.join(root, "dist");
const args = new Set(process.argv.slice(2));
const quiet = args.has("--quiet");
const say = (m) => quiet || process.stderr.write(m + "\n");

function newestMtime(entries, exclude = []) {
  let newest = 0;
  const walk = (p) => {
    if (exclude.some((e) => p === e || p.startsWith(e + path.sep))) return;
    let st;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      if (path.basename(p) === "node_modules") return;
      for (const e of fs.readdirSync(p)) walk(path.join(p, e));
    } else newest = Math.max(newest, st.mtimeMs);
  };
  for (const e of entries) walk(path.join(root, e));
  return newest;
}

function stampTime(stamp) {
  try {
    return fs.statSync(stamp).mtimeMs;
  } catch {
    return -1;
  }
}

function run(command, argv) {
  const r = spawnSync(command, argv, { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// tsc never deletes output whose source is gone: a removed test or migration would live on in
// dist/ and still run. Remove compiled files that no longer have a source.
function pruneOrphans(dir) {
  if (!fs.existsSync(dir)) return;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (p !== path.join(dist, "web")) pruneOrphans(p);
      continue;
    }
    const m = /^(.*)\.(js|js\.map|d\.ts)$/.exec(e.name);
    if (!m) continue;
    const source = path.join(root, path.relative(dist, dir), m[1] + ".ts");
    if (!fs.existsSync(source)) fs.rmSync(p);
  }
}

// Compressed copies beside each text asset, made once here rather than on every request.
function precompress(dir) {
  const zlib = require("node:zlib");
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) precompress(p);
    else if (/\.(js|css|html|svg|json|txt)$/.test(e.name)) {
      const data = fs.readFileSync(p);
      if (data.length < 1024) continue;
      fs.writeFileSync(p + ".br", zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
      fs.writeFileSync(p + ".gz", zlib.gzipSync(data, { level: 9 }));
    }
  }
}

const targets = [
  {
    name: "server",
    stamp: path.join(dist, ".server-built"),
    inputs: ["src", "test", "migrations", "bench", "ormconfig.ts", "tsconfig.json", "tsconfig.build.json", "package-lock.json"],
    exclude: [path.join(root, "src", "web")],
    build() {
      run(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"]);
      pruneOrphans(dist);
    },
  },
];
if (fs.existsSync(path.join(root, "src", "web", "vite.config.mts")) && !args.has("--server-only")) {
  targets.push({
    name: "console",
    stamp: path.join(dist, "web", ".console-built"),
    inputs: ["src/web", "schema/schema.graphql", "package-lock.json"],
    exclude: [path.join(root, "src", "web", "src", "gql")],
    build() {
      // Typed operations from the committed schema, then a type check, then the bundle.
      run(process.execPath, [path.join(root, "node_modules/@graphql-codegen/cli/esm/bin.js"), "--config", "src/web/codegen.ts", "--silent"]);
      run(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", "src/web/tsconfig.json"]);
      run(process.execPath, [path.join(root, "node_modules/vite/bin/vite.js"), "build", "--config", "src/web/vite.config.mts", "--logLevel", "warn"]);
      precompress(path.join(dist, "web"));
    },
  });
}

if (args.has("--clean")) fs.rmSync(dist, { recursive: true, force: true });
for (const t of targets) {
  if (newestMtime(t.inputs, t.exclude) <= stampTime(t.stamp)) continue;
  const started = Date.now();
  say(`building the ${t.name}...`);
  t.build();
  fs.mkdirSync(path.dirname(t.stamp), { recursive: true });
  fs.writeFileSync(t.stamp, new Date().toISOString() + "\n");
  // Dated when the build began: a source saved during the build is newer, and builds next time.
  fs.utimesSync(t.stamp, started / 1000, started / 1000);
  say(`built the ${t.name} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
