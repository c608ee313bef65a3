"""The catalogue models as they were in the sales app, whose tables they keep: state only, no
schema change (see sales 0015)."""

import django.core.validators
import django.db.models.deletion
import django.db.models.manager
import django.utils.timezone
import guanxi.core.ids
import guanxi.core.trees
import guanxi.customization.fields
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('access', '__first__'),
        ('sales', '0014_order_discount_approval_and_locks'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Currency',
                    fields=[
                        ('name_en', models.CharField(max_length=120, verbose_name='name (English)')),
                        ('name_zh_hans', models.CharField(blank=True, max_length=120, verbose_name='name (Simplified Chinese)')),
                        ('name_zh_hant', models.CharField(blank=True, max_length=120, verbose_name='name (Traditional Chinese)')),
                        ('code', models.CharField(help_text='ISO 4217, e.g. CNY', max_length=3, primary_key=True, serialize=False, verbose_name='code')),
                        ('symbol', models.CharField(blank=True, max_length=4, verbose_name='symbol')),
                        ('active', models.BooleanField(default=True, verbose_name='active')),
                    ],
                    options={
                        'verbose_name': 'currency',
                        'verbose_name_plural': 'currencies',
                        'db_table': 'sales_currency',
                        'ordering': ['code'],
                    },
                ),
                migrations.CreateModel(
                    name='PriceBook',
                    fields=[
                        ('id', models.UUIDField(default=guanxi.core.ids.uuid7, editable=False, primary_key=True, serialize=False)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='created')),
                        ('updated_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='last updated')),
                        ('created_source', models.CharField(choices=[('ui', 'User interface'), ('api', 'API'), ('import', 'Import'), ('workflow', 'Workflow'), ('approval', 'Approval'), ('system', 'System')], default='system', editable=False, max_length=10, verbose_name='created via')),
                        ('updated_source', models.CharField(choices=[('ui', 'User interface'), ('api', 'API'), ('import', 'Import'), ('workflow', 'Workflow'), ('approval', 'Approval'), ('system', 'System')], default='system', editable=False, max_length=10, verbose_name='updated via')),
                        ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                        ('deleted_at', models.DateTimeField(blank=True, db_index=True, editable=False, null=True, verbose_name='deleted')),
                        ('custom', models.JSONField(blank=True, default=dict, editable=False, verbose_name='custom fields')),
                        ('name', models.CharField(max_length=120, verbose_name='name')),
                        ('customer_level', guanxi.customization.fields.PicklistField(blank=True, default='', max_length=60, picklist='account_level', verbose_name='customer level')),
                        ('valid_from', models.DateField(blank=True, null=True, verbose_name='valid from')),
                        ('valid_until', models.DateField(blank=True, null=True, verbose_name='valid until')),
                        ('active', models.BooleanField(default=True, verbose_name='active')),
                        ('search_text', models.TextField(blank=True, default='', editable=False)),
                        ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                        ('currency', models.ForeignKey(blank=True, help_text='Empty: the company currency.', on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalogue.currency', verbose_name='currency')),
                        ('deleted_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='deleted by')),
                        ('updated_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='updated by')),
                    ],
                    options={
                        'verbose_name': 'price book',
                        'verbose_name_plural': 'price books',
                        'db_table': 'sales_pricebook',
                    },
                    managers=[
                        ('objects', django.db.models.manager.Manager()),
                        ('all_objects', django.db.models.manager.Manager()),
                    ],
                ),
                migrations.CreateModel(
                    name='ProductCategory',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name_en', models.CharField(max_length=120, verbose_name='name (English)')),
                        ('name_zh_hans', models.CharField(blank=True, max_length=120, verbose_name='name (Simplified Chinese)')),
                        ('name_zh_hant', models.CharField(blank=True, max_length=120, verbose_name='name (Traditional Chinese)')),
                        ('sort', models.PositiveIntegerField(default=0)),
                        ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalogue.productcategory', verbose_name='parent category')),
                    ],
                    options={
                        'verbose_name': 'product category',
                        'verbose_name_plural': 'product categories',
                        'db_table': 'sales_productcategory',
                        'ordering': ['sort', 'name_en'],
                    },
                    bases=(guanxi.core.trees.CachedTree, models.Model),
                ),
                migrations.CreateModel(
                    name='Product',
                    fields=[
                        ('id', models.UUIDField(default=guanxi.core.ids.uuid7, editable=False, primary_key=True, serialize=False)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='created')),
                        ('updated_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='last updated')),
                        ('created_source', models.CharField(choices=[('ui', 'User interface'), ('api', 'API'), ('import', 'Import'), ('workflow', 'Workflow'), ('approval', 'Approval'), ('system', 'System')], default='system', editable=False, max_length=10, verbose_name='created via')),
                        ('updated_source', models.CharField(choices=[('ui', 'User interface'), ('api', 'API'), ('import', 'Import'), ('workflow', 'Workflow'), ('approval', 'Approval'), ('system', 'System')], default='system', editable=False, max_length=10, verbose_name='updated via')),
                        ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                        ('deleted_at', models.DateTimeField(blank=True, db_index=True, editable=False, null=True, verbose_name='deleted')),
                        ('custom', models.JSONField(blank=True, default=dict, editable=False, verbose_name='custom fields')),
                        ('code', models.CharField(blank=True, help_text='Empty: assigned.', max_length=40, unique=True, verbose_name='product code')),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('name_en', models.CharField(blank=True, max_length=200, verbose_name='name (English)')),
                        ('name_zh_hant', models.CharField(blank=True, max_length=200, verbose_name='name (Traditional Chinese)')),
                        ('unit', guanxi.customization.fields.PicklistField(blank=True, default='', max_length=60, picklist='product_unit', verbose_name='unit')),
                        ('list_price', models.DecimalField(decimal_places=2, max_digits=16, validators=[django.core.validators.MinValueValidator(0)], verbose_name='list price')),
                        ('cost', models.DecimalField(blank=True, decimal_places=2, max_digits=16, null=True, validators=[django.core.validators.MinValueValidator(0)], verbose_name='cost')),
                        ('active', models.BooleanField(default=True, verbose_name='active')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('search_text', models.TextField(blank=True, default='', editable=False)),
                        ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                        ('currency', models.ForeignKey(blank=True, help_text='Empty: the company currency.', on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalogue.currency', verbose_name='currency')),
                        ('deleted_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='deleted by')),
                        ('updated_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='updated by')),
                        ('category', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='catalogue.productcategory', verbose_name='category')),
                    ],
                    options={
                        'verbose_name': 'product',
                        'verbose_name_plural': 'products',
                        'db_table': 'sales_product',
                        'indexes': [models.Index(fields=['deleted_at', 'updated_at', 'id'], name='prod_alive_updated'), models.Index(fields=['category', 'updated_at'], name='prod_category_updated'), models.Index(fields=['name'], name='prod_name')],
                    },
                    managers=[
                        ('objects', django.db.models.manager.Manager()),
                        ('all_objects', django.db.models.manager.Manager()),
                    ],
                ),
                migrations.CreateModel(
                    name='ExchangeRate',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('on_date', models.DateField(verbose_name='valid from')),
                        ('rate', models.DecimalField(decimal_places=8, max_digits=18, validators=[django.core.validators.MinValueValidator(Decimal('1E-8'))], verbose_name='rate')),
                        ('currency', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='rates', to='catalogue.currency', verbose_name='currency')),
                    ],
                    options={
                        'verbose_name': 'exchange rate',
                        'verbose_name_plural': 'exchange rates',
                        'db_table': 'sales_exchangerate',
                        'ordering': ['currency', '-on_date'],
                        'unique_together': {('currency', 'on_date')},
                    },
                ),
                migrations.CreateModel(
                    name='PriceBookEntry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('price', models.DecimalField(decimal_places=2, max_digits=16, validators=[django.core.validators.MinValueValidator(0)], verbose_name='price')),
                        ('price_book', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='entries', to='catalogue.pricebook')),
                        ('product', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='catalogue.product', verbose_name='product')),
                    ],
                    options={
                        'verbose_name': 'price book entry',
                        'verbose_name_plural': 'price book entries',
                        'db_table': 'sales_pricebookentry',
                        'unique_together': {('price_book', 'product')},
                    },
                ),
            ],
        ),
    ]
