import { Client } from "pg";
import { startTestHub, TestHub } from "./support/test-hub";

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

  it("all ran, and can be reverted and re-applied", async () => {
    const ds = hub.dataSource;
    const applied = await ds.query("SELECT name FROM migrations ORDER BY id");
    expect(applied.length).toBe(ds.migrations.length);
    for (let i = 0; i < ds.migrations.length; i++) await ds.undoLastMigration({ transaction: "each" });
    expect(await ds.query("SELECT to_regclass('proceedings') AS t")).toEqual([{ t: null }]);
    await ds.runMigrations({ transaction: "each" });
    expect((await ds.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
  });

  it("the application never synchronizes the schema", () => {
    expect(hub.dataSource.options.synchronize).toBe(false);
    expect(hub.dataSource.options.migrationsRun).toBe(false);
  });

  it("the audit trail is append-only in the database itself", async () => {
    const client = new Client({ connectionString: hub.databaseUrl });
    await client.connect();
    try {
      await client.query("INSERT INTO audit_entry (request_id, operation, outcome) VALUES ('r1', 'Query.test', 'OK')");
      await expect(client.query("UPDATE audit_entry SET outcome = 'FORGED'")).rejects.toThrow(/append-only/);
      await expect(client.query("DELETE FROM audit_entry")).rejects.toThrow(/append-only/);
      await expect(client.query("TRUNCATE audit_entry")).rejects.toThrow(/append-only/);
      const rows = await client.query("SELECT outcome FROM audit_entry WHERE request_id = 'r1'");
      expect(rows.rows).toEqual([{ outcome: "OK" }]);
    } finally {
      await client.end();
    }
  });
});
