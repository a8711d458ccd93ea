-- The n-gram functions of 0006_search_ngrams.sql, calling catalog_ngram_text by its schema:
-- pg_dump's output restores with an empty search_path, and the stored search columns are
-- computed again then, so an unqualified call made a plain backup impossible to restore.
-- Qualified, not SET search_path: that would stop PostgreSQL inlining these SQL functions.

CREATE OR REPLACE FUNCTION catalog_ngrams(VARIADIC texts text[]) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_to_tsvector(array_agg(DISTINCT gram)), ''::tsvector)
    FROM (
        SELECT substr(word, position, width) AS gram
        FROM regexp_split_to_table(
                 public.catalog_ngram_text(array_to_string(texts, ' ')), ' '
             ) AS word,
             generate_series(1, char_length(word)) AS position,
             (VALUES (1), (2)) AS widths (width)
        WHERE word <> '' AND position + width - 1 <= char_length(word)
    ) AS grams
$$;

CREATE OR REPLACE FUNCTION catalog_ngram_query(query text) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT string_agg(quote_literal(gram), ' & ')::tsquery  -- NULL (matches nothing) if empty
    FROM (
        SELECT DISTINCT CASE WHEN char_length(word) = 1 THEN word
                             ELSE substr(word, position, 2) END AS gram
        FROM regexp_split_to_table(public.catalog_ngram_text(coalesce(query, '')), ' ') AS word,
             generate_series(1, greatest(char_length(word) - 1, 1)) AS position
        WHERE word <> ''
    ) AS grams
$$;
