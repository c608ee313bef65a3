"""The expenses models as they were in the sales app, whose tables they keep: state only, no
schema change (see sales 0015)."""

import django.core.validators
import django.db.models.deletion
import django.db.models.manager
import django.utils.timezone
import guanxi.core.ids
import guanxi.customization.fields
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('access', '0005_user_territories'),
        ('access', '__first__'),
        ('catalogue', '0001_initial'),
        ('core', '0002_job_state'),
        ('customers', '0005_account_level_index'),
        ('sales', '0014_order_discount_approval_and_locks'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='TravelPlan',
                    fields=[
                        ('id', models.UUIDField(default=guanxi.core.ids.uuid7, editable=False, primary_key=True, serialize=False)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='created')),
                        ('updated_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='last updated')),
                        ('created_source', models.CharField(choices=[('ui', 'User interface'), ('api', 'API'), ('import', 'Import'), ('workflow', 'Workflow'), ('approval', 'Approval'), ('system', 'System')], default='system', editable=False, max_length=10, verbose_name='created via')),
                        ('updated_source', models.CharField(choices=[('ui', 'User interface'), ('api', 'API'), ('import', 'Import'), ('workflow', 'Workflow'), ('approval', 'Approval'), ('system', 'System')], default='system', editable=False, max_length=10, verbose_name='updated via')),
                        ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                        ('deleted_at', models.DateTimeField(blank=True, db_index=True, editable=False, null=True, verbose_name='deleted')),
                        ('custom', models.JSONField(blank=True, default=dict, editable=False, verbose_name='custom fields')),
                        ('purpose', models.CharField(max_length=200, verbose_name='purpose')),
                        ('destination', models.CharField(max_length=200, verbose_name='destination')),
                        ('starts_on', models.DateField(verbose_name='leaves on')),
                        ('ends_on', models.DateField(verbose_name='returns on')),
                        ('planned', models.TextField(blank=True, verbose_name='planned content')),
                        ('report', models.TextField(blank=True, verbose_name='record of the trip')),
                        ('status', models.CharField(choices=[('planned', 'Planned'), ('review', 'Waiting for approval'), ('approved', 'Approved'), ('done', 'Done'), ('cancelled', 'Cancelled')], default='planned', max_length=10, verbose_name='status')),
                        ('budget', models.DecimalField(blank=True, decimal_places=2, max_digits=16, null=True, validators=[django.core.validators.MinValueValidator(0)], verbose_name='budget')),
                        ('search_text', models.TextField(blank=True, default='', editable=False)),
                        ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                        ('deleted_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='deleted by')),
                        ('department', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='access.department', verbose_name='department')),
                        ('owner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='owner')),
                        ('updated_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='updated by')),
                    ],
                    options={
                        'verbose_name': 'travel plan',
                        'verbose_name_plural': 'travel plans',
                        'db_table': 'sales_travelplan',
                        'indexes': [models.Index(fields=['deleted_at', 'updated_at', 'id'], name='travel_alive_updated'), models.Index(fields=['owner', 'starts_on'], name='travel_owner_start'), models.Index(fields=['department', 'starts_on'], name='travel_dept_start')],
                    },
                    managers=[
                        ('objects', django.db.models.manager.Manager()),
                        ('all_objects', django.db.models.manager.Manager()),
                    ],
                ),
                migrations.CreateModel(
                    name='ExpenseReport',
                    fields=[
                        ('id', models.UUIDField(default=guanxi.core.ids.uuid7, editable=False, primary_key=True, serialize=False)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='created')),
                        ('updated_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='last updated')),
                        ('created_source', models.CharField(choices=[('ui', 'User interface'), ('api', 'API'), ('import', 'Import'), ('workflow', 'Workflow'), ('approval', 'Approval'), ('system', 'System')], default='system', editable=False, max_length=10, verbose_name='created via')),
                        ('updated_source', models.CharField(choices=[('ui', 'User interface'), ('api', 'API'), ('import', 'Import'), ('workflow', 'Workflow'), ('approval', 'Approval'), ('system', 'System')], default='system', editable=False, max_length=10, verbose_name='updated via')),
                        ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                        ('deleted_at', models.DateTimeField(blank=True, db_index=True, editable=False, null=True, verbose_name='deleted')),
                        ('custom', models.JSONField(blank=True, default=dict, editable=False, verbose_name='custom fields')),
                        ('title', models.CharField(max_length=200, verbose_name='title')),
                        ('status', models.CharField(choices=[('draft', 'Draft'), ('review', 'Waiting for approval'), ('approved', 'Approved'), ('rejected', 'Rejected')], default='draft', max_length=10, verbose_name='status')),
                        ('total', models.DecimalField(decimal_places=2, default=0, editable=False, max_digits=16, verbose_name='total (company currency)')),
                        ('submitted_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='submitted at')),
                        ('notes', models.TextField(blank=True, verbose_name='notes')),
                        ('search_text', models.TextField(blank=True, default='', editable=False)),
                        ('account', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='customers.account', verbose_name='customer')),
                        ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                        ('deleted_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='deleted by')),
                        ('department', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='access.department', verbose_name='department')),
                        ('owner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='owner')),
                        ('updated_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='updated by')),
                        ('travel_plan', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='expenses.travelplan', verbose_name='travel plan')),
                    ],
                    options={
                        'verbose_name': 'expense report',
                        'verbose_name_plural': 'expense reports',
                        'db_table': 'sales_expensereport',
                        'indexes': [models.Index(fields=['deleted_at', 'updated_at', 'id'], name='expense_alive_updated'), models.Index(fields=['owner', 'updated_at'], name='expense_owner_updated'), models.Index(fields=['department', 'updated_at'], name='expense_dept_updated'), models.Index(fields=['account'], name='expense_account'), models.Index(fields=['status', 'updated_at'], name='expense_status_updated')],
                    },
                    managers=[
                        ('objects', django.db.models.manager.Manager()),
                        ('all_objects', django.db.models.manager.Manager()),
                    ],
                ),
                migrations.CreateModel(
                    name='ExpenseLine',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('category', guanxi.customization.fields.PicklistField(blank=True, default='', max_length=60, picklist='expense_category', verbose_name='category')),
                        ('day', models.DateField(verbose_name='date')),
                        ('amount', models.DecimalField(decimal_places=2, max_digits=16, validators=[django.core.validators.MinValueValidator(Decimal('0.01'))], verbose_name='amount')),
                        ('amount_company', models.DecimalField(decimal_places=2, default=0, editable=False, max_digits=16, verbose_name='amount (company currency)')),
                        ('description', models.CharField(blank=True, max_length=255, verbose_name='description')),
                        ('sort', models.PositiveIntegerField(default=0)),
                        ('currency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalogue.currency', verbose_name='currency')),
                        ('receipt', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='core.attachment', verbose_name='invoice')),
                        ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lines', to='expenses.expensereport')),
                    ],
                    options={
                        'verbose_name': 'expense line',
                        'verbose_name_plural': 'expense lines',
                        'db_table': 'sales_expenseline',
                        'ordering': ['report', 'day', 'sort', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='TravelLink',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('object_type', models.CharField(max_length=60, verbose_name='object type')),
                        ('object_id', models.UUIDField(verbose_name='record')),
                        ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='links', to='expenses.travelplan')),
                    ],
                    options={
                        'db_table': 'sales_travellink',
                        'indexes': [models.Index(fields=['object_type', 'object_id'], name='travellink_record')],
                        'unique_together': {('plan', 'object_type', 'object_id')},
                    },
                ),
            ],
        ),
    ]
