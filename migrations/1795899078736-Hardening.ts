import { MigrationInterface, QueryRunner } from "typeorm";

export class Hardening1795899078736 implements MigrationInterface {
    name = 'Hardening1795899078736'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // Trusted issuers: the development flag and what the console needs for OpenID Connect.
        await queryRunner.query(`
            ALTER TABLE "trusted_issuer"
            ADD "development" boolean NOT NULL DEFAULT false
        `);
        await queryRunner.query(`
            ALTER TABLE "trusted_issuer"
            ADD "discovery_url" text
        `);
        await queryRunner.query(`
            ALTER TABLE "trusted_issuer"
            ADD "client_id" text
        `);
        await queryRunner.query(`
            ALTER TABLE "trusted_issuer"
            ADD "display_name" text
        `);
        // Demo databases made before the flag existed: their development issuer is the default one.
        await queryRunner.query(`
            UPDATE "trusted_issuer" SET "development" = true WHERE "issuer" = 'https://dev-issuer.proceedings-hub.local'
        `);

        // The audit hash chain (written by hand: TypeORM does not model functions or triggers).
        await queryRunner.query(`ALTER TABLE "audit_entry" ADD "chain_seq" bigint`);
        await queryRunner.query(`ALTER TABLE "audit_entry" ADD "prev_hash" text`);
        await queryRunner.query(`ALTER TABLE "audit_entry" ADD "hash" text`);
        // Each field as <length>:<text> (or - for null), joined by |: unambiguous, and what
        // src/core/audit/audit-chain.ts recomputes outside the database.
        await queryRunner.query(`
            CREATE FUNCTION audit_entry_digest(prev text, seq bigint, occurred timestamptz, request_id text, user_id uuid,
                                               organisation_id uuid, operation text, proceedings_id uuid, child_id uuid, outcome text)
            RETURNS text LANGUAGE sql IMMUTABLE AS $$
              SELECT encode(sha256(convert_to(concat_ws('|',
                prev,
                seq::text,
                ((extract(epoch FROM occurred) * 1000000)::bigint)::text,
                coalesce(length(request_id) || ':' || request_id, '-'),
                coalesce(user_id::text, '-'),
                coalesce(organisation_id::text, '-'),
                coalesce(length(operation) || ':' || operation, '-'),
                coalesce(proceedings_id::text, '-'),
                coalesce(child_id::text, '-'),
                coalesce(length(outcome) || ':' || outcome, '-')), 'UTF8')), 'hex')
            $$
        `);
        // The chain's head: one row, locked by each inserting transaction until it commits, so
        // rows join the chain one writer at a time and each sees the committed previous hash.
        await queryRunner.query(`
            CREATE TABLE "audit_chain_head" ("id" boolean PRIMARY KEY DEFAULT true CHECK (id), "seq" bigint NOT NULL, "hash" text NOT NULL)
        `);
        await queryRunner.query(`ALTER TABLE "audit_entry" DISABLE TRIGGER audit_entry_no_update_delete`);
        await queryRunner.query(`
            DO $$
            DECLARE r record; prev text := 'genesis'; n bigint := 0;
            BEGIN
              FOR r IN SELECT * FROM audit_entry ORDER BY id LOOP
                n := n + 1;
                UPDATE audit_entry SET chain_seq = n, prev_hash = prev,
                  hash = audit_entry_digest(prev, n, r.occurred_at, r.request_id, r.user_id, r.organisation_id, r.operation, r.proceedings_id, r.child_id, r.outcome)
                WHERE id = r.id
                RETURNING hash INTO prev;
              END LOOP;
              INSERT INTO audit_chain_head (seq, hash) VALUES (n, prev);
            END $$
        `);
        await queryRunner.query(`ALTER TABLE "audit_entry" ENABLE TRIGGER audit_entry_no_update_delete`);
        await queryRunner.query(`ALTER TABLE "audit_entry" ALTER COLUMN "chain_seq" SET NOT NULL`);
        await queryRunner.query(`ALTER TABLE "audit_entry" ALTER COLUMN "prev_hash" SET NOT NULL`);
        await queryRunner.query(`ALTER TABLE "audit_entry" ALTER COLUMN "hash" SET NOT NULL`);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_497ad57b4ae70fe6fae7a52588" ON "audit_entry" ("chain_seq")
        `);
        await queryRunner.query(`
            CREATE FUNCTION audit_entry_chain() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE head record;
            BEGIN
              SELECT seq, hash INTO head FROM audit_chain_head FOR UPDATE;
              NEW.chain_seq := head.seq + 1;
              NEW.prev_hash := head.hash;
              NEW.hash := audit_entry_digest(NEW.prev_hash, NEW.chain_seq, NEW.occurred_at, NEW.request_id, NEW.user_id,
                                             NEW.organisation_id, NEW.operation, NEW.proceedings_id, NEW.child_id, NEW.outcome);
              UPDATE audit_chain_head SET seq = NEW.chain_seq, hash = NEW.hash;
              RETURN NEW;
            END $$
        `);
        await queryRunner.query(`
            CREATE TRIGGER audit_entry_chain BEFORE INSERT ON audit_entry FOR EACH ROW EXECUTE FUNCTION audit_entry_chain()
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER audit_entry_chain ON audit_entry`);
        await queryRunner.query(`DROP FUNCTION audit_entry_chain()`);
        await queryRunner.query(`DROP TABLE "audit_chain_head"`);
        await queryRunner.query(`DROP FUNCTION audit_entry_digest(text, bigint, timestamptz, text, uuid, uuid, text, uuid, uuid, text)`);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_497ad57b4ae70fe6fae7a52588"
        `);
        await queryRunner.query(`
            ALTER TABLE "trusted_issuer" DROP COLUMN "display_name"
        `);
        await queryRunner.query(`
            ALTER TABLE "trusted_issuer" DROP COLUMN "client_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "trusted_issuer" DROP COLUMN "discovery_url"
        `);
        await queryRunner.query(`
            ALTER TABLE "trusted_issuer" DROP COLUMN "development"
        `);
        await queryRunner.query(`
            ALTER TABLE "audit_entry" DROP COLUMN "hash"
        `);
        await queryRunner.query(`
            ALTER TABLE "audit_entry" DROP COLUMN "prev_hash"
        `);
        await queryRunner.query(`
            ALTER TABLE "audit_entry" DROP COLUMN "chain_seq"
        `);
    }

}
