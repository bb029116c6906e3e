import { Client } from "pg";
import { startTestHub, TestHub } from "./support/test-hub";
import { openHubDataSource } from "../src/app";
import { checkServingRole, grantServingRole } from "../src/core/db/roles";

describe("migrations", () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ seed: false });
  });
  afterAll(() => hub.stop());

  it("match the entities exactly (no drift)", async () => {
    // What `typeorm migration:generate --check` computes: the SQL that would bring the
    // migrated database in line with the entities. It must be empty.
    const sql = await hub.dataSource.driver.createSchemaBuilder().log();
    expect(sql.upQueries.map((q) => q.query)).toEqual([]);
  });

  it("all ran, and can be reverted and re-applied by the owner", async () => {
    const applied = await hub.dataSource.query("SELECT name FROM migrations ORDER BY id");
    expect(applied.length).toBe(hub.dataSource.migrations.length);
    const ds = await openHubDataSource(hub.ownerUrl);
    try {
      for (let i = 0; i < ds.migrations.length; i++) await ds.undoLastMigration({ transaction: "each" });
      expect(await ds.query("SELECT to_regclass('proceedings') AS t")).toEqual([{ t: null }]);
      await ds.runMigrations({ transaction: "each" });
      await grantServingRole(ds, new URL(hub.databaseUrl).username);
    } finally {
      await ds.destroy();
    }
    expect((await hub.dataSource.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
  });

  it("the application never synchronizes the schema", () => {
    expect(hub.dataSource.options.synchronize).toBe(false);
    expect(hub.dataSource.options.migrationsRun).toBe(false);
  });

  it("the hub serves as a role that is no superuser, owns nothing, and may only read and append to the audit trail", async () => {
    expect(await checkServingRole(hub.dataSource)).toEqual({ role: new URL(hub.databaseUrl).username, superuser: false, owns: 0 });
    const client = new Client({ connectionString: hub.databaseUrl });
    await client.connect();
    try {
      await client.query("INSERT INTO audit_entry (request_id, operation, outcome) VALUES ('r1', 'Query.test', 'OK')");
      const refusals: [string, RegExp][] = [
        ...[
          "UPDATE audit_entry SET outcome = 'FORGED'",
          "UPDATE audit_entry SET id = id + 1000",
          "DELETE FROM audit_entry",
          "TRUNCATE audit_entry",
          "UPDATE audit_chain_head SET seq = 0",
          "DELETE FROM audit_chain_head",
          "TRUNCATE audit_chain_head",
        ].map((sql): [string, RegExp] => [sql, /^permission denied/]),
        ...[
          "ALTER TABLE audit_entry DISABLE TRIGGER USER",
          "ALTER TABLE audit_chain_head DISABLE TRIGGER USER",
          "DROP TRIGGER audit_entry_chain ON audit_entry",
        ].map((sql): [string, RegExp] => [sql, /must be owner/]),
      ];
      for (const [sql, why] of refusals) {
        const refused = await client.query(sql).then(
          () => "done",
          (e: Error) => e.message,
        );
        expect({ sql, refused }).toEqual({ sql, refused: expect.stringMatching(why) });
      }
      const rows = await client.query("SELECT outcome FROM audit_entry WHERE request_id = 'r1'");
      expect(rows.rows).toEqual([{ outcome: "OK" }]);
    } finally {
      await client.end();
    }
  });

  it("the audit trail is append-only even for the owner, short of switching triggers off", async () => {
    await expect(hub.sql("UPDATE audit_entry SET outcome = 'FORGED'")).rejects.toThrow(/append-only/);
    await expect(hub.sql("DELETE FROM audit_entry")).rejects.toThrow(/append-only/);
    await expect(hub.sql("TRUNCATE audit_entry")).rejects.toThrow(/append-only/);
    await expect(hub.sql("UPDATE audit_chain_head SET seq = seq - 1")).rejects.toThrow(/moves forward/);
    await expect(hub.sql("DELETE FROM audit_chain_head")).rejects.toThrow(/moves forward/);
    await expect(hub.sql("INSERT INTO audit_chain_head (id, seq, hash) VALUES (false, 0, 'x')")).rejects.toThrow(/moves forward/);
  });
});
