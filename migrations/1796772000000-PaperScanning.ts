import { MigrationInterface, QueryRunner } from "typeorm";

// Virus scanning before release: a paper is distributed only once clamd has passed its file.
// Papers filed before this were distributed unscanned: they are NOT_SCANNED (released when they
// were filed), and a hub with a scanner scans them before their next download.
export class PaperScanning1796772000000 implements MigrationInterface {
  name = "PaperScanning1796772000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."paper_scan_status" AS ENUM('AWAITING_SCAN', 'SCANNER_UNAVAILABLE', 'RELEASED', 'QUARANTINED', 'NOT_SCANNED')`,
    );
    await queryRunner.query(`ALTER TABLE "court_document" ADD "scan_status" "public"."paper_scan_status" NOT NULL DEFAULT 'NOT_SCANNED'`);
    await queryRunner.query(`ALTER TABLE "court_document" ALTER COLUMN "scan_status" SET DEFAULT 'AWAITING_SCAN'`);
    await queryRunner.query(`ALTER TABLE "court_document" ADD "released_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`UPDATE "court_document" SET "released_at" = "filed_at"`);
    await queryRunner.query(`ALTER TABLE "court_document" ADD "scanned_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "court_document" ADD "scan_signature" text`);
    await queryRunner.query(`ALTER TABLE "court_document" ADD "scan_attempts" integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE "court_document" ADD "scan_next_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "court_document" ADD "scan_last_error" text`);
    await queryRunner.query(`ALTER TABLE "court_document" ADD "leased_until" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "court_document" ADD "lease_token" uuid`);
    await queryRunner.query(`ALTER TABLE "court_document" ADD "quarantine_emptied_at" TIMESTAMP WITH TIME ZONE`);
    // The scan job's queue: papers not yet passed (a partial index stays small).
    await queryRunner.query(
      `CREATE INDEX "IDX_court_document_scan_queue" ON "court_document" ("scan_next_at") WHERE "scan_status" IN ('AWAITING_SCAN', 'SCANNER_UNAVAILABLE', 'NOT_SCANNED')`,
    );
    await queryRunner.query(`ALTER TYPE "public"."case_event_kind" ADD VALUE IF NOT EXISTS 'DOCUMENT_QUARANTINED'`);
    await queryRunner.query(`ALTER TYPE "public"."notice_kind" ADD VALUE IF NOT EXISTS 'PAPER_QUARANTINED'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_court_document_scan_queue"`);
    for (const column of [
      "quarantine_emptied_at",
      "lease_token",
      "leased_until",
      "scan_last_error",
      "scan_next_at",
      "scan_attempts",
      "scan_signature",
      "scanned_at",
      "released_at",
      "scan_status",
    ]) {
      await queryRunner.query(`ALTER TABLE "court_document" DROP COLUMN "${column}"`);
    }
    await queryRunner.query(`DROP TYPE "public"."paper_scan_status"`);
    // (PostgreSQL cannot drop an enum's value: DOCUMENT_QUARANTINED and PAPER_QUARANTINED stay, unused.)
  }
}
