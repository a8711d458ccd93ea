# Numbers as CLDR writes Arabic with Latin digits, and as the money formatting (Babel) does:
# 16,900 and 3,100.00. Django's own Arabic formats do not group thousands.
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3

# A date with its time, as Django's Arabic writes each alone (it defines neither combination,
# so both fell back to the US defaults: 12/03/2026 for the 3rd of December).
DATETIME_FORMAT = "j F، Y g:i A"
SHORT_DATETIME_FORMAT = "d\u200f/m\u200f/Y g:i A"
