import { MigrationInterface, QueryRunner } from "typeorm";

export class Foundation1795831556486 implements MigrationInterface {
    name = 'Foundation1795831556486'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "audit_entry" (
                "id" BIGSERIAL NOT NULL,
                "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "request_id" text NOT NULL,
                "user_id" uuid,
                "organisation_id" uuid,
                "operation" text NOT NULL,
                "proceedings_id" uuid,
                "child_id" uuid,
                "outcome" text NOT NULL,
                CONSTRAINT "PK_58a130a4b9da189f46ba2a01801" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_5551c2bdf20d9aef6d827a3666" ON "audit_entry" ("user_id", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_2eafbd046acc24630f485baadc" ON "audit_entry" ("proceedings_id", "id")
        `);
        await queryRunner.query(`
            CREATE TABLE "trusted_issuer" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "issuer" text NOT NULL,
                "audience" text NOT NULL,
                "algorithms" text array NOT NULL,
                "public_keys" text array NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_1f72168370737a30c2acd159b87" UNIQUE ("issuer"),
                CONSTRAINT "PK_ac57d16cd94f2c20244b1588b63" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."organisation_kind" AS ENUM(
                'HUB',
                'LOCAL_AUTHORITY',
                'IRO_SERVICE',
                'CAFCASS_AREA',
                'COURT'
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "organisation" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" text NOT NULL,
                "kind" "public"."organisation_kind" NOT NULL,
                "local_authority_id" uuid,
                "cafcass_area_id" uuid,
                "issuer_id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_c725ae234ef1b74cce43d2d00c1" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."role" AS ENUM(
                'HUB_ADMIN',
                'LA_LEGAL',
                'SOCIAL_WORKER',
                'IRO',
                'IRO_MANAGER',
                'GUARDIAN',
                'CAFCASS_MANAGER',
                'COURT'
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "hub_user" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "organisation_id" uuid NOT NULL,
                "issuer_id" uuid NOT NULL,
                "subject" text NOT NULL,
                "display_name" text NOT NULL,
                "email" text NOT NULL,
                "phone" text,
                "roles" "public"."role" array NOT NULL,
                "active" boolean NOT NULL DEFAULT true,
                "deactivated_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_31d6bade4f968a1772ac5795c40" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_b518115c094d3daaf1074f2468" ON "hub_user" ("issuer_id", "subject")
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."application_type" AS ENUM(
                'CARE_ORDER',
                'SUPERVISION_ORDER',
                'CARE_OR_SUPERVISION_ORDER',
                'PLACEMENT_ORDER',
                'DISCHARGE_OF_CARE_ORDER',
                'OTHER'
            )
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."proceedings_status" AS ENUM('OPEN', 'CLOSED')
        `);
        await queryRunner.query(`
            CREATE TABLE "proceedings" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "court_id" uuid NOT NULL,
                "court_case_number" text NOT NULL,
                "local_authority_id" uuid NOT NULL,
                "issue_date" date NOT NULL,
                "application_type" "public"."application_type" NOT NULL,
                "status" "public"."proceedings_status" NOT NULL DEFAULT 'OPEN',
                "registered_by_id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_990adceb39d7045b0c487c9e802" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_a1408fbbf2a188b17332bb2356" ON "proceedings" ("local_authority_id", "issue_date")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_f40d076cebdc9472b70778a24c" ON "proceedings" ("court_id", "court_case_number")
        `);
        await queryRunner.query(`
            CREATE TABLE "child" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "proceedings_id" uuid NOT NULL,
                "given_name" text NOT NULL,
                "family_name" text NOT NULL,
                "date_of_birth" date NOT NULL,
                "la_reference" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_4609b9b323ca37c6bc435ec4b6b" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_5dcad0b5a1ee9aeb21d2a89db0" ON "child" ("proceedings_id", "la_reference")
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."hearing_type" AS ENUM('CMH', 'IRH', 'FINAL', 'OTHER')
        `);
        await queryRunner.query(`
            CREATE TABLE "hearing" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "proceedings_id" uuid NOT NULL,
                "type" "public"."hearing_type" NOT NULL,
                "date" date NOT NULL,
                "recorded_by_id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_9a5ad1f15d540f0d70860aba349" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_240c23141d696a329bfdc7054d" ON "hearing" ("proceedings_id", "date")
        `);
        await queryRunner.query(`
            CREATE TABLE "timetable_extension" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "proceedings_id" uuid NOT NULL,
                "weeks" smallint NOT NULL,
                "granted_on" date NOT NULL,
                "reason" text NOT NULL,
                "recorded_by_id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_5b6bd64fb005c31235e766832e6" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_78f67dbe056b157beb3809669c" ON "timetable_extension" ("proceedings_id")
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."appointment_role" AS ENUM(
                'LA_LEGAL_DEPARTMENT',
                'COURT',
                'IRO',
                'GUARDIAN',
                'SOCIAL_WORKER'
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "appointment" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "proceedings_id" uuid NOT NULL,
                "child_id" uuid,
                "role" "public"."appointment_role" NOT NULL,
                "user_id" uuid,
                "organisation_id" uuid NOT NULL,
                "starts_on" date NOT NULL,
                "ends_on" date,
                "appointed_by_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_e8be1a53027415e709ce8a2db74" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_2b0c0c617a5b98ea0a5410e5ef" ON "appointment" ("child_id", "role")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_2f72d0b9fcbd6feb6d94f8d703" ON "appointment" ("organisation_id", "role")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_15d50a87502380623ff0c27e45" ON "appointment" ("user_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_feb2eabaaee5486b5e0073da02" ON "appointment" ("proceedings_id")
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."protocol_step" AS ENUM(
                'IRO_KNOWN_TO_COURT',
                'GUARDIAN_AND_IRO_INTRODUCED'
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "protocol_notice" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "proceedings_id" uuid NOT NULL,
                "child_id" uuid NOT NULL,
                "step" "public"."protocol_step" NOT NULL,
                "iro_appointment_id" uuid NOT NULL,
                "guardian_appointment_id" uuid,
                "contacts" jsonb NOT NULL,
                "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_a536b032fd2f01c320041455c4c" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_97fff826179abbc9ac16fc12c9" ON "protocol_notice" ("child_id", "step")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_2b60b62236f8233bb51c0eacba" ON "protocol_notice" ("proceedings_id")
        `);
        await queryRunner.query(`
            ALTER TABLE "organisation"
            ADD CONSTRAINT "FK_3a5d78f918b4ef8675ba8747a6e" FOREIGN KEY ("local_authority_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "organisation"
            ADD CONSTRAINT "FK_d1bb33dd0240cf40a2213fc6ae4" FOREIGN KEY ("cafcass_area_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "organisation"
            ADD CONSTRAINT "FK_1a84a47242d6a4593bcce2771c1" FOREIGN KEY ("issuer_id") REFERENCES "trusted_issuer"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "hub_user"
            ADD CONSTRAINT "FK_6fe19267f239322d480e3603f33" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "hub_user"
            ADD CONSTRAINT "FK_69ffa9d067630ff89ef98178ae0" FOREIGN KEY ("issuer_id") REFERENCES "trusted_issuer"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "proceedings"
            ADD CONSTRAINT "FK_ef018ebda1bb1776e5b4140370d" FOREIGN KEY ("court_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "proceedings"
            ADD CONSTRAINT "FK_fa446a2c30c331fd4d5904a60d6" FOREIGN KEY ("local_authority_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "proceedings"
            ADD CONSTRAINT "FK_6c57c39d43bc926bd7b96ffd663" FOREIGN KEY ("registered_by_id") REFERENCES "hub_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "child"
            ADD CONSTRAINT "FK_13dc257f990d696c74527d4b5f8" FOREIGN KEY ("proceedings_id") REFERENCES "proceedings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "hearing"
            ADD CONSTRAINT "FK_64dd744b7cc6ceb0f01b9b6873d" FOREIGN KEY ("proceedings_id") REFERENCES "proceedings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "timetable_extension"
            ADD CONSTRAINT "FK_78f67dbe056b157beb3809669c2" FOREIGN KEY ("proceedings_id") REFERENCES "proceedings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "appointment"
            ADD CONSTRAINT "FK_feb2eabaaee5486b5e0073da02c" FOREIGN KEY ("proceedings_id") REFERENCES "proceedings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "appointment"
            ADD CONSTRAINT "FK_78f73b5341876372ead50d931f5" FOREIGN KEY ("child_id") REFERENCES "child"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "appointment"
            ADD CONSTRAINT "FK_15d50a87502380623ff0c27e458" FOREIGN KEY ("user_id") REFERENCES "hub_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "appointment"
            ADD CONSTRAINT "FK_7f32521e36b7544ec4d4965ab51" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "protocol_notice"
            ADD CONSTRAINT "FK_2b60b62236f8233bb51c0eacba4" FOREIGN KEY ("proceedings_id") REFERENCES "proceedings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "protocol_notice"
            ADD CONSTRAINT "FK_3ca6c6b9eb26dcc76f3d0a0c172" FOREIGN KEY ("child_id") REFERENCES "child"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "protocol_notice"
            ADD CONSTRAINT "FK_dd6879ddf1b5ed12ecf245623ee" FOREIGN KEY ("iro_appointment_id") REFERENCES "appointment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "protocol_notice"
            ADD CONSTRAINT "FK_2886854b70b52af2185c646270c" FOREIGN KEY ("guardian_appointment_id") REFERENCES "appointment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "protocol_notice" DROP CONSTRAINT "FK_2886854b70b52af2185c646270c"
        `);
        await queryRunner.query(`
            ALTER TABLE "protocol_notice" DROP CONSTRAINT "FK_dd6879ddf1b5ed12ecf245623ee"
        `);
        await queryRunner.query(`
            ALTER TABLE "protocol_notice" DROP CONSTRAINT "FK_3ca6c6b9eb26dcc76f3d0a0c172"
        `);
        await queryRunner.query(`
            ALTER TABLE "protocol_notice" DROP CONSTRAINT "FK_2b60b62236f8233bb51c0eacba4"
        `);
        await queryRunner.query(`
            ALTER TABLE "appointment" DROP CONSTRAINT "FK_7f32521e36b7544ec4d4965ab51"
        `);
        await queryRunner.query(`
            ALTER TABLE "appointment" DROP CONSTRAINT "FK_15d50a87502380623ff0c27e458"
        `);
        await queryRunner.query(`
            ALTER TABLE "appointment" DROP CONSTRAINT "FK_78f73b5341876372ead50d931f5"
        `);
        await queryRunner.query(`
            ALTER TABLE "appointment" DROP CONSTRAINT "FK_feb2eabaaee5486b5e0073da02c"
        `);
        await queryRunner.query(`
            ALTER TABLE "timetable_extension" DROP CONSTRAINT "FK_78f67dbe056b157beb3809669c2"
        `);
        await queryRunner.query(`
            ALTER TABLE "hearing" DROP CONSTRAINT "FK_64dd744b7cc6ceb0f01b9b6873d"
        `);
        await queryRunner.query(`
            ALTER TABLE "child" DROP CONSTRAINT "FK_13dc257f990d696c74527d4b5f8"
        `);
        await queryRunner.query(`
            ALTER TABLE "proceedings" DROP CONSTRAINT "FK_6c57c39d43bc926bd7b96ffd663"
        `);
        await queryRunner.query(`
            ALTER TABLE "proceedings" DROP CONSTRAINT "FK_fa446a2c30c331fd4d5904a60d6"
        `);
        await queryRunner.query(`
            ALTER TABLE "proceedings" DROP CONSTRAINT "FK_ef018ebda1bb1776e5b4140370d"
        `);
        await queryRunner.query(`
            ALTER TABLE "hub_user" DROP CONSTRAINT "FK_69ffa9d067630ff89ef98178ae0"
        `);
        await queryRunner.query(`
            ALTER TABLE "hub_user" DROP CONSTRAINT "FK_6fe19267f239322d480e3603f33"
        `);
        await queryRunner.query(`
            ALTER TABLE "organisation" DROP CONSTRAINT "FK_1a84a47242d6a4593bcce2771c1"
        `);
        await queryRunner.query(`
            ALTER TABLE "organisation" DROP CONSTRAINT "FK_d1bb33dd0240cf40a2213fc6ae4"
        `);
        await queryRunner.query(`
            ALTER TABLE "organisation" DROP CONSTRAINT "FK_3a5d78f918b4ef8675ba8747a6e"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_2b60b62236f8233bb51c0eacba"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_97fff826179abbc9ac16fc12c9"
        `);
        await queryRunner.query(`
            DROP TABLE "protocol_notice"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."protocol_step"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_feb2eabaaee5486b5e0073da02"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_15d50a87502380623ff0c27e45"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_2f72d0b9fcbd6feb6d94f8d703"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_2b0c0c617a5b98ea0a5410e5ef"
        `);
        await queryRunner.query(`
            DROP TABLE "appointment"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."appointment_role"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_78f67dbe056b157beb3809669c"
        `);
        await queryRunner.query(`
            DROP TABLE "timetable_extension"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_240c23141d696a329bfdc7054d"
        `);
        await queryRunner.query(`
            DROP TABLE "hearing"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."hearing_type"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_5dcad0b5a1ee9aeb21d2a89db0"
        `);
        await queryRunner.query(`
            DROP TABLE "child"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_f40d076cebdc9472b70778a24c"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_a1408fbbf2a188b17332bb2356"
        `);
        await queryRunner.query(`
            DROP TABLE "proceedings"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."proceedings_status"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."application_type"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_b518115c094d3daaf1074f2468"
        `);
        await queryRunner.query(`
            DROP TABLE "hub_user"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."role"
        `);
        await queryRunner.query(`
            DROP TABLE "organisation"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."organisation_kind"
        `);
        await queryRunner.query(`
            DROP TABLE "trusted_issuer"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_2eafbd046acc24630f485baadc"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_5551c2bdf20d9aef6d827a3666"
        `);
        await queryRunner.query(`
            DROP TABLE "audit_entry"
        `);
    }

}
