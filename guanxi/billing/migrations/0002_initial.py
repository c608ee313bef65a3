"""The billing models as they were in the sales app, whose tables they keep: state only, no
schema change (see sales 0015)."""


import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('access', '0005_user_territories'),
        ('billing', '0001_initial'),
        ('catalogue', '0001_initial'),
        ('customers', '0005_account_level_index'),
        ('pipeline', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.AddField(
                model_name='contract',
                name='opportunity',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='pipeline.opportunity', verbose_name='opportunity'),
            ),
            migrations.AddField(
                model_name='contract',
                name='owner',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='owner'),
            ),
            migrations.AddField(
                model_name='contract',
                name='renewal_of',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='billing.contract', verbose_name='renews'),
            ),
            migrations.AddField(
                model_name='contract',
                name='updated_by',
                field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='updated by'),
            ),
            migrations.AlterUniqueTogether(
                name='documentcounter',
                unique_together={('prefix', 'year')},
            ),
            migrations.AddField(
                model_name='invoice',
                name='account',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='customers.account', verbose_name='account'),
            ),
            migrations.AddField(
                model_name='invoice',
                name='contract',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='billing.contract', verbose_name='contract'),
            ),
            migrations.AddField(
                model_name='invoice',
                name='created_by',
                field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by'),
            ),
            migrations.AddField(
                model_name='invoice',
                name='currency',
                field=models.ForeignKey(blank=True, help_text="Empty: the order's or the company currency.", on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalogue.currency', verbose_name='currency'),
            ),
            migrations.AddField(
                model_name='invoice',
                name='deleted_by',
                field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='deleted by'),
            ),
            migrations.AddField(
                model_name='invoice',
                name='department',
                field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='access.department', verbose_name='department'),
            ),
            migrations.AddField(
                model_name='invoice',
                name='owner',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='owner'),
            ),
            migrations.AddField(
                model_name='invoice',
                name='updated_by',
                field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='updated by'),
            ),
            migrations.AddField(
                model_name='orderline',
                name='product',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalogue.product', verbose_name='product'),
            ),
            migrations.AddField(
                model_name='payment',
                name='account',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='customers.account', verbose_name='account'),
            ),
            migrations.AddField(
                model_name='payment',
                name='created_by',
                field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by'),
            ),
            migrations.AddField(
                model_name='payment',
                name='currency',
                field=models.ForeignKey(blank=True, help_text="Empty: the invoice's currency.", on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalogue.currency', verbose_name='currency'),
            ),
            migrations.AddField(
                model_name='payment',
                name='deleted_by',
                field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='deleted by'),
            ),
            migrations.AddField(
                model_name='payment',
                name='department',
                field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='access.department', verbose_name='department'),
            ),
            migrations.AddField(
                model_name='payment',
                name='invoice',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='payments', to='billing.invoice', verbose_name='invoice'),
            ),
            migrations.AddField(
                model_name='payment',
                name='owner',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='owner'),
            ),
            migrations.AddField(
                model_name='payment',
                name='updated_by',
                field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='updated by'),
            ),
            migrations.AddField(
                model_name='quote',
                name='account',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='customers.account', verbose_name='account'),
            ),
            migrations.AddField(
                model_name='quote',
                name='contact',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='customers.contact', verbose_name='contact'),
            ),
            migrations.AddField(
                model_name='quote',
                name='created_by',
                field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by'),
            ),
            migrations.AddField(
                model_name='quote',
                name='currency',
                field=models.ForeignKey(blank=True, help_text='Empty: the company currency.', on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalogue.currency', verbose_name='currency'),
            ),
            migrations.AddField(
                model_name='quote',
                name='deleted_by',
                field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='deleted by'),
            ),
            migrations.AddField(
                model_name='quote',
                name='department',
                field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='access.department', verbose_name='department'),
            ),
            migrations.AddField(
                model_name='quote',
                name='opportunity',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='pipeline.opportunity', verbose_name='opportunity'),
            ),
            migrations.AddField(
                model_name='quote',
                name='owner',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='owner'),
            ),
            migrations.AddField(
                model_name='quote',
                name='previous',
                field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='billing.quote', verbose_name='previous version'),
            ),
            migrations.AddField(
                model_name='quote',
                name='updated_by',
                field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='updated by'),
            ),
            migrations.AddField(
                model_name='quoteline',
                name='product',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalogue.product', verbose_name='product'),
            ),
            migrations.AddField(
                model_name='quoteline',
                name='quote',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lines', to='billing.quote'),
            ),
            migrations.AddField(
                model_name='salesorder',
                name='account',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='customers.account', verbose_name='account'),
            ),
            migrations.AddField(
                model_name='salesorder',
                name='contact',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='customers.contact', verbose_name='contact'),
            ),
            migrations.AddField(
                model_name='salesorder',
                name='contract',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='billing.contract', verbose_name='contract'),
            ),
            migrations.AddField(
                model_name='salesorder',
                name='created_by',
                field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by'),
            ),
            migrations.AddField(
                model_name='salesorder',
                name='currency',
                field=models.ForeignKey(blank=True, help_text='Empty: the company currency.', on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalogue.currency', verbose_name='currency'),
            ),
            migrations.AddField(
                model_name='salesorder',
                name='deleted_by',
                field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='deleted by'),
            ),
            migrations.AddField(
                model_name='salesorder',
                name='department',
                field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='access.department', verbose_name='department'),
            ),
            migrations.AddField(
                model_name='salesorder',
                name='opportunity',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='pipeline.opportunity', verbose_name='opportunity'),
            ),
            migrations.AddField(
                model_name='salesorder',
                name='owner',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='owner'),
            ),
            migrations.AddField(
                model_name='salesorder',
                name='quote',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='billing.quote', verbose_name='from quote'),
            ),
            migrations.AddField(
                model_name='salesorder',
                name='updated_by',
                field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='updated by'),
            ),
            migrations.AddField(
                model_name='orderline',
                name='order',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lines', to='billing.salesorder'),
            ),
            migrations.AddField(
                model_name='invoice',
                name='order',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='billing.salesorder', verbose_name='order'),
            ),
            migrations.AddIndex(
                model_name='contract',
                index=models.Index(fields=['deleted_at', 'updated_at', 'id'], name='contract_alive_updated'),
            ),
            migrations.AddIndex(
                model_name='contract',
                index=models.Index(fields=['account', 'starts_on'], name='contract_account_start'),
            ),
            migrations.AddIndex(
                model_name='contract',
                index=models.Index(fields=['status', 'renewal_date'], name='contract_status_renewal'),
            ),
            migrations.AddIndex(
                model_name='contract',
                index=models.Index(fields=['owner', 'updated_at'], name='contract_owner_updated'),
            ),
            migrations.AddIndex(
                model_name='contract',
                index=models.Index(fields=['department', 'updated_at'], name='contract_dept_updated'),
            ),
            migrations.AddConstraint(
                model_name='contract',
                constraint=models.UniqueConstraint(fields=('number',), name='contract_number_unique'),
            ),
            migrations.AddIndex(
                model_name='payment',
                index=models.Index(fields=['deleted_at', 'updated_at', 'id'], name='payment_alive_updated'),
            ),
            migrations.AddIndex(
                model_name='payment',
                index=models.Index(fields=['account', 'received_on'], name='payment_account_received'),
            ),
            migrations.AddIndex(
                model_name='payment',
                index=models.Index(fields=['invoice'], name='payment_invoice'),
            ),
            migrations.AddIndex(
                model_name='payment',
                index=models.Index(fields=['received_on'], name='payment_received'),
            ),
            migrations.AddIndex(
                model_name='payment',
                index=models.Index(fields=['owner', 'updated_at'], name='payment_owner_updated'),
            ),
            migrations.AddIndex(
                model_name='payment',
                index=models.Index(fields=['department', 'updated_at'], name='payment_dept_updated'),
            ),
            migrations.AddIndex(
                model_name='quote',
                index=models.Index(fields=['deleted_at', 'updated_at', 'id'], name='quote_alive_updated'),
            ),
            migrations.AddIndex(
                model_name='quote',
                index=models.Index(fields=['account', 'quote_date'], name='quote_account_date'),
            ),
            migrations.AddIndex(
                model_name='quote',
                index=models.Index(fields=['opportunity', 'quote_date'], name='quote_opp_date'),
            ),
            migrations.AddIndex(
                model_name='quote',
                index=models.Index(fields=['owner', 'updated_at'], name='quote_owner_updated'),
            ),
            migrations.AddIndex(
                model_name='quote',
                index=models.Index(fields=['department', 'updated_at'], name='quote_dept_updated'),
            ),
            migrations.AddIndex(
                model_name='quote',
                index=models.Index(fields=['status', 'updated_at'], name='quote_status_updated'),
            ),
            migrations.AlterUniqueTogether(
                name='quote',
                unique_together={('number', 'revision')},
            ),
            migrations.AddIndex(
                model_name='salesorder',
                index=models.Index(fields=['deleted_at', 'updated_at', 'id'], name='order_alive_updated'),
            ),
            migrations.AddIndex(
                model_name='salesorder',
                index=models.Index(fields=['account', 'order_date'], name='order_account_date'),
            ),
            migrations.AddIndex(
                model_name='salesorder',
                index=models.Index(fields=['order_date'], name='order_date'),
            ),
            migrations.AddIndex(
                model_name='salesorder',
                index=models.Index(fields=['owner', 'updated_at'], name='order_owner_updated'),
            ),
            migrations.AddIndex(
                model_name='salesorder',
                index=models.Index(fields=['department', 'updated_at'], name='order_dept_updated'),
            ),
            migrations.AddIndex(
                model_name='salesorder',
                index=models.Index(fields=['status', 'updated_at'], name='order_status_updated'),
            ),
            migrations.AddConstraint(
                model_name='salesorder',
                constraint=models.UniqueConstraint(fields=('number',), name='order_number_unique'),
            ),
            migrations.AddConstraint(
                model_name='salesorder',
                constraint=models.UniqueConstraint(fields=('quote',), name='order_one_per_quote'),
            ),
            migrations.AddIndex(
                model_name='orderline',
                index=models.Index(fields=['product', 'order'], name='orderline_product'),
            ),
            migrations.AddIndex(
                model_name='invoice',
                index=models.Index(fields=['deleted_at', 'updated_at', 'id'], name='invoice_alive_updated'),
            ),
            migrations.AddIndex(
                model_name='invoice',
                index=models.Index(fields=['account', 'issued_on'], name='invoice_account_issued'),
            ),
            migrations.AddIndex(
                model_name='invoice',
                index=models.Index(fields=['status', 'due_on'], name='invoice_status_due'),
            ),
            migrations.AddIndex(
                model_name='invoice',
                index=models.Index(fields=['contract'], name='invoice_contract'),
            ),
            migrations.AddIndex(
                model_name='invoice',
                index=models.Index(fields=['owner', 'updated_at'], name='invoice_owner_updated'),
            ),
            migrations.AddIndex(
                model_name='invoice',
                index=models.Index(fields=['department', 'updated_at'], name='invoice_dept_updated'),
            ),
            migrations.AddConstraint(
                model_name='invoice',
                constraint=models.UniqueConstraint(fields=('number',), name='invoice_number_unique'),
            ),
            ],
        ),
    ]
