from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from regions.models import Country, Region


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "accession_year", "exit_year", "is_eu13")
    list_filter = ("accession_year",)
    search_fields = ("code", "name")

    @admin.display(boolean=True, description=_("EU13"))
    def is_eu13(self, country):
        return country.is_eu13


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = (
        "nuts_code",
        "name_en",
        "name_national",
        "country",
        "nuts_level",
        "nuts_version",
    )
    list_filter = ("country", "nuts_level", "nuts_version")
    list_select_related = ("country",)
    # Also serves the region pickers (autocomplete_fields) of the partnership and report admins.
    # Codes match from the start, so "FI19" finds Länsi-Suomi and the units within it.
    search_fields = ("name_en", "name_national", "^nuts_code")
    # A select box would list every unit of Europe.
    autocomplete_fields = ("parent",)
