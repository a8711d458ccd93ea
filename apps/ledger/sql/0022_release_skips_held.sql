-- Releasing pending lots skips held members (migration ledger.0022): while a member has a
-- points hold that is not lifted (ledger_pointshold, e.g. a fraud alert under review), their
-- pending lots stay pending; lifting the last hold settles the account, which releases what is
-- due. Otherwise as 0019_due.sql (owner's rights, fixed search_path). ledger_settle calls this
-- function, so a write to a held account leaves its pending lots alone too.

SELECT set_config('search_path', quote_ident(current_schema()) || ', pg_temp', true);

CREATE OR REPLACE FUNCTION ledger_release_due(
    p_accounts bigint[], p_as_of timestamptz, p_now timestamptz)
RETURNS TABLE (account_id bigint, available bigint, pending bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
#variable_conflict use_column
DECLARE
    held bigint[];
BEGIN
    PERFORM 1 FROM ledger_pointsaccount AS a WHERE a.id = ANY(p_accounts) ORDER BY a.id
        FOR UPDATE;
    -- Accounts whose member has a hold not lifted keep their pending lots pending.
    held := ARRAY(
        SELECT a.id FROM ledger_pointsaccount AS a JOIN ledger_pointshold AS h
            ON h.member_id = a.member_id AND h.lifted_at IS NULL
        WHERE a.id = ANY(p_accounts));
    RETURN QUERY
    WITH due AS (
        SELECT lot.id, lot.account_id, lot.remaining FROM ledger_pointslot AS lot
        WHERE lot.account_id = ANY(p_accounts) AND NOT lot.released AND lot.remaining > 0
          AND lot.available_at <= p_as_of AND NOT lot.account_id = ANY(held)
        FOR UPDATE
    ), released AS (
        UPDATE ledger_pointslot AS lot SET released = TRUE FROM due WHERE lot.id = due.id
        RETURNING due.account_id, due.remaining
    ), totals AS (
        SELECT r.account_id, sum(r.remaining) AS points FROM released AS r GROUP BY r.account_id
    ), changed AS (
        UPDATE ledger_pointsaccount AS a
        SET pending = a.pending - totals.points, available = a.available + totals.points,
            updated_at = p_now
        FROM totals WHERE a.id = totals.account_id
        RETURNING a.id, a.available, a.pending
    )
    SELECT * FROM changed;
END $$;

REVOKE ALL ON FUNCTION ledger_release_due(bigint[], timestamptz, timestamptz) FROM PUBLIC;
