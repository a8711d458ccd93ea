-- Search for languages written without spaces between words (Chinese, Japanese): a text is
-- indexed as its single characters and every pair of neighbouring characters (bigrams, as
-- Lucene's CJK analyzer does), lower-cased, spaces and punctuation left out; a query of one
-- character looks up that character, a longer one all of its bigrams. "阀门" finds "工业阀门",
-- "ボールバルブ" finds "ステンレス製ボールバルブ DN50", and a GIN index answers both.

CREATE OR REPLACE FUNCTION catalog_ngram_text(document text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT regexp_replace(lower(document), '[[:space:][:punct:]]+', ' ', 'g')
$$;

-- The n-grams of the texts given (a product's name and description; NULLs are skipped).
CREATE OR REPLACE FUNCTION catalog_ngrams(VARIADIC texts text[]) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_to_tsvector(array_agg(DISTINCT gram)), ''::tsvector)
    FROM (
        SELECT substr(word, position, width) AS gram
        FROM regexp_split_to_table(catalog_ngram_text(array_to_string(texts, ' ')), ' ') AS word,
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
        FROM regexp_split_to_table(catalog_ngram_text(coalesce(query, '')), ' ') AS word,
             generate_series(1, greatest(char_length(word) - 1, 1)) AS position
        WHERE word <> ''
    ) AS grams
$$;

-- A name as compound search compares it: lower case, accents and umlauts removed (the German
-- stemmer turns "Rückschlagventile" into "ruckschlagventil"). IMMUTABLE for the trigram index
-- on it; the unaccent dictionary is named with its schema so the result cannot depend on the
-- search_path.
CREATE OR REPLACE FUNCTION catalog_search_text(document text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT lower(public.unaccent('public.unaccent'::regdictionary, document))
$$;
