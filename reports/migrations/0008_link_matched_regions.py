"""Regions linked before matches were recorded were linked as the coordinator (or the
demo) wrote them: they count as linked. The reverse needs nothing: the fields go."""

from django.db import migrations


def regions_with_a_unit_are_linked(apps, schema_editor):
    ReportRegion = apps.get_model("reports", "ReportRegion")
    ReportRegion.objects.filter(region__isnull=False).update(match="linked")


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0007_region_matches"),
    ]

    operations = [
        migrations.RunPython(regions_with_a_unit_are_linked, migrations.RunPython.noop),
    ]
