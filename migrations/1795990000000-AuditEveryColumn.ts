import { MigrationInterface, QueryRunner } from "typeorm";

// Written by hand: TypeORM does not model functions or triggers.
//  - The chain's digest now covers every column of an entry, its id (the trail's order) included:
//    a renumbered row no longer keeps its hash. The existing chain is recomputed once, here,
//    before any checkpoint has been signed over it.
//  - The chain trigger runs as the owner (SECURITY DEFINER), so the role the hub serves as needs
//    no right to write the chain's head, and has none.
//  - The head only moves forward, one entry at a time, and is never deleted: writing it by hand
//    to hide removed entries is refused (short of the owner switching triggers off, which the
//    signed checkpoints kept outside the database reveal).
export class AuditEveryColumn1795990000000 implements MigrationInterface {
  name = "AuditEveryColumn1795990000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_entry" ADD "mac" text`);
    // Each field as <length>:<text> (or - for null), joined by |: unambiguous, and what
    // src/core/audit/audit-chain.ts recomputes outside the database.
    await queryRunner.query(`
      CREATE FUNCTION audit_entry_digest(prev text, id bigint, seq bigint, occurred timestamptz, request_id text, user_id uuid,
                                         organisation_id uuid, operation text, proceedings_id uuid, child_id uuid, outcome text)
      RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT encode(sha256(convert_to(concat_ws('|',
          'v2',
          prev,
          id::text,
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
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION audit_entry_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE head record;
      BEGIN
        SELECT seq, hash INTO head FROM audit_chain_head FOR UPDATE;
        NEW.chain_seq := head.seq + 1;
        NEW.prev_hash := head.hash;
        NEW.hash := audit_entry_digest(NEW.prev_hash, NEW.id, NEW.chain_seq, NEW.occurred_at, NEW.request_id, NEW.user_id,
                                       NEW.organisation_id, NEW.operation, NEW.proceedings_id, NEW.child_id, NEW.outcome);
        UPDATE audit_chain_head SET seq = NEW.chain_seq, hash = NEW.hash;
        RETURN NEW;
      END $$
    `);
    await queryRunner.query(`ALTER TABLE "audit_entry" DISABLE TRIGGER audit_entry_no_update_delete`);
    await queryRunner.query(`
      DO $$
      DECLARE r record; prev text := 'genesis';
      BEGIN
        FOR r IN SELECT * FROM audit_entry ORDER BY chain_seq LOOP
          UPDATE audit_entry SET prev_hash = prev,
            hash = audit_entry_digest(prev, r.id, r.chain_seq, r.occurred_at, r.request_id, r.user_id, r.organisation_id, r.operation, r.proceedings_id, r.child_id, r.outcome)
          WHERE id = r.id
          RETURNING hash INTO prev;
        END LOOP;
        UPDATE audit_chain_head SET hash = prev;
      END $$
    `);
    await queryRunner.query(`ALTER TABLE "audit_entry" ENABLE TRIGGER audit_entry_no_update_delete`);
    await queryRunner.query(`DROP FUNCTION audit_entry_digest(text, bigint, timestamptz, text, uuid, uuid, text, uuid, uuid, text)`);
    await queryRunner.query(`
      CREATE FUNCTION audit_chain_head_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND NEW.seq = OLD.seq + 1 AND NEW.id = OLD.id THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_chain_head moves forward one entry at a time: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER audit_chain_head_forward_only BEFORE UPDATE OR DELETE ON audit_chain_head
      FOR EACH ROW EXECUTE FUNCTION audit_chain_head_forward_only()
    `);
    await queryRunner.query(`
      CREATE TRIGGER audit_chain_head_no_insert BEFORE INSERT ON audit_chain_head
      FOR EACH ROW EXECUTE FUNCTION audit_chain_head_forward_only()
    `);
    await queryRunner.query(`
      CREATE TRIGGER audit_chain_head_no_truncate BEFORE TRUNCATE ON audit_chain_head
      FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_head_forward_only()
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER audit_chain_head_no_truncate ON audit_chain_head`);
    await queryRunner.query(`DROP TRIGGER audit_chain_head_no_insert ON audit_chain_head`);
    await queryRunner.query(`DROP TRIGGER audit_chain_head_forward_only ON audit_chain_head`);
    await queryRunner.query(`DROP FUNCTION audit_chain_head_forward_only()`);
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
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION audit_entry_chain() RETURNS trigger LANGUAGE plpgsql AS $$
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
    await queryRunner.query(`ALTER TABLE "audit_entry" DISABLE TRIGGER audit_entry_no_update_delete`);
    await queryRunner.query(`
      DO $$
      DECLARE r record; prev text := 'genesis';
      BEGIN
        FOR r IN SELECT * FROM audit_entry ORDER BY chain_seq LOOP
          UPDATE audit_entry SET prev_hash = prev,
            hash = audit_entry_digest(prev, r.chain_seq, r.occurred_at, r.request_id, r.user_id, r.organisation_id, r.operation, r.proceedings_id, r.child_id, r.outcome)
          WHERE id = r.id
          RETURNING hash INTO prev;
        END LOOP;
        UPDATE audit_chain_head SET hash = prev;
      END $$
    `);
    await queryRunner.query(`ALTER TABLE "audit_entry" ENABLE TRIGGER audit_entry_no_update_delete`);
    await queryRunner.query(`DROP FUNCTION audit_entry_digest(text, bigint, bigint, timestamptz, text, uuid, uuid, text, uuid, uuid, text)`);
    await queryRunner.query(`ALTER TABLE "audit_entry" DROP COLUMN "mac"`);
  }
}
