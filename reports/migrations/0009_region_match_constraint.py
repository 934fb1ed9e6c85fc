from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0008_link_matched_regions"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='reportregion',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('match__in', ['linked', 'suggested']), ('region__isnull', False)), models.Q(('match__in', ['declined', 'unmatched']), ('region__isnull', True)), _connector='OR'), name='reportregion_match_has_region', violation_error_message='An entry with a region is “linked” or “suggested”; one kept as written (“declined” or “unmatched”) has no region.'),
        ),
    ]
