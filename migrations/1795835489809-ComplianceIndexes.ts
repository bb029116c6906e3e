import { MigrationInterface, QueryRunner } from "typeorm";

export class ComplianceIndexes1795835489809 implements MigrationInterface {
    name = 'ComplianceIndexes1795835489809'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE INDEX "IDX_53bb6a1481b644f4c012d90d88" ON "proceedings" ("issue_date")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_0e5769cbcecfaa246fc60801e6" ON "court_document" ("proceedings_id", "type")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_b8023e0f07c24efacee87d1945" ON "paper_delivery" ("proceedings_id", "role")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."IDX_b8023e0f07c24efacee87d1945"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_0e5769cbcecfaa246fc60801e6"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_53bb6a1481b644f4c012d90d88"
        `);
    }

}
