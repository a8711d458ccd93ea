# Numbers as CLDR writes Arabic with Latin digits, and as the money formatting (Babel) does:
# 16,900 and 3,100.00. Django's own Arabic formats do not group thousands.
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
