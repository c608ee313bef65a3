"""The sales models moved to the apps of their aggregates — catalogue, pipeline, activities, billing,
targets, expenses and territories. Their tables keep their names (each model's Meta.db_table), so
this is a change of Django's state only: no table is created, dropped or copied and every row stays
where it is. The content types follow the models to their new app, so permissions and anything
else that points at a content type keeps pointing at the same model."""

from django.db import migrations

MOVED = {
    "currency": "catalogue",
    "exchangerate": "catalogue",
    "productcategory": "catalogue",
    "product": "catalogue",
    "pricebook": "catalogue",
    "pricebookentry": "catalogue",
    "pipeline": "pipeline",
    "stage": "pipeline",
    "opportunity": "pipeline",
    "opportunityline": "pipeline",
    "opportunitycompetitor": "pipeline",
    "stagechange": "pipeline",
    "ownershipconflict": "pipeline",
    "opportunitycontact": "pipeline",
    "opportunityrollup": "pipeline",
    "activity": "activities",
    "activitylink": "activities",
    "calendarfeed": "activities",
    "worklog": "activities",
    "worklogentry": "activities",
    "documentcounter": "billing",
    "quote": "billing",
    "quoteline": "billing",
    "salesorder": "billing",
    "orderline": "billing",
    "contract": "billing",
    "invoice": "billing",
    "payment": "billing",
    "target": "targets",
    "travelplan": "expenses",
    "travellink": "expenses",
    "expensereport": "expenses",
    "expenseline": "expenses",
    "assignmentrule": "territories",
    "transfer": "territories",
}


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model, app in MOVED.items():
        old = ContentType.objects.using(db).filter(app_label="sales", model=model).first()
        if old is None:
            continue
        if ContentType.objects.using(db).filter(app_label=app, model=model).exists():
            # Already made for the new app (a migrate interrupted after post_migrate): keep that one.
            old.delete()
        else:
            old.app_label = app
            old.save(update_fields=["app_label"])


def return_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model, app in MOVED.items():
        ContentType.objects.using(db).filter(app_label=app, model=model).update(app_label="sales")


# Only DeleteModel: the models go from the sales app's state together, so their foreign keys to
# each other need no RemoveField first (each of those re-renders the related models' state, which
# took a fresh migrate from 23 s to 74 s).
class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("catalogue", "0001_initial"),
        ("pipeline", "0001_initial"),
        ("activities", "0001_initial"),
        ("billing", "0001_initial"),
        ("targets", "0001_initial"),
        ("expenses", "0001_initial"),
        ("territories", "0001_initial"),
        ("sales", "0014_order_discount_approval_and_locks"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name="DocumentCounter",
                ),
                migrations.DeleteModel(
                    name="OpportunityRollup",
                ),
                migrations.DeleteModel(
                    name="Activity",
                ),
                migrations.DeleteModel(
                    name="ActivityLink",
                ),
                migrations.DeleteModel(
                    name="AssignmentRule",
                ),
                migrations.DeleteModel(
                    name="CalendarFeed",
                ),
                migrations.DeleteModel(
                    name="Contract",
                ),
                migrations.DeleteModel(
                    name="ExchangeRate",
                ),
                migrations.DeleteModel(
                    name="Currency",
                ),
                migrations.DeleteModel(
                    name="ExpenseLine",
                ),
                migrations.DeleteModel(
                    name="ExpenseReport",
                ),
                migrations.DeleteModel(
                    name="Invoice",
                ),
                migrations.DeleteModel(
                    name="Opportunity",
                ),
                migrations.DeleteModel(
                    name="OpportunityCompetitor",
                ),
                migrations.DeleteModel(
                    name="OpportunityContact",
                ),
                migrations.DeleteModel(
                    name="OpportunityLine",
                ),
                migrations.DeleteModel(
                    name="OrderLine",
                ),
                migrations.DeleteModel(
                    name="OwnershipConflict",
                ),
                migrations.DeleteModel(
                    name="Payment",
                ),
                migrations.DeleteModel(
                    name="Pipeline",
                ),
                migrations.DeleteModel(
                    name="PriceBook",
                ),
                migrations.DeleteModel(
                    name="PriceBookEntry",
                ),
                migrations.DeleteModel(
                    name="Product",
                ),
                migrations.DeleteModel(
                    name="ProductCategory",
                ),
                migrations.DeleteModel(
                    name="QuoteLine",
                ),
                migrations.DeleteModel(
                    name="Quote",
                ),
                migrations.DeleteModel(
                    name="SalesOrder",
                ),
                migrations.DeleteModel(
                    name="Stage",
                ),
                migrations.DeleteModel(
                    name="StageChange",
                ),
                migrations.DeleteModel(
                    name="Target",
                ),
                migrations.DeleteModel(
                    name="Transfer",
                ),
                migrations.DeleteModel(
                    name="TravelLink",
                ),
                migrations.DeleteModel(
                    name="TravelPlan",
                ),
                migrations.DeleteModel(
                    name="WorkLog",
                ),
                migrations.DeleteModel(
                    name="WorkLogEntry",
                ),
            ],
        ),
        migrations.RunPython(move_content_types, return_content_types),
    ]
