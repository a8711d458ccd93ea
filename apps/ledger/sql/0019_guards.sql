-- What the database refuses whoever asks, the table owner included (migration ledger.0019).
--
-- Entries and lot movements are never updated or deleted, lots never deleted: a mistake is
-- corrected by a new entry (as in migration 0002). TRUNCATE fires no row trigger, so a statement
-- trigger refuses it too unless the session says, on purpose and for its transaction only,
-- SET LOCAL storefront.allow_truncate = on (emptying a test database does). The application's
-- own database role cannot truncate, update or delete these tables anyway, nor disable their
-- triggers (it owns nothing); these guards protect against the owner's mistakes.

CREATE OR REPLACE FUNCTION ledger_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% rows are immutable (%)', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION ledger_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('storefront.allow_truncate', true), '') <> 'on' THEN
        RAISE EXCEPTION '% rows are immutable (TRUNCATE)', TG_TABLE_NAME
            USING ERRCODE = 'restrict_violation',
                  HINT = 'Only a deliberate reset may: SET LOCAL storefront.allow_truncate = on';
    END IF;
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS ledger_pointsaccount_no_truncate ON ledger_pointsaccount;
CREATE TRIGGER ledger_pointsaccount_no_truncate BEFORE TRUNCATE ON ledger_pointsaccount
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_truncate();
DROP TRIGGER IF EXISTS ledger_ledgerentry_no_truncate ON ledger_ledgerentry;
CREATE TRIGGER ledger_ledgerentry_no_truncate BEFORE TRUNCATE ON ledger_ledgerentry
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_truncate();
DROP TRIGGER IF EXISTS ledger_pointslot_no_truncate ON ledger_pointslot;
CREATE TRIGGER ledger_pointslot_no_truncate BEFORE TRUNCATE ON ledger_pointslot
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_truncate();
DROP TRIGGER IF EXISTS ledger_lotmovement_no_truncate ON ledger_lotmovement;
CREATE TRIGGER ledger_lotmovement_no_truncate BEFORE TRUNCATE ON ledger_lotmovement
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_truncate();
