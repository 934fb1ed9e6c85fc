import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from regions.countries import REGION_NAME_LANGUAGES

# Member States that joined in 2004, 2007 and 2013 (the "EU13" of cohesion policy).
EU13_ACCESSION_YEARS = (2004, 2007, 2013)

# Country code, then one character per NUTS level: 0-9 or A-Z (Extra-Regio units end in Z).
NUTS_CODE_PATTERN = re.compile(r"^[A-Z]{2}[0-9A-Z]{0,3}$")


class CountryQuerySet(models.QuerySet):
    def eu13(self):
        return self.filter(accession_year__in=EU13_ACCESSION_YEARS)


class Country(models.Model):
    """A country by its EU code: EL for Greece and UK for the United Kingdom, as in NUTS."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)
    accession_year = models.PositiveSmallIntegerField(
        _("EU accession year"), null=True, blank=True, help_text=_("Empty for non-EU countries.")
    )
    exit_year = models.PositiveSmallIntegerField(
        _("EU exit year"), null=True, blank=True, help_text=_("2020 for the United Kingdom.")
    )

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[A-Z]{2}$"), name="country_code_two_capitals"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    @property
    def is_eu13(self):
        return self.accession_year in EU13_ACCESSION_YEARS

    @property
    def is_eu28(self):
        """EU28: today's 27 Member States plus the United Kingdom, as the form says."""
        return self.accession_year is not None


class RegionQuerySet(models.QuerySet):
    def nuts(self):
        return self.filter(nuts_code__isnull=False)

    def get_nuts(self, code, version=None):
        """The NUTS unit with this code; a clear error when there is none."""
        units = self.filter(nuts_code=code.strip().upper())
        if version is not None:
            units = units.filter(nuts_version=version)
        unit = units.order_by("-nuts_version").first()
        if unit is None:
            raise Region.DoesNotExist(f"{code!r} is not a known NUTS code.")
        return unit


class Region(models.Model):
    """A NUTS unit of level 0-3, or a territory or body that NUTS does not list.

    Codes are kept with their NUTS version because they change between versions
    (Central Finland is FI193 in NUTS 2021 and FI198 in NUTS 2024) and because the UK
    exists only in NUTS 2016.
    """

    class NutsVersion(models.IntegerChoices):
        NUTS_2016 = 2016, "NUTS 2016"
        NUTS_2021 = 2021, "NUTS 2021"

    name_en = models.CharField(_("English name"), max_length=200)
    name_national = models.CharField(_("national name"), max_length=200, blank=True)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="regions", verbose_name=_("country")
    )
    # NULL, not "", for entities outside NUTS: the unique constraint on (code, version)
    # must not treat all of them as one.
    nuts_code = models.CharField(_("NUTS code"), max_length=5, null=True, blank=True)  # noqa: DJ001
    nuts_version = models.PositiveSmallIntegerField(
        _("NUTS version"), choices=NutsVersion.choices, null=True, blank=True
    )
    nuts_level = models.PositiveSmallIntegerField(_("NUTS level"), null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("within"),
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["country__code", "nuts_code", "name_en"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        indexes = [models.Index(fields=["name_en"], name="region_name_en_idx")]
        constraints = [
            # One unit per code and version: the loader and the region picker rely on it.
            models.UniqueConstraint(
                fields=["nuts_code", "nuts_version"], name="region_nuts_code_unique_per_version"
            ),
            # A NUTS unit has code, version and level together; a non-NUTS entity has none.
            models.CheckConstraint(
                condition=(
                    models.Q(
                        nuts_code__isnull=False,
                        nuts_version__isnull=False,
                        nuts_level__isnull=False,
                    )
                    | models.Q(
                        nuts_code__isnull=True, nuts_version__isnull=True, nuts_level__isnull=True
                    )
                ),
                name="region_nuts_fields_together",
            ),
            # The code's length is fixed by its level: 2 characters at level 0, 5 at level 3.
            models.CheckConstraint(
                condition=models.Q(nuts_level__isnull=True)
                | models.Q(nuts_level=0, nuts_code__regex=r"^[A-Z]{2}$")
                | models.Q(nuts_level=1, nuts_code__regex=r"^[A-Z]{2}[0-9A-Z]$")
                | models.Q(nuts_level=2, nuts_code__regex=r"^[A-Z]{2}[0-9A-Z]{2}$")
                | models.Q(nuts_level=3, nuts_code__regex=r"^[A-Z]{2}[0-9A-Z]{3}$"),
                name="region_nuts_code_matches_level",
            ),
        ]

    def __str__(self):
        if self.nuts_code:
            return f"{self.name_en} ({self.country.code}), {self.nuts_code}"
        return f"{self.name_en} ({self.country.code})"

    @property
    def has_own_national_name(self) -> bool:
        """Whether the country names the region otherwise than in English ("Bretagne")."""
        return bool(self.name_national) and self.name_national != self.name_en

    @property
    def national_name_language(self) -> str:
        """The language of `name_national`; "" where the country uses several."""
        return REGION_NAME_LANGUAGES.get(self.country.code, "")

    @property
    def is_nuts(self):
        return self.nuts_code is not None

    @property
    def is_eu13(self):
        return self.country.is_eu13

    def clean(self):
        if not self.nuts_code:
            self.nuts_code = None  # blank in a form means "not a NUTS unit"
            return
        self.nuts_code = self.nuts_code.strip().upper()
        if not NUTS_CODE_PATTERN.match(self.nuts_code):
            raise ValidationError(
                {
                    "nuts_code": _(
                        "A NUTS code is two capital letters and up to three more "
                        "letters or digits, e.g. FRH0 or FI1D7."
                    )
                }
            )
        if self.country_id and not self.nuts_code.startswith(self.country.code):
            raise ValidationError(
                {
                    "nuts_code": _("A NUTS code starts with its country's code (%(code)s).")
                    % {"code": self.country.code}
                }
            )
        if self.nuts_level is None:
            self.nuts_level = len(self.nuts_code) - 2
        elif self.nuts_level != len(self.nuts_code) - 2:
            raise ValidationError(
                {
                    "nuts_level": _("A level %(level)s code has %(length)s characters.")
                    % {"level": self.nuts_level, "length": self.nuts_level + 2}
                }
            )
        if self.nuts_version is None:
            raise ValidationError({"nuts_version": _("Say which NUTS version the code is from.")})
