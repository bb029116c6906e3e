import { MigrationInterface, QueryRunner } from "typeorm";

// Who raised a case event, so that a person's own change is not announced to them as news.
// Events recorded before this have no actor (as events the hub raises itself).
export class CaseEventActor1796685400000 implements MigrationInterface {
  name = "CaseEventActor1796685400000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "case_event" ADD "actor_id" uuid`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "case_event" DROP COLUMN "actor_id"`);
  }
}
