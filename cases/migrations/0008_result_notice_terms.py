"""审批同意的救助金额与起始月份, for the result notice (办理结果告知).

Nullable: cases decided before have none, and no data is migrated.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0006_history_keys'),
    ]

    operations = [
        migrations.AddField(
            model_name='case',
            name='monthly_amount',
            field=models.DecimalField(blank=True, decimal_places=2, editable=False, max_digits=8, null=True, verbose_name='救助金额（元/月）'),
        ),
        migrations.AddField(
            model_name='case',
            name='starts_month',
            field=models.DateField(blank=True, editable=False, help_text='救助从该月起发放，记为当月1日。', null=True, verbose_name='起始月份'),
        ),
    ]
