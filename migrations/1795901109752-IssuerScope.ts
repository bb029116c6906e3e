import { MigrationInterface, QueryRunner } from "typeorm";

export class IssuerScope1795901109752 implements MigrationInterface {
    name = 'IssuerScope1795901109752'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "trusted_issuer"
            ADD "scope" text
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "trusted_issuer" DROP COLUMN "scope"
        `);
    }

}
