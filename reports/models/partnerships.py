from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from regions.models import Country, Region
from s3partnership.i18n import OTHER_LANGUAGES

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from accounts.models import AnyUser, User
    from reports.models.monitoring import MonitoringReport

# Only web links: a javascript: or file: URL typed into a form must never become a link.
http_url_validator = URLValidator(schemes=["http", "https"])

LONG_TEXT = 10_000


def web_address_field(verbose_name: StrOrPromise, **kwargs: Any) -> models.URLField:
    return models.URLField(verbose_name, max_length=500, validators=[http_url_validator], **kwargs)


class ThematicPlatform(models.Model):
    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    launch_year = models.PositiveSmallIntegerField(_("launched in"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("order on the home page"), default=0)
    # {"de": "Industrielle Modernisierung", …}: a few words per language, read on most pages
    # beside the platform itself, so kept on its row rather than in a table of their own.
    name_translations = models.JSONField(_("name in other languages"), default=dict, blank=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("thematic platform")
        verbose_name_plural = _("thematic platforms")

    def __str__(self) -> str:
        return self.name

    def name_in(self, language: str) -> str:
        """The name in `language`; the English one where none is given."""
        return self.name_translations.get(language) or self.name

    @property
    def local_name(self) -> str:
        """The name in the language of the page being made."""
        return self.name_in(translation.get_language() or settings.LANGUAGE_CODE)


@dataclass(frozen=True)
class ProfileText:
    anchor: str
    heading: str
    text: str
    language: str  # the text's own language, for its `lang` attribute


class Organisation(models.Model):
    """A cluster, university, company, agency or network taking part in partnerships."""

    class Kind(models.TextChoices):
        CLUSTER = "cluster", _("Cluster")
        RESEARCH = "research", _("Research or technology organisation")
        UNIVERSITY = "university", _("University")
        COMPANY = "company", _("Company")
        PUBLIC_BODY = "public_body", _("Public body or agency")
        NETWORK = "network", _("EU-level network")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("country"),
        help_text=_("Leave empty for EU-level bodies; they are listed under “Other”."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(fields=["name", "country"], name="organisation_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.country.code})" if self.country else self.name


class PartnershipQuerySet(models.QuerySet["Partnership"]):
    def active(self) -> Self:
        return self.filter(is_active=True)

    def coordinated_by(self, user: AnyUser) -> Self:
        """The active partnerships whose reports `user` writes: an administrator may write
        for any; a coordinator for those they are linked to, while they hold the role."""
        if not user.is_authenticated:
            return self.none()
        if user.is_administrator:
            return self.active()
        if not user.is_coordinator:
            return self.none()
        return self.active().filter(coordinators=user)


class ProfileTexts(models.Model):
    """A partnership's long profile texts: its own, in English, and those of a translation."""

    context = models.TextField(_("context"), max_length=LONG_TEXT, blank=True)
    description = models.TextField(
        _("description"),
        max_length=LONG_TEXT,
        blank=True,
        help_text=_("The partnership's aim and objectives as presented on its web page."),
    )
    mission = models.TextField(_("mission"), max_length=LONG_TEXT, blank=True)
    objectives = models.TextField(_("objectives"), max_length=LONG_TEXT, blank=True)
    main_activities = models.TextField(_("main activities"), max_length=LONG_TEXT, blank=True)

    class Meta:
        abstract = True


class Partnership(ProfileTexts):
    platform = models.ForeignKey(
        ThematicPlatform,
        on_delete=models.PROTECT,
        related_name="partnerships",
        verbose_name=_("thematic platform"),
    )
    short_name = models.CharField(
        _("short name"),
        max_length=100,
        unique=True,
        help_text=_("As coordinators pick it in the report form, e.g. “Cybersecurity”."),
    )
    full_name = models.CharField(_("full name"), max_length=200)
    slug = models.SlugField(_("web address"), max_length=100, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    web_page = web_address_field(_("partnership's webpage"), blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    year_established = models.PositiveSmallIntegerField(
        _("year established"), null=True, blank=True
    )
    shared_specialisation_areas = models.CharField(
        _("shared smart specialisation areas"),
        max_length=500,
        blank=True,
        help_text=_("Comma-separated, e.g. “Digitalisation, cybersecurity”."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="partnerships", verbose_name=_("organisations")
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coordinated_partnerships",
        verbose_name=_("coordinators"),
        help_text=_("Lead-region staff who fill in and submit this partnership's reports."),
    )

    objects = PartnershipQuerySet.as_manager()

    # Not stored: what the coordinator's workspace (reports/views/wizard.py) lists for it.
    open_rows: list[dict[str, Any]]  # {"period", "report", …} of each period open now
    earlier_reports: list[MonitoringReport]

    class Meta:
        ordering = ["short_name"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year_established__isnull=True)
                | models.Q(year_established__gte=2014, year_established__lte=2100),
                name="partnership_year_established_plausible",
            ),
        ]

    def __str__(self) -> str:
        return self.short_name

    def get_absolute_url(self) -> str:
        return reverse("reports:partnership", kwargs={"slug": self.slug})

    def profile_texts(self) -> list[ProfileText]:
        """The profile's texts that are written, each in the language of the page being made
        where a translation gives it (PartnershipTranslation), else in English. Reads the
        prefetched translations."""
        language = translation.get_language() or settings.LANGUAGE_CODE
        translated = next((t for t in self.translations.all() if t.language == language), None)
        texts = []
        # In the order they are declared, which is the page's.
        for field in ProfileTexts._meta.local_fields:
            text, written_in = getattr(translated, field.name, ""), language
            if not text:
                text, written_in = getattr(self, field.name), settings.LANGUAGE_CODE
            if text:
                anchor = field.name.replace("_", "-")
                heading = capfirst(str(field.verbose_name))
                texts.append(ProfileText(anchor, heading, text, written_in))
        return texts

    def reporting_coordinators(self) -> models.QuerySet[User]:
        """Who writes this partnership's reports now, and is mailed about them: its linked
        coordinators who are active and hold the role (PartnershipQuerySet.coordinated_by)."""
        return self.coordinators.filter(is_active=True, role=Role.COORDINATOR)

    @property
    def specialisation_areas(self) -> list[str]:
        return [
            area.strip() for area in self.shared_specialisation_areas.split(",") if area.strip()
        ]

    def clean(self) -> None:
        if (
            self.start_date
            and self.year_established
            and self.start_date.year < self.year_established
        ):
            raise ValidationError(
                {
                    "start_date": _(
                        "The start date lies before the year the partnership was established."
                    )
                }
            )


class PartnershipTranslation(ProfileTexts):
    """A partnership's profile texts in another language than English, where one is given.
    A text left empty here is shown in English."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=OTHER_LANGUAGES,
    )

    class Meta:
        ordering = ["partnership", "language"]
        verbose_name = _("profile translation")
        verbose_name_plural = _("profile translations")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "language"], name="partnership_translation_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partnership} ({self.language})"


class RegionRole(models.TextChoices):
    LEAD = "lead", _("Leading region")
    PARTICIPATING = "participating", _("Participating region")
    INTERESTED = "interested", _("Interested region or other entity")


# Public pages list regions under plural headings, in this order.
REGION_HEADINGS = [
    (RegionRole.LEAD, _("Leading regions")),
    (RegionRole.PARTICIPATING, _("Participating regions")),
    (RegionRole.INTERESTED, _("Interested regions")),
]


class RegionEntry(models.Model):
    """A region named in a list: a NUTS unit, or free text for what NUTS does not list.

    `name` keeps what people wrote ("Castilla y Leon"); `region` is the unit it means.
    """

    role = models.CharField(_("role"), max_length=20, choices=RegionRole.choices)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    name = models.CharField(
        _("name as written"),
        max_length=200,
        blank=True,
        help_text=_("For entities that are not NUTS regions, or to keep the name as written."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)

    class Meta:
        abstract = True
        ordering = ["role", "position"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(region__isnull=False) | ~models.Q(name=""),
                name="%(class)s_region_or_name",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.region_id and not self.name:
            return str(self.region)
        return self.name

    def clean(self) -> None:
        if self.region_id is None and not self.name.strip():
            raise ValidationError(_("Choose a region or write the name of the entity."))


class PartnershipRegion(RegionEntry):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="regions", verbose_name=_("partnership")
    )

    class Meta(RegionEntry.Meta):
        verbose_name = _("partnership region")
        verbose_name_plural = _("partnership regions")
        constraints = [
            *RegionEntry.Meta.constraints,
            # A region has one role in a partnership at a time.
            models.UniqueConstraint(
                fields=["partnership", "region"], name="partnershipregion_region_once"
            ),
        ]


class RelatedProject(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="related_projects"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), max_length=LONG_TEXT, blank=True)
    url = web_address_field(_("web address"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=1)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("related project")
        verbose_name_plural = _("related projects")

    def __str__(self) -> str:
        return self.name


class ProjectUnderDevelopment(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="projects_under_development"
    )
    title = models.CharField(_("title"), max_length=300)
    position = models.PositiveSmallIntegerField(_("position"), default=1)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("project under development")
        verbose_name_plural = _("projects under development")

    def __str__(self) -> str:
        return self.title


class PartnershipDocument(models.Model):
    class Kind(models.TextChoices):
        MAPPING_RESULT = "mapping", _("Results of the mapping")
        USEFUL_DOCUMENT = "document", _("Useful document")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    url = web_address_field(_("web address"))
    position = models.PositiveSmallIntegerField(_("position"), default=1)

    class Meta:
        ordering = ["kind", "position", "pk"]
        verbose_name = _("document or link")
        verbose_name_plural = _("documents and links")

    def __str__(self) -> str:
        return self.title


class Contact(models.Model):
    class Kind(models.TextChoices):
        LEAD_REGION = "lead_region", _("Contact details of the leading region")
        JRC = "jrc", _("Contact details of JRC")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=1)

    class Meta:
        ordering = ["kind", "position", "pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name
