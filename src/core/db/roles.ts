import crypto from "node:crypto";
import { Client } from "pg";
import type { DataSource, EntityManager } from "typeorm";

// Least privilege in the database. Two roles, as the PostgreSQL manual's "Privileges" chapter
// suggests for an application:
//  - the OWNER owns the database and every table, function and trigger in it, and runs the
//    migrations; the hub uses it only at start, to migrate and to grant;
//  - the SERVING role (the one DATABASE_URL names) is not a superuser and owns nothing. It may
//    read and write the case tables, and on the audit trail only read and append: no UPDATE,
//    DELETE or TRUNCATE, and (owning nothing) no way to switch a trigger off. The audit chain's
//    head is advanced by a SECURITY DEFINER trigger that runs as the owner.
// The embedded PostgreSQL creates both; for any other server, docker/db-roles.sql does.

/** Tables the serving role may read and append to, never change. */
const APPEND_ONLY = ["audit_entry"];
/** Tables the serving role may only read. */
const READ_ONLY = ["audit_chain_head", "migrations"];

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * The grants the serving role holds, applied by the owner after every migration run (idempotent).
 * In one transaction: another hub process serving meanwhile never sees the grants half-made.
 */
export async function grantServingRole(ds: DataSource, servingRole: string): Promise<void> {
  await ds.transaction((owner) => grant(owner, servingRole));
}

async function grant(owner: EntityManager, servingRole: string): Promise<void> {
  const role = ident(servingRole);
  const present: { name: string }[] = await owner.query(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename = ANY($1)`, [
    [...APPEND_ONLY, ...READ_ONLY],
  ]);
  const has = new Set(present.map((p) => p.name));
  const list = (names: string[]) => names.filter((n) => has.has(n)).map(ident);
  await owner.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
  await owner.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${role}`);
  await owner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
  await owner.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
  const appendOnly = list(APPEND_ONLY);
  const readOnly = list(READ_ONLY);
  if (appendOnly.length) await owner.query(`REVOKE UPDATE, DELETE ON ${appendOnly.join(", ")} FROM ${role}`);
  if (readOnly.length) await owner.query(`REVOKE INSERT, UPDATE, DELETE ON ${readOnly.join(", ")} FROM ${role}`);
}

export interface ServingRoleCheck {
  role: string;
  superuser: boolean;
  /** Tables, views and sequences of the hub's schema the role owns. */
  owns: number;
}

/** Who the hub is serving as, and whether that role is more than it should be. */
export async function checkServingRole(ds: DataSource): Promise<ServingRoleCheck> {
  const [row] = await ds.query(
    `SELECT current_user AS role, r.rolsuper AS superuser,
            (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = 'public' AND c.relowner = r.oid) AS owns
       FROM pg_roles r WHERE r.rolname = current_user`,
  );
  return row;
}

export interface DatabaseRoles {
  /** The owner's URL: migrations and grants. */
  ownerUrl: string;
  /** The serving role's URL: everything else. */
  servingUrl: string;
  servingRole: string;
}

function withCredentials(url: string, user: string, password: string, database: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = password;
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * On a server the hub administers itself (the embedded PostgreSQL, a test cluster), as its
 * superuser: makes the owner and serving roles (fresh passwords each time, so none is stored
 * anywhere), and the database owned by the owner. A database made before the roles existed is
 * handed to the owner, with everything in it.
 */
export async function prepareDatabaseRoles(
  superuserUrl: string,
  database: string,
  names: { owner: string; serving: string } = { owner: "hub_owner", serving: "hub_app" },
): Promise<DatabaseRoles> {
  const admin = new Client({ connectionString: superuserUrl });
  await admin.connect();
  try {
    const passwords = { owner: crypto.randomBytes(18).toString("base64url"), serving: crypto.randomBytes(18).toString("base64url") };
    for (const [name, password] of [
      [names.owner, passwords.owner],
      [names.serving, passwords.serving],
    ]) {
      const exists = await admin.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [name]);
      const verb = exists.rowCount ? "ALTER" : "CREATE";
      // A literal password: ALTER/CREATE ROLE take no parameters. base64url holds no quote.
      await admin.query(`${verb} ROLE ${ident(name)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '${password}'`);
    }
    const db = await admin.query<{ owner: string }>("SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1", [database]);
    if (!db.rowCount) await admin.query(`CREATE DATABASE ${ident(database)} OWNER ${ident(names.owner)}`);
    else if (db.rows[0].owner !== names.owner) await handOver(superuserUrl, database, names.owner);
    return {
      ownerUrl: withCredentials(superuserUrl, names.owner, passwords.owner, database),
      servingUrl: withCredentials(superuserUrl, names.serving, passwords.serving, database),
      servingRole: names.serving,
    };
  } finally {
    await admin.end();
  }
}

/** Gives a database, and every object of its public schema, to the owner role. */
async function handOver(superuserUrl: string, database: string, owner: string): Promise<void> {
  const u = new URL(superuserUrl);
  u.pathname = `/${database}`;
  const c = new Client({ connectionString: u.toString() });
  await c.connect();
  try {
    await c.query(`ALTER DATABASE ${ident(database)} OWNER TO ${ident(owner)}`);
    await c.query(`
      DO $$
      DECLARE r record;
      BEGIN
        FOR r IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                  WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'm', 'p', 'f') LOOP
          EXECUTE format('ALTER TABLE %I OWNER TO ${ident(owner)}', r.relname);
        END LOOP;
        FOR r IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                  WHERE n.nspname = 'public' AND c.relkind = 'S' AND NOT EXISTS (
                    SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')) LOOP
          EXECUTE format('ALTER SEQUENCE %I OWNER TO ${ident(owner)}', r.relname);
        END LOOP;
        FOR r IN SELECT p.oid::regprocedure AS fn FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                  WHERE n.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e') LOOP
          EXECUTE format('ALTER FUNCTION %s OWNER TO ${ident(owner)}', r.fn);
        END LOOP;
        FOR r IN SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                  WHERE n.nspname = 'public' AND t.typtype = 'e' LOOP
          EXECUTE format('ALTER TYPE %I OWNER TO ${ident(owner)}', r.typname);
        END LOOP;
      END $$`);
  } finally {
    await c.end();
  }
}
