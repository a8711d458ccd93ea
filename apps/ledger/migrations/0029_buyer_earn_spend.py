"""A buyer's earn and spend find the company's account in the same statement when the company
earns (#20, ``apps/ledger/sql/0029_buyer_earn_spend.sql``): no read of the membership before
the change."""

from django.db import migrations

from apps.core.sql_files import sql_file

UNDO = """
DROP FUNCTION ledger_buyer_spend(bigint, bigint, text, text, text, bigint, text, text,
                                 timestamptz, text, boolean);
DROP FUNCTION ledger_buyer_earn(bigint, bigint, text, text, text, bigint, bigint, text, text,
                                timestamptz, timestamptz, timestamptz, boolean, text, boolean);
DROP FUNCTION ledger_buyer_company(bigint);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0002_company_merge"),
        ("ledger", "0028_experiments"),
    ]

    operations = [
        migrations.RunSQL(sql_file("ledger", "0029_buyer_earn_spend.sql"), UNDO),
    ]
