"""The billing models as they were in the sales app, whose tables they keep: state only, no
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
        ("sales", "0014_order_discount_approval_and_locks"),
        ('access', '0005_user_territories'),
        ('catalogue', '0001_initial'),
        ('customers', '0005_account_level_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='DocumentCounter',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('prefix', models.CharField(max_length=8)),
                    ('year', models.PositiveSmallIntegerField()),
                    ('last', models.PositiveIntegerField(default=0)),
                ],
                options={
                    'db_table': 'sales_documentcounter',
                },
            ),
            migrations.CreateModel(
                name='Invoice',
                fields=[
                    ('id', models.UUIDField(default=guanxi.core.ids.uuid7, editable=False, primary_key=True, serialize=False)),
                    ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='created')),
                    ('updated_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='last updated')),
                    ('created_source', models.CharField(choices=[('ui', 'User interface'), ('api', 'API'), ('import', 'Import'), ('workflow', 'Workflow'), ('approval', 'Approval'), ('system', 'System')], default='system', editable=False, max_length=10, verbose_name='created via')),
                    ('updated_source', models.CharField(choices=[('ui', 'User interface'), ('api', 'API'), ('import', 'Import'), ('workflow', 'Workflow'), ('approval', 'Approval'), ('system', 'System')], default='system', editable=False, max_length=10, verbose_name='updated via')),
                    ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                    ('deleted_at', models.DateTimeField(blank=True, db_index=True, editable=False, null=True, verbose_name='deleted')),
                    ('custom', models.JSONField(blank=True, default=dict, editable=False, verbose_name='custom fields')),
                    ('number', models.CharField(blank=True, help_text='Empty: assigned.', max_length=30, verbose_name='invoice number')),
                    ('issued_on', models.DateField(default=django.utils.timezone.localdate, verbose_name='issued on')),
                    ('due_on', models.DateField(blank=True, help_text='Empty: 30 days after the invoice date.', verbose_name='due on')),
                    ('amount', models.DecimalField(blank=True, decimal_places=2, help_text="Empty: the order's total.", max_digits=16, validators=[django.core.validators.MinValueValidator(Decimal('0.01'))], verbose_name='amount')),
                    ('status', models.CharField(choices=[('open', 'Unpaid'), ('partly_paid', 'Partly paid'), ('paid', 'Paid'), ('cancelled', 'Cancelled')], default='open', max_length=12, verbose_name='status')),
                    ('paid_amount', models.DecimalField(decimal_places=2, default=0, editable=False, max_digits=16, verbose_name='received')),
                    ('balance', models.DecimalField(decimal_places=2, default=0, editable=False, max_digits=16, verbose_name='balance')),
                    ('balance_company', models.DecimalField(decimal_places=2, default=0, editable=False, max_digits=16, verbose_name='balance (company currency)')),
                    ('amount_company', models.DecimalField(decimal_places=2, default=0, editable=False, max_digits=16, verbose_name='amount (company currency)')),
                    ('paid_on', models.DateField(blank=True, editable=False, null=True, verbose_name='paid in full on')),
                    ('notes', models.TextField(blank=True, verbose_name='notes')),
                    ('search_text', models.TextField(blank=True, default='', editable=False)),
                ],
                options={
                    'verbose_name': 'invoice',
                    'verbose_name_plural': 'invoices',
                    'db_table': 'sales_invoice',
                },
                managers=[
                    ('objects', django.db.models.manager.Manager()),
                    ('all_objects', django.db.models.manager.Manager()),
                ],
            ),
            migrations.CreateModel(
                name='OrderLine',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('description', models.CharField(blank=True, max_length=255, verbose_name='description')),
                    ('quantity', models.DecimalField(decimal_places=2, max_digits=12, validators=[django.core.validators.MinValueValidator(Decimal('0.01'))], verbose_name='quantity')),
                    ('unit_price', models.DecimalField(decimal_places=2, max_digits=16, validators=[django.core.validators.MinValueValidator(0)], verbose_name='unit price')),
                    ('discount', models.DecimalField(decimal_places=2, default=0, max_digits=5, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='discount (%)')),
                    ('tax_rate', models.DecimalField(decimal_places=2, default=0, max_digits=5, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='tax rate (%)')),
                    ('unit_cost', models.DecimalField(blank=True, decimal_places=2, editable=False, max_digits=16, null=True, verbose_name='unit cost')),
                    ('net', models.DecimalField(decimal_places=2, default=0, editable=False, max_digits=16, verbose_name='net')),
                    ('tax', models.DecimalField(decimal_places=2, default=0, editable=False, max_digits=16, verbose_name='tax')),
                    ('total', models.DecimalField(decimal_places=2, default=0, editable=False, max_digits=16, verbose_name='total')),
                    ('sort', models.PositiveIntegerField(default=0)),
                ],
                options={
                    'verbose_name': 'order line',
                    'verbose_name_plural': 'order lines',
                    'db_table': 'sales_orderline',
                    'ordering': ['order', 'sort', 'id'],
                },
            ),
            migrations.CreateModel(
                name='Payment',
                fields=[
                    ('id', models.UUIDField(default=guanxi.core.ids.uuid7, editable=False, primary_key=True, serialize=False)),
                    ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='created')),
                    ('updated_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='last updated')),
                    ('created_source', models.CharField(choices=[('ui', 'User interface'), ('api', 'API'), ('import', 'Import'), ('workflow', 'Workflow'), ('approval', 'Approval'), ('system', 'System')], default='system', editable=False, max_length=10, verbose_name='created via')),
                    ('updated_source', models.CharField(choices=[('ui', 'User interface'), ('api', 'API'), ('import', 'Import'), ('workflow', 'Workflow'), ('approval', 'Approval'), ('system', 'System')], default='system', editable=False, max_length=10, verbose_name='updated via')),
                    ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                    ('deleted_at', models.DateTimeField(blank=True, db_index=True, editable=False, null=True, verbose_name='deleted')),
                    ('custom', models.JSONField(blank=True, default=dict, editable=False, verbose_name='custom fields')),
                    ('received_on', models.DateField(default=django.utils.timezone.localdate, verbose_name='received on')),
                    ('amount', models.DecimalField(decimal_places=2, max_digits=16, validators=[django.core.validators.MinValueValidator(Decimal('0.01'))], verbose_name='amount')),
                    ('amount_company', models.DecimalField(decimal_places=2, default=0, editable=False, max_digits=16, verbose_name='amount (company currency)')),
                    ('method', guanxi.customization.fields.PicklistField(blank=True, default='', max_length=60, picklist='payment_method', verbose_name='method')),
                    ('reference', models.CharField(blank=True, help_text='Bank slip or cheque number.', max_length=80, verbose_name='reference')),
                    ('notes', models.TextField(blank=True, verbose_name='notes')),
                    ('search_text', models.TextField(blank=True, default='', editable=False)),
                ],
                options={
                    'verbose_name': 'payment',
                    'verbose_name_plural': 'payments',
                    'db_table': 'sales_payment',
                },
                managers=[
                    ('objects', django.db.models.manager.Manager()),
                    ('all_objects', django.db.models.manager.Manager()),
                ],
            ),
            migrations.CreateModel(
                name='Quote',
                fields=[
                    ('id', models.UUIDField(default=guanxi.core.ids.uuid7, editable=False, primary_key=True, serialize=False)),
                    ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='created')),
                    ('updated_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='last updated')),
                    ('created_source', models.CharField(choices=[('ui', 'User interface'), ('api', 'API'), ('import', 'Import'), ('workflow', 'Workflow'), ('approval', 'Approval'), ('system', 'System')], default='system', editable=False, max_length=10, verbose_name='created via')),
                    ('updated_source', models.CharField(choices=[('ui', 'User interface'), ('api', 'API'), ('import', 'Import'), ('workflow', 'Workflow'), ('approval', 'Approval'), ('system', 'System')], default='system', editable=False, max_length=10, verbose_name='updated via')),
                    ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                    ('deleted_at', models.DateTimeField(blank=True, db_index=True, editable=False, null=True, verbose_name='deleted')),
                    ('custom', models.JSONField(blank=True, default=dict, editable=False, verbose_name='custom fields')),
                    ('number', models.CharField(blank=True, help_text='Empty: assigned.', max_length=30, verbose_name='number')),
                    ('subtotal', models.DecimalField(decimal_places=2, default=0, editable=False, max_digits=16, verbose_name='before discount')),
                    ('discount_amount', models.DecimalField(decimal_places=2, default=0, editable=False, max_digits=16, verbose_name='discount')),
                    ('tax_amount', models.DecimalField(decimal_places=2, default=0, editable=False, max_digits=16, verbose_name='tax')),
                    ('total', models.DecimalField(decimal_places=2, default=0, editable=False, max_digits=16, verbose_name='total')),
                    ('total_company', models.DecimalField(decimal_places=2, default=0, editable=False, max_digits=16, verbose_name='total (company currency)')),
                    ('max_discount', models.DecimalField(decimal_places=2, default=0, editable=False, max_digits=5, verbose_name="largest discount off the customer's price (%)")),
                    ('notes', models.TextField(blank=True, verbose_name='terms and notes')),
                    ('search_text', models.TextField(blank=True, default='', editable=False)),
                    ('subject', models.CharField(blank=True, help_text='Empty: named after the customer.', max_length=200, verbose_name='subject')),
                    ('status', models.CharField(choices=[('draft', 'Draft'), ('review', 'Waiting for approval'), ('approved', 'Approved'), ('sent', 'Sent'), ('accepted', 'Accepted'), ('declined', 'Declined'), ('superseded', 'Superseded')], default='draft', max_length=12, verbose_name='status')),
                    ('revision', models.PositiveSmallIntegerField(default=1, editable=False, verbose_name='version')),
                    ('quote_date', models.DateField(default=django.utils.timezone.localdate, verbose_name='quote date')),
                    ('valid_until', models.DateField(blank=True, null=True, verbose_name='valid until')),
                    ('language', models.CharField(blank=True, choices=[('en', 'English'), ('zh-hans', '简体中文'), ('zh-hant', '繁體中文')], default='zh-hans', max_length=10, verbose_name='printed in')),
                ],
                options={
                    'verbose_name': 'quote',
                    'verbose_name_plural': 'quotes',
                    'db_table': 'sales_quote',
                },
                managers=[
                    ('objects', django.db.models.manager.Manager()),
                    ('all_objects', django.db.models.manager.Manager()),
                ],
            ),
            migrations.CreateModel(
                name='QuoteLine',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('description', models.CharField(blank=True, max_length=255, verbose_name='description')),
                    ('quantity', models.DecimalField(decimal_places=2, max_digits=12, validators=[django.core.validators.MinValueValidator(Decimal('0.01'))], verbose_name='quantity')),
                    ('unit_price', models.DecimalField(decimal_places=2, max_digits=16, validators=[django.core.validators.MinValueValidator(0)], verbose_name='unit price')),
                    ('discount', models.DecimalField(decimal_places=2, default=0, max_digits=5, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='discount (%)')),
                    ('tax_rate', models.DecimalField(decimal_places=2, default=0, max_digits=5, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='tax rate (%)')),
                    ('unit_cost', models.DecimalField(blank=True, decimal_places=2, editable=False, max_digits=16, null=True, verbose_name='unit cost')),
                    ('net', models.DecimalField(decimal_places=2, default=0, editable=False, max_digits=16, verbose_name='net')),
                    ('tax', models.DecimalField(decimal_places=2, default=0, editable=False, max_digits=16, verbose_name='tax')),
                    ('total', models.DecimalField(decimal_places=2, default=0, editable=False, max_digits=16, verbose_name='total')),
                    ('sort', models.PositiveIntegerField(default=0)),
                ],
                options={
                    'verbose_name': 'quote line',
                    'verbose_name_plural': 'quote lines',
                    'db_table': 'sales_quoteline',
                    'ordering': ['quote', 'sort', 'id'],
                },
            ),
            migrations.CreateModel(
                name='SalesOrder',
                fields=[
                    ('id', models.UUIDField(default=guanxi.core.ids.uuid7, editable=False, primary_key=True, serialize=False)),
                    ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='created')),
                    ('updated_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='last updated')),
                    ('created_source', models.CharField(choices=[('ui', 'User interface'), ('api', 'API'), ('import', 'Import'), ('workflow', 'Workflow'), ('approval', 'Approval'), ('system', 'System')], default='system', editable=False, max_length=10, verbose_name='created via')),
                    ('updated_source', models.CharField(choices=[('ui', 'User interface'), ('api', 'API'), ('import', 'Import'), ('workflow', 'Workflow'), ('approval', 'Approval'), ('system', 'System')], default='system', editable=False, max_length=10, verbose_name='updated via')),
                    ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                    ('deleted_at', models.DateTimeField(blank=True, db_index=True, editable=False, null=True, verbose_name='deleted')),
                    ('custom', models.JSONField(blank=True, default=dict, editable=False, verbose_name='custom fields')),
                    ('number', models.CharField(blank=True, help_text='Empty: assigned.', max_length=30, verbose_name='number')),
                    ('subtotal', models.DecimalField(decimal_places=2, default=0, editable=False, max_digits=16, verbose_name='before discount')),
                    ('discount_amount', models.DecimalField(decimal_places=2, default=0, editable=False, max_digits=16, verbose_name='discount')),
                    ('tax_amount', models.DecimalField(decimal_places=2, default=0, editable=False, max_digits=16, verbose_name='tax')),
                    ('total', models.DecimalField(decimal_places=2, default=0, editable=False, max_digits=16, verbose_name='total')),
                    ('total_company', models.DecimalField(decimal_places=2, default=0, editable=False, max_digits=16, verbose_name='total (company currency)')),
                    ('max_discount', models.DecimalField(decimal_places=2, default=0, editable=False, max_digits=5, verbose_name="largest discount off the customer's price (%)")),
                    ('notes', models.TextField(blank=True, verbose_name='terms and notes')),
                    ('search_text', models.TextField(blank=True, default='', editable=False)),
                    ('status', models.CharField(choices=[('draft', 'Draft'), ('confirmed', 'Confirmed'), ('shipped', 'Shipped'), ('delivered', 'Delivered'), ('cancelled', 'Cancelled')], default='confirmed', max_length=12, verbose_name='status')),
                    ('order_date', models.DateField(default=django.utils.timezone.localdate, verbose_name='order date')),
                    ('delivery_date', models.DateField(blank=True, null=True, verbose_name='promised delivery')),
                    ('delivered_on', models.DateField(blank=True, null=True, verbose_name='delivered on')),
                    ('customer_reference', models.CharField(blank=True, max_length=60, verbose_name="customer's reference")),
                    ('approved_discount', models.DecimalField(decimal_places=2, default=0, editable=False, max_digits=5, verbose_name='discount approved (%)')),
                    ('discount_to_approve', models.DecimalField(decimal_places=2, default=0, editable=False, max_digits=5, verbose_name='discount to approve (%)')),
                ],
                options={
                    'verbose_name': 'order',
                    'verbose_name_plural': 'orders',
                    'db_table': 'sales_salesorder',
                },
                managers=[
                    ('objects', django.db.models.manager.Manager()),
                    ('all_objects', django.db.models.manager.Manager()),
                ],
            ),
            migrations.CreateModel(
                name='Contract',
                fields=[
                    ('id', models.UUIDField(default=guanxi.core.ids.uuid7, editable=False, primary_key=True, serialize=False)),
                    ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='created')),
                    ('updated_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='last updated')),
                    ('created_source', models.CharField(choices=[('ui', 'User interface'), ('api', 'API'), ('import', 'Import'), ('workflow', 'Workflow'), ('approval', 'Approval'), ('system', 'System')], default='system', editable=False, max_length=10, verbose_name='created via')),
                    ('updated_source', models.CharField(choices=[('ui', 'User interface'), ('api', 'API'), ('import', 'Import'), ('workflow', 'Workflow'), ('approval', 'Approval'), ('system', 'System')], default='system', editable=False, max_length=10, verbose_name='updated via')),
                    ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                    ('deleted_at', models.DateTimeField(blank=True, db_index=True, editable=False, null=True, verbose_name='deleted')),
                    ('custom', models.JSONField(blank=True, default=dict, editable=False, verbose_name='custom fields')),
                    ('number', models.CharField(blank=True, help_text='Empty: assigned.', max_length=30, verbose_name='contract number')),
                    ('name', models.CharField(max_length=200, verbose_name='name')),
                    ('contract_type', guanxi.customization.fields.PicklistField(blank=True, default='', max_length=60, picklist='contract_type', verbose_name='contract type')),
                    ('status', models.CharField(choices=[('draft', 'Draft'), ('active', 'In force'), ('expired', 'Expired'), ('terminated', 'Terminated')], default='draft', max_length=12, verbose_name='status')),
                    ('signed_on', models.DateField(blank=True, null=True, verbose_name='signed on')),
                    ('starts_on', models.DateField(verbose_name='starts on')),
                    ('ends_on', models.DateField(verbose_name='ends on')),
                    ('value', models.DecimalField(decimal_places=2, default=0, max_digits=16, validators=[django.core.validators.MinValueValidator(0)], verbose_name='contract value')),
                    ('value_company', models.DecimalField(decimal_places=2, default=0, editable=False, max_digits=16, verbose_name='value (company currency)')),
                    ('renewal_date', models.DateField(blank=True, help_text='Empty: the notice period before the end.', null=True, verbose_name='renewal date')),
                    ('notice_days', models.PositiveSmallIntegerField(default=30, validators=[django.core.validators.MaxValueValidator(365)], verbose_name='remind (days before renewal)')),
                    ('reminded_at', models.DateTimeField(blank=True, editable=False, null=True)),
                    ('terms', models.TextField(blank=True, verbose_name='terms')),
                    ('search_text', models.TextField(blank=True, default='', editable=False)),
                    ('account', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='customers.account', verbose_name='account')),
                    ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                    ('currency', models.ForeignKey(blank=True, help_text='Empty: the company currency.', on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalogue.currency', verbose_name='currency')),
                    ('deleted_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='deleted by')),
                    ('department', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='access.department', verbose_name='department')),
                ],
                options={
                    'verbose_name': 'contract',
                    'verbose_name_plural': 'contracts',
                    'db_table': 'sales_contract',
                },
                managers=[
                    ('objects', django.db.models.manager.Manager()),
                    ('all_objects', django.db.models.manager.Manager()),
                ],
            ),
            ],
        ),
    ]
