from django.db import migrations
from django.db.models import Max


def made_to_order_quotes_took_no_stock(apps, schema_editor):
    """Before ``OrderLine.stock_taken``, an accepted quote with any made-to-order line (a lead
    time in its last revision) took no stock for any line: none of its lines is put back if
    the order is cancelled."""
    Quote = apps.get_model("quotes", "Quote")
    QuoteRevisionLine = apps.get_model("quotes", "QuoteRevisionLine")
    OrderLine = apps.get_model("orders", "OrderLine")
    quotes = Quote.objects.filter(order__isnull=False).annotate(last=Max("revisions__number"))
    order_ids = [
        quote.order_id
        for quote in quotes
        if QuoteRevisionLine.objects.filter(
            revision__quote=quote, revision__number=quote.last, lead_time_days__gt=0
        ).exists()
    ]
    OrderLine.objects.filter(order_id__in=order_ids).update(stock_taken=False)


class Migration(migrations.Migration):
    dependencies = [
        ("quotes", "0001_initial"),
        ("orders", "0016_orderline_stock_taken"),
    ]

    operations = [
        migrations.RunPython(made_to_order_quotes_took_no_stock, migrations.RunPython.noop),
    ]
