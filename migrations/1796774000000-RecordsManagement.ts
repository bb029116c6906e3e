import { MigrationInterface, QueryRunner } from "typeorm";

// Records management: legal holds, disposal certificates, each organisation's retention schedule,
// the records manager's role and the disposal event; and the court bundles' references made
// foreign keys, so that disposal (which follows them) removes a bundle with its papers.
export class RecordsManagement1796774000000 implements MigrationInterface {
  name = "RecordsManagement1796774000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "legal_hold" (
                  "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                  "child_id" uuid NOT NULL,
                  "proceedings_id" uuid NOT NULL,
                  "reason" text NOT NULL,
                  "placed_by_id" uuid NOT NULL,
                  "placed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                  "lifted_at" TIMESTAMP WITH TIME ZONE,
                  "lifted_by_id" uuid,
                  "lift_reason" text,
                  CONSTRAINT "PK_edcd499db1f1c67a56c565c5e64" PRIMARY KEY ("id")
              )
    `);
    await queryRunner.query(`
      CREATE UNIQUE INDEX "IDX_0d95e86d2cabc5a41424ec176f" ON "legal_hold" ("child_id")
              WHERE "lifted_at" IS NULL
    `);
    await queryRunner.query(`
      CREATE TYPE "public"."retention_class" AS ENUM('LOOKED_AFTER', 'NOT_LOOKED_AFTER', 'OPEN')
    `);
    await queryRunner.query(`
      CREATE TABLE "disposal_certificate" (
                  "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                  "batch_id" uuid NOT NULL,
                  "local_authority_id" uuid NOT NULL,
                  "proceedings_id" uuid NOT NULL,
                  "court_case_number" text NOT NULL,
                  "retention_class" "public"."retention_class" NOT NULL,
                  "rule" text NOT NULL,
                  "records_removed" jsonb NOT NULL,
                  "files_removed" integer NOT NULL,
                  "approved_by_id" uuid NOT NULL,
                  "disposed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                  CONSTRAINT "PK_6b9b2014044c2148022c40ca45a" PRIMARY KEY ("id")
              )
    `);
    await queryRunner.query(`
      CREATE INDEX "IDX_871775b24e2471da274ac55b85" ON "disposal_certificate" ("local_authority_id", "disposed_at")
    `);
    await queryRunner.query(`
      CREATE TABLE "retention_schedule" (
                  "organisation_id" uuid NOT NULL,
                  "not_looked_after_age" integer NOT NULL,
                  "updated_by_id" uuid NOT NULL,
                  "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                  CONSTRAINT "PK_b908e95ef481a57a8d1065c17c4" PRIMARY KEY ("organisation_id")
              )
    `);
    await queryRunner.query(`
      ALTER TYPE "public"."case_event_kind" ADD VALUE IF NOT EXISTS 'RECORDS_DISPOSED'
    `);
    await queryRunner.query(`
      ALTER TYPE "public"."role" ADD VALUE IF NOT EXISTS 'RECORDS_MANAGER'
    `);
    await queryRunner.query(`
      ALTER TABLE "court_bundle"
              ADD CONSTRAINT "FK_83d1f2f9b030348eeccdb133d7c" FOREIGN KEY ("hearing_id") REFERENCES "hearing"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
    `);
    await queryRunner.query(`
      ALTER TABLE "court_bundle"
              ADD CONSTRAINT "FK_54eb3d5c6fc33f46450509d3517" FOREIGN KEY ("document_id") REFERENCES "court_document"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
    `);
    await queryRunner.query(`
      ALTER TABLE "court_bundle_item"
              ADD CONSTRAINT "FK_c5e1f50cbc8876dc8587a636379" FOREIGN KEY ("bundle_id") REFERENCES "court_bundle"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
    `);
    await queryRunner.query(`
      ALTER TABLE "court_bundle_item"
              ADD CONSTRAINT "FK_1aba39a972da58d36a4314cc065" FOREIGN KEY ("document_id") REFERENCES "court_document"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const fk of ["FK_1aba39a972da58d36a4314cc065", "FK_c5e1f50cbc8876dc8587a636379"]) await queryRunner.query(`ALTER TABLE "court_bundle_item" DROP CONSTRAINT "${fk}"`);
    for (const fk of ["FK_54eb3d5c6fc33f46450509d3517", "FK_83d1f2f9b030348eeccdb133d7c"]) await queryRunner.query(`ALTER TABLE "court_bundle" DROP CONSTRAINT "${fk}"`);
    await queryRunner.query(`DROP TABLE "retention_schedule"`);
    await queryRunner.query(`DROP TABLE "disposal_certificate"`);
    await queryRunner.query(`DROP TYPE "public"."retention_class"`);
    await queryRunner.query(`DROP TABLE "legal_hold"`);
    // (PostgreSQL cannot drop an enum's value: RECORDS_DISPOSED and RECORDS_MANAGER stay, unused.)
  }
}
