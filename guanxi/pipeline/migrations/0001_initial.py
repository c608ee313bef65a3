"""The pipeline models as they were in the sales app, whose tables they keep: state only, no
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
        ('customers', '0005_account_level_index'),
        ('sales', '0014_order_discount_approval_and_locks'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Pipeline',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name_en', models.CharField(max_length=120, verbose_name='name (English)')),
                        ('name_zh_hans', models.CharField(blank=True, max_length=120, verbose_name='name (Simplified Chinese)')),
                        ('name_zh_hant', models.CharField(blank=True, max_length=120, verbose_name='name (Traditional Chinese)')),
                        ('key', models.SlugField(max_length=40, unique=True, verbose_name='key')),
                        ('is_default', models.BooleanField(default=False, verbose_name='default')),
                        ('active', models.BooleanField(default=True, verbose_name='active')),
                        ('sort', models.PositiveIntegerField(default=0)),
                    ],
                    options={
                        'verbose_name': 'pipeline',
                        'verbose_name_plural': 'pipelines',
                        'db_table': 'sales_pipeline',
                        'ordering': ['sort', 'key'],
                    },
                ),
                migrations.CreateModel(
                    name='Stage',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name_en', models.CharField(max_length=120, verbose_name='name (English)')),
                        ('name_zh_hans', models.CharField(blank=True, max_length=120, verbose_name='name (Simplified Chinese)')),
                        ('name_zh_hant', models.CharField(blank=True, max_length=120, verbose_name='name (Traditional Chinese)')),
                        ('key', models.SlugField(max_length=40, verbose_name='key')),
                        ('sort', models.PositiveIntegerField(default=0, verbose_name='order')),
                        ('probability', models.PositiveSmallIntegerField(default=0, validators=[django.core.validators.MaxValueValidator(100)], verbose_name='default probability (%)')),
                        ('outcome', models.CharField(choices=[('open', 'Open'), ('won', 'Won'), ('lost', 'Lost')], default='open', max_length=4, verbose_name='outcome')),
                        ('folded', models.BooleanField(default=False, verbose_name='folded on the board')),
                        ('required_fields', models.JSONField(blank=True, default=list, verbose_name='required fields')),
                        ('pipeline', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='stages', to='pipeline.pipeline', verbose_name='pipeline')),
                    ],
                    options={
                        'verbose_name': 'stage',
                        'verbose_name_plural': 'stages',
                        'db_table': 'sales_stage',
                        'ordering': ['pipeline', 'sort'],
                        'unique_together': {('pipeline', 'key')},
                    },
                ),
                migrations.CreateModel(
                    name='Opportunity',
                    fields=[
                        ('id', models.UUIDField(default=guanxi.core.ids.uuid7, editable=False, primary_key=True, serialize=False)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='created')),
                        ('updated_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='last updated')),
                        ('created_source', models.CharField(choices=[('ui', 'User interface'), ('api', 'API'), ('import', 'Import'), ('workflow', 'Workflow'), ('approval', 'Approval'), ('system', 'System')], default='system', editable=False, max_length=10, verbose_name='created via')),
                        ('updated_source', models.CharField(choices=[('ui', 'User interface'), ('api', 'API'), ('import', 'Import'), ('workflow', 'Workflow'), ('approval', 'Approval'), ('system', 'System')], default='system', editable=False, max_length=10, verbose_name='updated via')),
                        ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                        ('deleted_at', models.DateTimeField(blank=True, db_index=True, editable=False, null=True, verbose_name='deleted')),
                        ('custom', models.JSONField(blank=True, default=dict, editable=False, verbose_name='custom fields')),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('outcome', models.CharField(choices=[('open', 'Open'), ('won', 'Won'), ('lost', 'Lost')], default='open', editable=False, max_length=4, verbose_name='outcome')),
                        ('amount', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=16, validators=[django.core.validators.MinValueValidator(0)], verbose_name='amount')),
                        ('amount_company', models.DecimalField(decimal_places=2, default=0, editable=False, max_digits=16, verbose_name='amount (company currency)')),
                        ('weighted_amount', models.DecimalField(decimal_places=2, default=0, editable=False, max_digits=16, verbose_name='weighted amount')),
                        ('probability', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MaxValueValidator(100)], verbose_name='probability (%)')),
                        ('expected_close', models.DateField(blank=True, null=True, verbose_name='expected close date')),
                        ('closed_on', models.DateField(blank=True, editable=False, null=True, verbose_name='closed on')),
                        ('source', guanxi.customization.fields.PicklistField(blank=True, default='', max_length=60, picklist='lead_source', verbose_name='source')),
                        ('lost_reason', guanxi.customization.fields.PicklistField(blank=True, default='', max_length=60, picklist='lost_reason', verbose_name='lost reason')),
                        ('next_step', models.CharField(blank=True, max_length=255, verbose_name='next step')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('stage_changed_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='in stage since')),
                        ('search_text', models.TextField(blank=True, default='', editable=False)),
                        ('account', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='opportunities', to='customers.account', verbose_name='account')),
                        ('contact', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='customers.contact', verbose_name='main contact')),
                        ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                        ('currency', models.ForeignKey(blank=True, help_text='Empty: the company currency.', on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalogue.currency', verbose_name='currency')),
                        ('deleted_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='deleted by')),
                        ('department', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='access.department', verbose_name='department')),
                        ('lead', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='customers.lead', verbose_name='from lead')),
                        ('owner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='owner')),
                        ('updated_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='updated by')),
                        ('pipeline', models.ForeignKey(blank=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='pipeline.pipeline', verbose_name='pipeline')),
                        ('stage', models.ForeignKey(blank=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='pipeline.stage', verbose_name='stage')),
                    ],
                    options={
                        'verbose_name': 'opportunity',
                        'verbose_name_plural': 'opportunities',
                        'db_table': 'sales_opportunity',
                        'indexes': [models.Index(fields=['deleted_at', 'updated_at', 'id'], name='opp_alive_updated'), models.Index(fields=['stage', 'updated_at'], name='opp_stage_updated'), models.Index(fields=['pipeline', 'outcome', 'expected_close'], name='opp_pipeline_close'), models.Index(fields=['outcome', 'expected_close'], name='opp_outcome_close'), models.Index(fields=['outcome', 'closed_on'], name='opp_outcome_closed'), models.Index(fields=['outcome', 'amount_company'], name='opp_outcome_amount'), models.Index(fields=['account', 'updated_at'], name='opp_account_updated'), models.Index(fields=['owner', 'updated_at'], name='opp_owner_updated'), models.Index(fields=['department', 'updated_at'], name='opp_dept_updated'), models.Index(fields=['name'], name='opp_name')],
                    },
                    managers=[
                        ('objects', django.db.models.manager.Manager()),
                        ('all_objects', django.db.models.manager.Manager()),
                    ],
                ),
                migrations.CreateModel(
                    name='OpportunityLine',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('quantity', models.DecimalField(decimal_places=2, max_digits=12, validators=[django.core.validators.MinValueValidator(Decimal('0.01'))], verbose_name='quantity')),
                        ('unit_price', models.DecimalField(decimal_places=2, max_digits=16, validators=[django.core.validators.MinValueValidator(0)], verbose_name='unit price')),
                        ('discount', models.DecimalField(decimal_places=2, default=0, max_digits=5, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='discount (%)')),
                        ('total', models.DecimalField(decimal_places=2, default=0, editable=False, max_digits=16, verbose_name='total')),
                        ('sort', models.PositiveIntegerField(default=0)),
                        ('opportunity', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lines', to='pipeline.opportunity')),
                        ('product', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalogue.product', verbose_name='product')),
                    ],
                    options={
                        'verbose_name': 'product line',
                        'verbose_name_plural': 'product lines',
                        'db_table': 'sales_opportunityline',
                        'ordering': ['opportunity', 'sort', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='OpportunityRollup',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.CharField(max_length=80, unique=True)),
                        ('pipeline_id', models.BigIntegerField()),
                        ('stage_id', models.BigIntegerField()),
                        ('outcome', models.CharField(max_length=4)),
                        ('owner_id', models.BigIntegerField(null=True)),
                        ('department_id', models.BigIntegerField(null=True)),
                        ('month', models.DateField(null=True)),
                        ('n', models.BigIntegerField(default=0)),
                        ('amount', models.DecimalField(decimal_places=2, default=0, max_digits=20)),
                        ('weighted', models.DecimalField(decimal_places=2, default=0, max_digits=20)),
                    ],
                    options={
                        'db_table': 'sales_opportunityrollup',
                        'indexes': [models.Index(fields=['pipeline_id', 'stage_id'], name='opproll_stage'), models.Index(fields=['outcome', 'month'], name='opproll_month')],
                    },
                ),
                migrations.CreateModel(
                    name='StageChange',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('seconds_in_previous', models.PositiveBigIntegerField(null=True)),
                        ('by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('from_stage', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='pipeline.stage')),
                        ('opportunity', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='stage_changes', to='pipeline.opportunity')),
                        ('to_stage', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='pipeline.stage')),
                    ],
                    options={
                        'db_table': 'sales_stagechange',
                        'ordering': ['opportunity', 'at', 'id'],
                        'indexes': [models.Index(fields=['to_stage', 'at'], name='stagechange_to_at')],
                    },
                ),
                migrations.CreateModel(
                    name='OpportunityCompetitor',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('strengths', models.TextField(blank=True, verbose_name='strengths')),
                        ('weaknesses', models.TextField(blank=True, verbose_name='weaknesses')),
                        ('competitor', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='customers.account', verbose_name='competitor')),
                        ('opportunity', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='competitors', to='pipeline.opportunity')),
                    ],
                    options={
                        'verbose_name': 'competitor',
                        'verbose_name_plural': 'competitors',
                        'db_table': 'sales_opportunitycompetitor',
                        'unique_together': {('opportunity', 'competitor')},
                    },
                ),
                migrations.CreateModel(
                    name='OpportunityContact',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('role', guanxi.customization.fields.PicklistField(blank=True, default='', max_length=60, picklist='deal_role', verbose_name='role')),
                        ('contact', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='customers.contact', verbose_name='contact')),
                        ('opportunity', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='contact_roles', to='pipeline.opportunity')),
                    ],
                    options={
                        'verbose_name': 'contact role',
                        'verbose_name_plural': 'contact roles',
                        'db_table': 'sales_opportunitycontact',
                        'unique_together': {('opportunity', 'contact')},
                    },
                ),
                migrations.CreateModel(
                    name='OwnershipConflict',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('object_type', models.CharField(max_length=60, verbose_name='object type')),
                        ('object_id', models.UUIDField(verbose_name='record')),
                        ('label', models.CharField(max_length=255, verbose_name='record')),
                        ('reason', models.CharField(choices=[('same_name', 'Same company name'), ('same_phone', 'Same phone'), ('same_email', 'Same email'), ('others_customer', "Sales on another owner's customer")], max_length=20, verbose_name='reason')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='found')),
                        ('resolved_at', models.DateTimeField(blank=True, null=True, verbose_name='settled')),
                        ('resolution', models.CharField(blank=True, max_length=255, verbose_name='how it was settled')),
                        ('customer', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='customers.account', verbose_name='customer')),
                        ('customer_owner', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name="customer's owner")),
                        ('owner', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='owner')),
                        ('resolved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'ownership conflict',
                        'verbose_name_plural': 'ownership conflicts',
                        'db_table': 'sales_ownershipconflict',
                        'ordering': ['-created_at'],
                        'indexes': [models.Index(fields=['object_type', 'object_id'], name='conflict_record'), models.Index(fields=['resolved_at', 'created_at'], name='conflict_open')],
                    },
                ),
            ],
        ),
    ]
