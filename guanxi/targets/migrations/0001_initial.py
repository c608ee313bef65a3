"""The targets models as they were in the sales app, whose tables they keep: state only, no
schema change (see sales 0015)."""

import django.core.validators
import django.db.models.deletion
import django.db.models.manager
import django.utils.timezone
import guanxi.core.ids
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('access', '0005_user_territories'),
        ('access', '__first__'),
        ('sales', '0014_order_discount_approval_and_locks'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Target',
                    fields=[
                        ('id', models.UUIDField(default=guanxi.core.ids.uuid7, editable=False, primary_key=True, serialize=False)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='created')),
                        ('updated_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='last updated')),
                        ('created_source', models.CharField(choices=[('ui', 'User interface'), ('api', 'API'), ('import', 'Import'), ('workflow', 'Workflow'), ('approval', 'Approval'), ('system', 'System')], default='system', editable=False, max_length=10, verbose_name='created via')),
                        ('updated_source', models.CharField(choices=[('ui', 'User interface'), ('api', 'API'), ('import', 'Import'), ('workflow', 'Workflow'), ('approval', 'Approval'), ('system', 'System')], default='system', editable=False, max_length=10, verbose_name='updated via')),
                        ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                        ('deleted_at', models.DateTimeField(blank=True, db_index=True, editable=False, null=True, verbose_name='deleted')),
                        ('custom', models.JSONField(blank=True, default=dict, editable=False, verbose_name='custom fields')),
                        ('name', models.CharField(blank=True, help_text='Empty: the period and whom it is for.', max_length=200, verbose_name='name')),
                        ('scope', models.CharField(choices=[('user', 'A person'), ('department', 'A department'), ('company', 'The company')], default='user', max_length=12, verbose_name='for')),
                        ('metric', models.CharField(choices=[('won_amount', 'Won deals (amount)'), ('won_count', 'Won deals (number)'), ('received', 'Payments received'), ('new_customers', 'New customers')], default='won_amount', max_length=16, verbose_name='measure')),
                        ('period', models.CharField(choices=[('month', 'Month'), ('quarter', 'Quarter'), ('year', 'Year')], default='month', max_length=8, verbose_name='period')),
                        ('starts_on', models.DateField(help_text='Any day of the period; its first day is kept.', verbose_name='from')),
                        ('ends_on', models.DateField(editable=False, verbose_name='until')),
                        ('value', models.DecimalField(decimal_places=2, max_digits=16, validators=[django.core.validators.MinValueValidator(0)], verbose_name='target')),
                        ('notes', models.TextField(blank=True, verbose_name='notes')),
                        ('search_text', models.TextField(blank=True, default='', editable=False)),
                        ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                        ('deleted_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='deleted by')),
                        ('department', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='access.department', verbose_name='department')),
                        ('owner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='owner')),
                        ('team', models.ForeignKey(blank=True, help_text="For a department's target.", null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='access.department', verbose_name='department')),
                        ('updated_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='updated by')),
                    ],
                    options={
                        'verbose_name': 'sales target',
                        'verbose_name_plural': 'sales targets',
                        'db_table': 'sales_target',
                        'indexes': [models.Index(fields=['deleted_at', 'updated_at', 'id'], name='target_alive_updated'), models.Index(fields=['starts_on', 'period'], name='target_period'), models.Index(fields=['owner', 'starts_on'], name='target_owner_start'), models.Index(fields=['department', 'starts_on'], name='target_dept_start')],
                    },
                    managers=[
                        ('objects', django.db.models.manager.Manager()),
                        ('all_objects', django.db.models.manager.Manager()),
                    ],
                ),
            ],
        ),
    ]
