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


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("catalogue", "0001_initial"),
        ("pipeline", "0001_initial"),
        ("activities", "0002_initial"),
        ("billing", "0002_initial"),
        ("targets", "0001_initial"),
        ("expenses", "0001_initial"),
        ("territories", "0001_initial"),
        ("sales", "0014_order_discount_approval_and_locks"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="activity",
                    name="account",
                ),
                migrations.RemoveField(
                    model_name="activity",
                    name="contact",
                ),
                migrations.RemoveField(
                    model_name="activity",
                    name="created_by",
                ),
                migrations.RemoveField(
                    model_name="activity",
                    name="deleted_by",
                ),
                migrations.RemoveField(
                    model_name="activity",
                    name="department",
                ),
                migrations.RemoveField(
                    model_name="activity",
                    name="opportunity",
                ),
                migrations.RemoveField(
                    model_name="activity",
                    name="owner",
                ),
                migrations.RemoveField(
                    model_name="activity",
                    name="updated_by",
                ),
                migrations.RemoveField(
                    model_name="activitylink",
                    name="activity",
                ),
                migrations.AlterUniqueTogether(
                    name="activitylink",
                    unique_together=None,
                ),
                migrations.RemoveField(
                    model_name="assignmentrule",
                    name="last_assigned",
                ),
                migrations.RemoveField(
                    model_name="assignmentrule",
                    name="region",
                ),
                migrations.RemoveField(
                    model_name="assignmentrule",
                    name="team",
                ),
                migrations.RemoveField(
                    model_name="assignmentrule",
                    name="user",
                ),
                migrations.RemoveField(
                    model_name="calendarfeed",
                    name="user",
                ),
                migrations.RemoveField(
                    model_name="contract",
                    name="account",
                ),
                migrations.RemoveField(
                    model_name="contract",
                    name="created_by",
                ),
                migrations.RemoveField(
                    model_name="contract",
                    name="currency",
                ),
                migrations.RemoveField(
                    model_name="contract",
                    name="deleted_by",
                ),
                migrations.RemoveField(
                    model_name="contract",
                    name="department",
                ),
                migrations.RemoveField(
                    model_name="contract",
                    name="opportunity",
                ),
                migrations.RemoveField(
                    model_name="contract",
                    name="owner",
                ),
                migrations.RemoveField(
                    model_name="contract",
                    name="renewal_of",
                ),
                migrations.RemoveField(
                    model_name="contract",
                    name="updated_by",
                ),
                migrations.RemoveField(
                    model_name="invoice",
                    name="contract",
                ),
                migrations.RemoveField(
                    model_name="salesorder",
                    name="contract",
                ),
                migrations.RemoveField(
                    model_name="product",
                    name="currency",
                ),
                migrations.RemoveField(
                    model_name="quote",
                    name="currency",
                ),
                migrations.RemoveField(
                    model_name="expenseline",
                    name="currency",
                ),
                migrations.RemoveField(
                    model_name="invoice",
                    name="currency",
                ),
                migrations.RemoveField(
                    model_name="salesorder",
                    name="currency",
                ),
                migrations.RemoveField(
                    model_name="pricebook",
                    name="currency",
                ),
                migrations.RemoveField(
                    model_name="opportunity",
                    name="currency",
                ),
                migrations.RemoveField(
                    model_name="exchangerate",
                    name="currency",
                ),
                migrations.RemoveField(
                    model_name="payment",
                    name="currency",
                ),
                migrations.DeleteModel(
                    name="DocumentCounter",
                ),
                migrations.AlterUniqueTogether(
                    name="exchangerate",
                    unique_together=None,
                ),
                migrations.RemoveField(
                    model_name="expenseline",
                    name="receipt",
                ),
                migrations.RemoveField(
                    model_name="expenseline",
                    name="report",
                ),
                migrations.RemoveField(
                    model_name="expensereport",
                    name="account",
                ),
                migrations.RemoveField(
                    model_name="expensereport",
                    name="created_by",
                ),
                migrations.RemoveField(
                    model_name="expensereport",
                    name="deleted_by",
                ),
                migrations.RemoveField(
                    model_name="expensereport",
                    name="department",
                ),
                migrations.RemoveField(
                    model_name="expensereport",
                    name="owner",
                ),
                migrations.RemoveField(
                    model_name="expensereport",
                    name="travel_plan",
                ),
                migrations.RemoveField(
                    model_name="expensereport",
                    name="updated_by",
                ),
                migrations.RemoveField(
                    model_name="invoice",
                    name="account",
                ),
                migrations.RemoveField(
                    model_name="invoice",
                    name="created_by",
                ),
                migrations.RemoveField(
                    model_name="invoice",
                    name="deleted_by",
                ),
                migrations.RemoveField(
                    model_name="invoice",
                    name="department",
                ),
                migrations.RemoveField(
                    model_name="invoice",
                    name="order",
                ),
                migrations.RemoveField(
                    model_name="invoice",
                    name="owner",
                ),
                migrations.RemoveField(
                    model_name="invoice",
                    name="updated_by",
                ),
                migrations.RemoveField(
                    model_name="payment",
                    name="invoice",
                ),
                migrations.RemoveField(
                    model_name="opportunity",
                    name="account",
                ),
                migrations.RemoveField(
                    model_name="opportunity",
                    name="contact",
                ),
                migrations.RemoveField(
                    model_name="opportunity",
                    name="created_by",
                ),
                migrations.RemoveField(
                    model_name="opportunity",
                    name="deleted_by",
                ),
                migrations.RemoveField(
                    model_name="opportunity",
                    name="department",
                ),
                migrations.RemoveField(
                    model_name="opportunity",
                    name="lead",
                ),
                migrations.RemoveField(
                    model_name="opportunity",
                    name="owner",
                ),
                migrations.RemoveField(
                    model_name="opportunity",
                    name="pipeline",
                ),
                migrations.RemoveField(
                    model_name="opportunity",
                    name="stage",
                ),
                migrations.RemoveField(
                    model_name="opportunity",
                    name="updated_by",
                ),
                migrations.RemoveField(
                    model_name="opportunityline",
                    name="opportunity",
                ),
                migrations.RemoveField(
                    model_name="stagechange",
                    name="opportunity",
                ),
                migrations.RemoveField(
                    model_name="quote",
                    name="opportunity",
                ),
                migrations.RemoveField(
                    model_name="worklogentry",
                    name="opportunity",
                ),
                migrations.RemoveField(
                    model_name="salesorder",
                    name="opportunity",
                ),
                migrations.RemoveField(
                    model_name="opportunitycompetitor",
                    name="opportunity",
                ),
                migrations.RemoveField(
                    model_name="opportunitycontact",
                    name="opportunity",
                ),
                migrations.AlterUniqueTogether(
                    name="opportunitycompetitor",
                    unique_together=None,
                ),
                migrations.RemoveField(
                    model_name="opportunitycompetitor",
                    name="competitor",
                ),
                migrations.AlterUniqueTogether(
                    name="opportunitycontact",
                    unique_together=None,
                ),
                migrations.RemoveField(
                    model_name="opportunitycontact",
                    name="contact",
                ),
                migrations.RemoveField(
                    model_name="opportunityline",
                    name="product",
                ),
                migrations.DeleteModel(
                    name="OpportunityRollup",
                ),
                migrations.RemoveField(
                    model_name="orderline",
                    name="order",
                ),
                migrations.RemoveField(
                    model_name="orderline",
                    name="product",
                ),
                migrations.RemoveField(
                    model_name="ownershipconflict",
                    name="customer",
                ),
                migrations.RemoveField(
                    model_name="ownershipconflict",
                    name="customer_owner",
                ),
                migrations.RemoveField(
                    model_name="ownershipconflict",
                    name="owner",
                ),
                migrations.RemoveField(
                    model_name="ownershipconflict",
                    name="resolved_by",
                ),
                migrations.RemoveField(
                    model_name="payment",
                    name="account",
                ),
                migrations.RemoveField(
                    model_name="payment",
                    name="created_by",
                ),
                migrations.RemoveField(
                    model_name="payment",
                    name="deleted_by",
                ),
                migrations.RemoveField(
                    model_name="payment",
                    name="department",
                ),
                migrations.RemoveField(
                    model_name="payment",
                    name="owner",
                ),
                migrations.RemoveField(
                    model_name="payment",
                    name="updated_by",
                ),
                migrations.RemoveField(
                    model_name="stage",
                    name="pipeline",
                ),
                migrations.RemoveField(
                    model_name="pricebook",
                    name="created_by",
                ),
                migrations.RemoveField(
                    model_name="pricebook",
                    name="deleted_by",
                ),
                migrations.RemoveField(
                    model_name="pricebook",
                    name="updated_by",
                ),
                migrations.RemoveField(
                    model_name="pricebookentry",
                    name="price_book",
                ),
                migrations.AlterUniqueTogether(
                    name="pricebookentry",
                    unique_together=None,
                ),
                migrations.RemoveField(
                    model_name="pricebookentry",
                    name="product",
                ),
                migrations.RemoveField(
                    model_name="product",
                    name="category",
                ),
                migrations.RemoveField(
                    model_name="product",
                    name="created_by",
                ),
                migrations.RemoveField(
                    model_name="product",
                    name="deleted_by",
                ),
                migrations.RemoveField(
                    model_name="product",
                    name="updated_by",
                ),
                migrations.RemoveField(
                    model_name="quoteline",
                    name="product",
                ),
                migrations.RemoveField(
                    model_name="productcategory",
                    name="parent",
                ),
                migrations.AlterUniqueTogether(
                    name="quote",
                    unique_together=None,
                ),
                migrations.RemoveField(
                    model_name="quote",
                    name="account",
                ),
                migrations.RemoveField(
                    model_name="quote",
                    name="contact",
                ),
                migrations.RemoveField(
                    model_name="quote",
                    name="created_by",
                ),
                migrations.RemoveField(
                    model_name="quote",
                    name="deleted_by",
                ),
                migrations.RemoveField(
                    model_name="quote",
                    name="department",
                ),
                migrations.RemoveField(
                    model_name="quote",
                    name="owner",
                ),
                migrations.RemoveField(
                    model_name="quote",
                    name="previous",
                ),
                migrations.RemoveField(
                    model_name="quote",
                    name="updated_by",
                ),
                migrations.RemoveField(
                    model_name="quoteline",
                    name="quote",
                ),
                migrations.RemoveField(
                    model_name="salesorder",
                    name="quote",
                ),
                migrations.RemoveField(
                    model_name="salesorder",
                    name="account",
                ),
                migrations.RemoveField(
                    model_name="salesorder",
                    name="contact",
                ),
                migrations.RemoveField(
                    model_name="salesorder",
                    name="created_by",
                ),
                migrations.RemoveField(
                    model_name="salesorder",
                    name="deleted_by",
                ),
                migrations.RemoveField(
                    model_name="salesorder",
                    name="department",
                ),
                migrations.RemoveField(
                    model_name="salesorder",
                    name="owner",
                ),
                migrations.RemoveField(
                    model_name="salesorder",
                    name="updated_by",
                ),
                migrations.AlterUniqueTogether(
                    name="stage",
                    unique_together=None,
                ),
                migrations.RemoveField(
                    model_name="stagechange",
                    name="to_stage",
                ),
                migrations.RemoveField(
                    model_name="stagechange",
                    name="from_stage",
                ),
                migrations.RemoveField(
                    model_name="stagechange",
                    name="by",
                ),
                migrations.RemoveField(
                    model_name="target",
                    name="created_by",
                ),
                migrations.RemoveField(
                    model_name="target",
                    name="deleted_by",
                ),
                migrations.RemoveField(
                    model_name="target",
                    name="department",
                ),
                migrations.RemoveField(
                    model_name="target",
                    name="owner",
                ),
                migrations.RemoveField(
                    model_name="target",
                    name="team",
                ),
                migrations.RemoveField(
                    model_name="target",
                    name="updated_by",
                ),
                migrations.RemoveField(
                    model_name="transfer",
                    name="by",
                ),
                migrations.RemoveField(
                    model_name="transfer",
                    name="from_user",
                ),
                migrations.RemoveField(
                    model_name="transfer",
                    name="to_user",
                ),
                migrations.AlterUniqueTogether(
                    name="travellink",
                    unique_together=None,
                ),
                migrations.RemoveField(
                    model_name="travellink",
                    name="plan",
                ),
                migrations.RemoveField(
                    model_name="travelplan",
                    name="created_by",
                ),
                migrations.RemoveField(
                    model_name="travelplan",
                    name="deleted_by",
                ),
                migrations.RemoveField(
                    model_name="travelplan",
                    name="department",
                ),
                migrations.RemoveField(
                    model_name="travelplan",
                    name="owner",
                ),
                migrations.RemoveField(
                    model_name="travelplan",
                    name="updated_by",
                ),
                migrations.RemoveField(
                    model_name="worklog",
                    name="created_by",
                ),
                migrations.RemoveField(
                    model_name="worklog",
                    name="deleted_by",
                ),
                migrations.RemoveField(
                    model_name="worklog",
                    name="department",
                ),
                migrations.RemoveField(
                    model_name="worklog",
                    name="owner",
                ),
                migrations.RemoveField(
                    model_name="worklog",
                    name="updated_by",
                ),
                migrations.RemoveField(
                    model_name="worklogentry",
                    name="log",
                ),
                migrations.RemoveField(
                    model_name="worklogentry",
                    name="account",
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
