import { MigrationInterface, QueryRunner } from "typeorm";

// The balcony view's rollup: one row of protocol facts per child (compliance_child), kept by the
// liaison module's compliance service. Triggers on every table the facts come from note which
// children changed (compliance_dirty), in the writing transaction, whoever writes and whether or
// not a case event is raised; the service brings those rows up to date before it counts. A
// NULL child id means "all" (the working-day calendar changed).
const SOURCES: { table: string; column: string; of: "child" | "case" }[] = [
  { table: "child", column: "id", of: "child" },
  { table: "proceedings", column: "id", of: "case" },
  { table: "appointment", column: "child_id", of: "child" },
  { table: "paper_delivery", column: "proceedings_id", of: "case" },
  { table: "court_document", column: "proceedings_id", of: "case" },
  { table: "hearing", column: "proceedings_id", of: "case" },
  { table: "liaison_record", column: "child_id", of: "child" },
  { table: "liaison_action", column: "child_id", of: "child" },
];

export class ComplianceRollup1795916000000 implements MigrationInterface {
  name = "ComplianceRollup1795916000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "compliance_child" (
      "child_id" uuid PRIMARY KEY,
      "proceedings_id" uuid NOT NULL,
      "issue_date" date NOT NULL,
      "local_authority_id" uuid NOT NULL,
      "court_id" uuid NOT NULL,
      "papers_iro_from" date,
      "both_from" date,
      "contact_deadline" date,
      "contact_in_time" boolean,
      "final_date" date,
      "views_before_final" boolean,
      "open_action_dues" date[] NOT NULL,
      "as_of" date NOT NULL,
      "valid_until" date)`);
    await queryRunner.query(`CREATE INDEX "IDX_compliance_child_issue_date" ON "compliance_child" ("issue_date")`);
    await queryRunner.query(`CREATE INDEX "IDX_compliance_child_valid_until" ON "compliance_child" ("valid_until")`);
    await queryRunner.query(`CREATE INDEX "IDX_compliance_child_as_of" ON "compliance_child" ("as_of")`);
    // The managers' scopes (appointments' managerScope, over the rollup as "p").
    await queryRunner.query(`CREATE INDEX "IDX_compliance_child_local_authority" ON "compliance_child" ("local_authority_id")`);
    await queryRunner.query(`CREATE INDEX "IDX_compliance_child_court" ON "compliance_child" ("court_id")`);
    // Each child's IRO today (one row per child and IRO), for the caseloads: narrow, and only the
    // children that have one.
    await queryRunner.query(`CREATE TABLE "compliance_iro_child" (
      "child_id" uuid NOT NULL,
      "iro_id" uuid NOT NULL,
      "local_authority_id" uuid NOT NULL,
      "court_id" uuid NOT NULL,
      "as_of" date NOT NULL)`);
    await queryRunner.query(`CREATE INDEX "IDX_compliance_iro_child_child" ON "compliance_iro_child" ("child_id")`);
    await queryRunner.query(`CREATE TABLE "compliance_dirty" ("child_id" uuid)`);
    await queryRunner.query(`CREATE FUNCTION compliance_mark() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_ARGV[1] = 'child' THEN
          EXECUTE format('INSERT INTO compliance_dirty (child_id) SELECT DISTINCT %I FROM changed WHERE %I IS NOT NULL', TG_ARGV[0], TG_ARGV[0]);
        ELSE
          EXECUTE format('INSERT INTO compliance_dirty (child_id) SELECT c.id FROM child c WHERE c.proceedings_id IN (SELECT %I FROM changed)', TG_ARGV[0]);
        END IF;
        RETURN NULL;
      END $$`);
    for (const { table, column, of } of SOURCES) {
      for (const [event, transition] of [
        ["INSERT", "NEW"],
        ["UPDATE", "NEW"],
        ["DELETE", "OLD"],
      ]) {
        await queryRunner.query(
          `CREATE TRIGGER "compliance_${table}_${event.toLowerCase()}" AFTER ${event} ON "${table}"
             REFERENCING ${transition} TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark('${column}', '${of}')`,
        );
      }
      // An update can move a row to another child or case: the old one changed too.
      await queryRunner.query(
        `CREATE TRIGGER "compliance_${table}_update_old" AFTER UPDATE ON "${table}"
           REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark('${column}', '${of}')`,
      );
    }
    await queryRunner.query(`CREATE FUNCTION compliance_mark_all() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO compliance_dirty (child_id) VALUES (NULL);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER "compliance_calendar_day" AFTER INSERT OR UPDATE OR DELETE ON "calendar_day" FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_all()`);
    await queryRunner.query(`INSERT INTO compliance_dirty (child_id) VALUES (NULL)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "compliance_calendar_day" ON "calendar_day"`);
    for (const { table } of SOURCES) {
      for (const event of ["insert", "update", "delete", "update_old"]) await queryRunner.query(`DROP TRIGGER "compliance_${table}_${event}" ON "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION compliance_mark_all()`);
    await queryRunner.query(`DROP FUNCTION compliance_mark()`);
    await queryRunner.query(`DROP TABLE "compliance_dirty"`);
    await queryRunner.query(`DROP TABLE "compliance_iro_child"`);
    await queryRunner.query(`DROP TABLE "compliance_child"`);
  }
}
