"""The activities models as they were in the sales app, whose tables they keep: state only, no
schema change (see sales 0015)."""

import django.core.validators
import django.db.models.deletion
import django.db.models.manager
import django.utils.timezone
import guanxi.core.ids
import guanxi.customization.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('access', '0005_user_territories'),
        ('access', '__first__'),
        ('customers', '0005_account_level_index'),
        ('pipeline', '0001_initial'),
        ('sales', '0014_order_discount_approval_and_locks'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Activity',
                    fields=[
                        ('id', models.UUIDField(default=guanxi.core.ids.uuid7, editable=False, primary_key=True, serialize=False)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='created')),
                        ('updated_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='last updated')),
                        ('created_source', models.CharField(choices=[('ui', 'User interface'), ('api', 'API'), ('import', 'Import'), ('workflow', 'Workflow'), ('approval', 'Approval'), ('system', 'System')], default='system', editable=False, max_length=10, verbose_name='created via')),
                        ('updated_source', models.CharField(choices=[('ui', 'User interface'), ('api', 'API'), ('import', 'Import'), ('workflow', 'Workflow'), ('approval', 'Approval'), ('system', 'System')], default='system', editable=False, max_length=10, verbose_name='updated via')),
                        ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                        ('deleted_at', models.DateTimeField(blank=True, db_index=True, editable=False, null=True, verbose_name='deleted')),
                        ('custom', models.JSONField(blank=True, default=dict, editable=False, verbose_name='custom fields')),
                        ('subject', models.CharField(max_length=200, verbose_name='subject')),
                        ('kind', models.CharField(choices=[('task', 'Task'), ('call', 'Call'), ('meeting', 'Meeting'), ('visit', 'Visit')], default='task', max_length=10, verbose_name='kind')),
                        ('activity_type', guanxi.customization.fields.PicklistField(blank=True, default='', max_length=60, picklist='activity_type', verbose_name='activity type')),
                        ('status', models.CharField(choices=[('planned', 'Planned'), ('done', 'Done'), ('cancelled', 'Cancelled')], default='planned', max_length=10, verbose_name='status')),
                        ('starts_at', models.DateTimeField(blank=True, null=True, verbose_name='starts (due)')),
                        ('ends_at', models.DateTimeField(blank=True, null=True, verbose_name='ends')),
                        ('location', models.CharField(blank=True, max_length=200, verbose_name='location')),
                        ('outcome', models.TextField(blank=True, help_text='What happened; required once done.', verbose_name='outcome')),
                        ('done_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='done at')),
                        ('reminder_minutes', models.PositiveIntegerField(blank=True, null=True, validators=[django.core.validators.MaxValueValidator(43200)], verbose_name='remind (minutes before)')),
                        ('reminded_at', models.DateTimeField(blank=True, editable=False, null=True)),
                        ('recurrence', models.CharField(blank=True, choices=[('daily', 'Every day'), ('weekly', 'Every week'), ('monthly', 'Every month')], max_length=10, verbose_name='repeats')),
                        ('recurrence_until', models.DateField(blank=True, null=True, verbose_name='repeats until')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('search_text', models.TextField(blank=True, default='', editable=False)),
                        ('account', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='customers.account', verbose_name='account')),
                        ('contact', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='customers.contact', verbose_name='contact')),
                        ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                        ('deleted_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='deleted by')),
                        ('department', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='access.department', verbose_name='department')),
                        ('opportunity', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='pipeline.opportunity', verbose_name='opportunity')),
                        ('owner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='owner')),
                        ('updated_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='updated by')),
                    ],
                    options={
                        'verbose_name': 'activity',
                        'verbose_name_plural': 'activities',
                        'db_table': 'sales_activity',
                        'indexes': [models.Index(fields=['deleted_at', 'updated_at', 'id'], name='act_alive_updated'), models.Index(fields=['owner', 'starts_at'], name='act_owner_starts'), models.Index(fields=['department', 'starts_at'], name='act_dept_starts'), models.Index(fields=['status', 'starts_at'], name='act_status_starts'), models.Index(fields=['account', 'starts_at'], name='act_account_starts'), models.Index(fields=['opportunity', 'starts_at'], name='act_opp_starts')],
                    },
                    managers=[
                        ('objects', django.db.models.manager.Manager()),
                        ('all_objects', django.db.models.manager.Manager()),
                    ],
                ),
                migrations.CreateModel(
                    name='ActivityLink',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('object_type', models.CharField(max_length=60, verbose_name='object type')),
                        ('object_id', models.UUIDField(verbose_name='record')),
                        ('activity', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='links', to='activities.activity')),
                    ],
                    options={
                        'db_table': 'sales_activitylink',
                        'indexes': [models.Index(fields=['object_type', 'object_id'], name='actlink_record')],
                        'unique_together': {('activity', 'object_type', 'object_id')},
                    },
                ),
                migrations.CreateModel(
                    name='CalendarFeed',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('digest', models.CharField(max_length=64, unique=True)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='calendar_feed', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'sales_calendarfeed',
                    },
                ),
                migrations.CreateModel(
                    name='WorkLog',
                    fields=[
                        ('id', models.UUIDField(default=guanxi.core.ids.uuid7, editable=False, primary_key=True, serialize=False)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='created')),
                        ('updated_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='last updated')),
                        ('created_source', models.CharField(choices=[('ui', 'User interface'), ('api', 'API'), ('import', 'Import'), ('workflow', 'Workflow'), ('approval', 'Approval'), ('system', 'System')], default='system', editable=False, max_length=10, verbose_name='created via')),
                        ('updated_source', models.CharField(choices=[('ui', 'User interface'), ('api', 'API'), ('import', 'Import'), ('workflow', 'Workflow'), ('approval', 'Approval'), ('system', 'System')], default='system', editable=False, max_length=10, verbose_name='updated via')),
                        ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                        ('deleted_at', models.DateTimeField(blank=True, db_index=True, editable=False, null=True, verbose_name='deleted')),
                        ('custom', models.JSONField(blank=True, default=dict, editable=False, verbose_name='custom fields')),
                        ('day', models.DateField(default=django.utils.timezone.localdate, verbose_name='day')),
                        ('summary', models.CharField(max_length=200, verbose_name='summary')),
                        ('plan', models.TextField(blank=True, verbose_name='plan for the next day')),
                        ('status', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted')], default='draft', max_length=10, verbose_name='status')),
                        ('submitted_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='submitted at')),
                        ('search_text', models.TextField(blank=True, default='', editable=False)),
                        ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                        ('deleted_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='deleted by')),
                        ('department', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='access.department', verbose_name='department')),
                        ('owner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='owner')),
                        ('updated_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='updated by')),
                    ],
                    options={
                        'verbose_name': 'work log',
                        'verbose_name_plural': 'work logs',
                        'db_table': 'sales_worklog',
                        'indexes': [models.Index(fields=['deleted_at', 'updated_at', 'id'], name='worklog_alive_updated'), models.Index(fields=['owner', 'day'], name='worklog_owner_day'), models.Index(fields=['department', 'day'], name='worklog_dept_day')],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('deleted_at__isnull', True)), fields=('owner', 'day'), name='worklog_one_per_day')],
                    },
                    managers=[
                        ('objects', django.db.models.manager.Manager()),
                        ('all_objects', django.db.models.manager.Manager()),
                    ],
                ),
                migrations.CreateModel(
                    name='WorkLogEntry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('starts', models.TimeField(blank=True, null=True, verbose_name='from')),
                        ('ends', models.TimeField(blank=True, null=True, verbose_name='until')),
                        ('content', models.TextField(verbose_name='what was done')),
                        ('sort', models.PositiveIntegerField(default=0)),
                        ('account', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='customers.account', verbose_name='account')),
                        ('log', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='entries', to='activities.worklog')),
                        ('opportunity', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='pipeline.opportunity', verbose_name='opportunity')),
                    ],
                    options={
                        'verbose_name': 'work log entry',
                        'verbose_name_plural': 'work log entries',
                        'db_table': 'sales_worklogentry',
                        'ordering': ['log', 'starts', 'sort', 'id'],
                    },
                ),
            ],
        ),
    ]
