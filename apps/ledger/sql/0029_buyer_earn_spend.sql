-- A buyer's earn and spend that find the buyer's account themselves (migration ledger.0028,
-- #20): when the programme says the company earns, the account is the company's if the member
-- belongs to one (following merges to the surviving company), else the member's own, decided
-- here, in the same statement as the change, instead of by a read before it
-- (``apps/ledger/holders.py`` says when: ``company_earns``). On a company's account the
-- idempotency key is the member's own, prefixed with their id ("member:<id>:<key>", as
-- ``services._common`` does for a holder passed in): two buyers' keys never meet.
-- Otherwise exactly ledger_earn and ledger_spend of 0025_company_accounts.sql, which these call.

SELECT set_config('search_path', quote_ident(current_schema()) || ', pg_temp', true);

-- The company whose account p_member's points go to when the company earns: their company's
-- survivor (a merged company's members moved already; a chain is followed to its end), or
-- null when they belong to none.
CREATE FUNCTION ledger_buyer_company(p_member bigint)
RETURNS bigint LANGUAGE plpgsql STABLE AS $$
DECLARE
    found bigint;
    merged bigint;
BEGIN
    SELECT membership.company_id, company.merged_into_id INTO found, merged
    FROM companies_companymember AS membership
    JOIN companies_company AS company ON company.id = membership.company_id
    WHERE membership.member_id = p_member;
    WHILE merged IS NOT NULL LOOP
        found := merged;
        SELECT company.merged_into_id INTO merged FROM companies_company AS company
        WHERE company.id = found;
    END LOOP;
    RETURN found;
END $$;

CREATE FUNCTION ledger_buyer_earn(
    p_member bigint, p_points bigint, p_kind text, p_reason text, p_source text,
    p_actor bigint, p_rule bigint, p_key text, p_fingerprint text, p_now timestamptz,
    p_available_at timestamptz, p_expires_at timestamptz, p_lifetime boolean, p_event text,
    p_settled boolean)
RETURNS TABLE (
    status text, available bigint, pending bigint, id bigint, account_id bigint, points bigint,
    kind varchar, reason varchar, source varchar, actor_id bigint, rule_id bigint,
    idempotency_key varchar, fingerprint varchar, created_at timestamptz,
    member_id bigint
) LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    company bigint := ledger_buyer_company(p_member);
BEGIN
    RETURN QUERY SELECT * FROM ledger_earn(
        p_member => p_member, p_points => p_points, p_kind => p_kind, p_reason => p_reason,
        p_source => p_source, p_actor => p_actor, p_rule => p_rule,
        p_key => CASE WHEN company IS NULL THEN p_key
                      ELSE 'member:' || p_member || ':' || p_key END,
        p_fingerprint => p_fingerprint, p_now => p_now, p_available_at => p_available_at,
        p_expires_at => p_expires_at, p_lifetime => p_lifetime, p_event => p_event,
        p_settled => p_settled, p_company => company);
END $$;

CREATE FUNCTION ledger_buyer_spend(
    p_member bigint, p_points bigint, p_kind text, p_reason text, p_source text,
    p_actor bigint, p_key text, p_fingerprint text, p_now timestamptz, p_event text,
    p_settled boolean)
RETURNS TABLE (
    status text, available bigint, pending bigint, id bigint, account_id bigint, points bigint,
    kind varchar, reason varchar, source varchar, actor_id bigint, rule_id bigint,
    idempotency_key varchar, fingerprint varchar, created_at timestamptz,
    member_id bigint
) LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    company bigint := ledger_buyer_company(p_member);
BEGIN
    RETURN QUERY SELECT * FROM ledger_spend(
        p_member => p_member, p_points => p_points, p_kind => p_kind, p_reason => p_reason,
        p_source => p_source, p_actor => p_actor,
        p_key => CASE WHEN company IS NULL THEN p_key
                      ELSE 'member:' || p_member || ':' || p_key END,
        p_fingerprint => p_fingerprint, p_now => p_now, p_event => p_event,
        p_settled => p_settled, p_company => company);
END $$;

-- Only the entry points are for callers (`migrate` grants them to the application's role).
REVOKE ALL ON FUNCTION ledger_buyer_company(bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION ledger_buyer_earn(bigint, bigint, text, text, text, bigint, bigint, text,
    text, timestamptz, timestamptz, timestamptz, boolean, text, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION ledger_buyer_spend(bigint, bigint, text, text, text, bigint, text, text,
    timestamptz, text, boolean) FROM PUBLIC;
