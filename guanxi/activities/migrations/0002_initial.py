"""The activities models as they were in the sales app, whose tables they keep: state only, no
schema change (see sales 0015)."""


import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('access', '0005_user_territories'),
        ('activities', '0001_initial'),
        ('customers', '0005_account_level_index'),
        ('pipeline', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.AddField(
                model_name='activity',
                name='opportunity',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='pipeline.opportunity', verbose_name='opportunity'),
            ),
            migrations.AddField(
                model_name='activity',
                name='owner',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='owner'),
            ),
            migrations.AddField(
                model_name='activity',
                name='updated_by',
                field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='updated by'),
            ),
            migrations.AddField(
                model_name='activitylink',
                name='activity',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='links', to='activities.activity'),
            ),
            migrations.AddField(
                model_name='calendarfeed',
                name='user',
                field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='calendar_feed', to=settings.AUTH_USER_MODEL),
            ),
            migrations.AddField(
                model_name='worklog',
                name='created_by',
                field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by'),
            ),
            migrations.AddField(
                model_name='worklog',
                name='deleted_by',
                field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='deleted by'),
            ),
            migrations.AddField(
                model_name='worklog',
                name='department',
                field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='access.department', verbose_name='department'),
            ),
            migrations.AddField(
                model_name='worklog',
                name='owner',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='owner'),
            ),
            migrations.AddField(
                model_name='worklog',
                name='updated_by',
                field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='updated by'),
            ),
            migrations.AddField(
                model_name='worklogentry',
                name='account',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='customers.account', verbose_name='account'),
            ),
            migrations.AddField(
                model_name='worklogentry',
                name='log',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='entries', to='activities.worklog'),
            ),
            migrations.AddField(
                model_name='worklogentry',
                name='opportunity',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='pipeline.opportunity', verbose_name='opportunity'),
            ),
            migrations.AddIndex(
                model_name='activity',
                index=models.Index(fields=['deleted_at', 'updated_at', 'id'], name='act_alive_updated'),
            ),
            migrations.AddIndex(
                model_name='activity',
                index=models.Index(fields=['owner', 'starts_at'], name='act_owner_starts'),
            ),
            migrations.AddIndex(
                model_name='activity',
                index=models.Index(fields=['department', 'starts_at'], name='act_dept_starts'),
            ),
            migrations.AddIndex(
                model_name='activity',
                index=models.Index(fields=['status', 'starts_at'], name='act_status_starts'),
            ),
            migrations.AddIndex(
                model_name='activity',
                index=models.Index(fields=['account', 'starts_at'], name='act_account_starts'),
            ),
            migrations.AddIndex(
                model_name='activity',
                index=models.Index(fields=['opportunity', 'starts_at'], name='act_opp_starts'),
            ),
            migrations.AddIndex(
                model_name='activitylink',
                index=models.Index(fields=['object_type', 'object_id'], name='actlink_record'),
            ),
            migrations.AlterUniqueTogether(
                name='activitylink',
                unique_together={('activity', 'object_type', 'object_id')},
            ),
            migrations.AddIndex(
                model_name='worklog',
                index=models.Index(fields=['deleted_at', 'updated_at', 'id'], name='worklog_alive_updated'),
            ),
            migrations.AddIndex(
                model_name='worklog',
                index=models.Index(fields=['owner', 'day'], name='worklog_owner_day'),
            ),
            migrations.AddIndex(
                model_name='worklog',
                index=models.Index(fields=['department', 'day'], name='worklog_dept_day'),
            ),
            migrations.AddConstraint(
                model_name='worklog',
                constraint=models.UniqueConstraint(condition=models.Q(('deleted_at__isnull', True)), fields=('owner', 'day'), name='worklog_one_per_day'),
            ),
            ],
        ),
    ]
