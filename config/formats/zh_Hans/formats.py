# Thousands grouped as CLDR and the money formatting (Babel) do for Chinese: 16,900 (Django's
# own formats group by ten thousand with no separator).
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
