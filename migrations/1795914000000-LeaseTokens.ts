import { MigrationInterface, QueryRunner } from "typeorm";

// Senders hold an outbox message or a webhook endpoint by a token of their own: a sender whose
// lease lapsed cannot record an outcome over the one that took over. Digests find what waits
// for them through a partial index.
export class LeaseTokens1795914000000 implements MigrationInterface {
  name = "LeaseTokens1795914000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "email_message" ADD "lease_token" uuid`);
    await queryRunner.query(`ALTER TABLE "webhook_endpoint" ADD "lease_token" uuid`);
    await queryRunner.query(`CREATE INDEX "IDX_notice_waiting_for_digest" ON "notice" ("user_id") WHERE "delivery" = 'DAILY_DIGEST' AND "email_id" IS NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_notice_waiting_for_digest"`);
    await queryRunner.query(`ALTER TABLE "webhook_endpoint" DROP COLUMN "lease_token"`);
    await queryRunner.query(`ALTER TABLE "email_message" DROP COLUMN "lease_token"`);
  }
}
