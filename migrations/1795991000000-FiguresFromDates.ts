import { MigrationInterface, QueryRunner } from "typeorm";

// Written by hand (triggers):
//  - "Reached in time" is derived from the delivery's date, the document's date and the working-day
//    calendar wherever it is read (court-papers' reachedInTimeSql), never stored: a stored flag
//    missed a corrected document date and a new bank holiday.
//  - TRUNCATE of any table the balcony rollup reads from marks every child for a refresh (the
//    row triggers never see a TRUNCATE).
const SOURCES = ["child", "proceedings", "appointment", "paper_delivery", "court_document", "hearing", "liaison_record", "liaison_action", "calendar_day"];

export class FiguresFromDates1795991000000 implements MigrationInterface {
  name = "FiguresFromDates1795991000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "paper_delivery" DROP COLUMN "reached_in_time"`);
    for (const table of SOURCES) {
      await queryRunner.query(
        `CREATE TRIGGER "compliance_${table}_truncate" AFTER TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_all()`,
      );
    }
    await queryRunner.query(`INSERT INTO compliance_dirty (child_id) VALUES (NULL)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of SOURCES) await queryRunner.query(`DROP TRIGGER "compliance_${table}_truncate" ON "${table}"`);
    await queryRunner.query(`ALTER TABLE "paper_delivery" ADD "reached_in_time" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "paper_delivery" ALTER COLUMN "reached_in_time" DROP DEFAULT`);
  }
}
