"""The territories models as they were in the sales app, whose tables they keep: state only, no
schema change (see sales 0015)."""

import django.db.models.deletion
import django.utils.timezone
import guanxi.customization.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('access', '0005_user_territories'),
        ('access', '__first__'),
        ('customers', '0005_account_level_index'),
        ('sales', '0014_order_discount_approval_and_locks'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='AssignmentRule',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=120, verbose_name='name')),
                        ('object_type', models.CharField(choices=[('lead', 'Leads'), ('account', 'Accounts')], default='lead', max_length=20, verbose_name='applies to')),
                        ('order', models.PositiveIntegerField(default=0, verbose_name='order')),
                        ('active', models.BooleanField(default=True, verbose_name='active')),
                        ('industry', guanxi.customization.fields.PicklistField(blank=True, default='', max_length=60, picklist='industry', verbose_name='industry')),
                        ('method', models.CharField(choices=[('user', 'To one person'), ('round_robin', "In turn among a team's representatives")], default='user', max_length=12, verbose_name='assign')),
                        ('last_assigned', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('region', models.ForeignKey(blank=True, help_text='Empty: any region. A province covers its cities.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='customers.region', verbose_name='region')),
                        ('team', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='access.department', verbose_name='team')),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='person')),
                    ],
                    options={
                        'verbose_name': 'assignment rule',
                        'verbose_name_plural': 'assignment rules',
                        'db_table': 'sales_assignmentrule',
                        'ordering': ['object_type', 'order', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Transfer',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='when')),
                        ('criteria', models.JSONField(blank=True, default=dict, verbose_name='which')),
                        ('counts', models.JSONField(blank=True, default=dict, verbose_name='moved')),
                        ('reason', models.CharField(blank=True, max_length=255, verbose_name='reason')),
                        ('by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                        ('from_user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='from')),
                        ('to_user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='to')),
                    ],
                    options={
                        'verbose_name': 'transfer',
                        'verbose_name_plural': 'transfers',
                        'db_table': 'sales_transfer',
                        'ordering': ['-at'],
                    },
                ),
            ],
        ),
    ]
