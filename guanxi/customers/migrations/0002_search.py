from django.db import migrations

from guanxi.core.search import SearchIndex


class Migration(migrations.Migration):
    dependencies = [("customers", "0001_initial")]

    operations = [
        SearchIndex("customers_account"),
        SearchIndex("customers_contact"),
        SearchIndex("customers_lead"),
        SearchIndex("customers_interaction"),
    ]
