"""Pages anyone may read without signing in.

Reports reach these views only through `MonitoringReport.objects.published()`, and nothing
here imports the confidential self-assessment.
"""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from reports.models import (
    Contact,
    MonitoringReport,
    NewsArticle,
    Organisation,
    Partnership,
    PartnershipDocument,
    PartnershipRegion,
    RegionRole,
    ThematicPlatform,
)

# English is the partnerships' working language: every article is written in it first.
FALLBACK_LANGUAGE = "en"
LATEST_NEWS = 5

# The partnership page lists regions under plural headings, in this order.
REGION_HEADINGS = [
    (RegionRole.LEAD, _("Leading regions")),
    (RegionRole.PARTICIPATING, _("Participating regions")),
    (RegionRole.INTERESTED, _("Interested regions")),
]


def home(request):
    lead_regions = PartnershipRegion.objects.filter(role=RegionRole.LEAD).select_related(
        "region__country"
    )
    partnerships = Partnership.objects.active().prefetch_related(
        Prefetch("regions", queryset=lead_regions, to_attr="lead_regions")
    )
    platforms = ThematicPlatform.objects.prefetch_related(
        Prefetch("partnerships", queryset=partnerships, to_attr="active_partnerships")
    )
    return render(request, "reports/home.html", {"platforms": platforms})


def partnership_detail(request, slug):
    partnership = get_object_or_404(
        Partnership.objects.active()
        .select_related("platform")
        .prefetch_related(
            Prefetch(
                "regions", queryset=PartnershipRegion.objects.select_related("region__country")
            ),
            Prefetch("organisations", queryset=Organisation.objects.select_related("country")),
            "related_projects",
            "projects_under_development",
            "documents",
            "contacts",
        ),
        slug=slug,
    )
    reports = (
        MonitoringReport.objects.published()
        .filter(partnership=partnership)
        .select_related("period")
        .only("period__year", "period__half")  # the listing needs nothing else: skip long texts
        .order_by("-period__year", "-period__half")
    )
    news = NewsArticle.objects.filter(partnership=partnership).prefetch_related("translations")
    regions = partnership.regions.all()
    documents = partnership.documents.all()
    contacts = partnership.contacts.all()
    return render(
        request,
        "reports/partnership_detail.html",
        {
            "partnership": partnership,
            "region_lists": [
                (heading, [entry for entry in regions if entry.role == role])
                for role, heading in REGION_HEADINGS
            ],
            "organisations_by_country": _by_country(partnership.organisations.all()),
            "mapping_results": _of_kind(documents, PartnershipDocument.Kind.MAPPING_RESULT),
            "useful_documents": _of_kind(documents, PartnershipDocument.Kind.USEFUL_DOCUMENT),
            "lead_region_contacts": _of_kind(contacts, Contact.Kind.LEAD_REGION),
            "jrc_contacts": _of_kind(contacts, Contact.Kind.JRC),
            "reports": reports,
            "news": _with_translations(news[:LATEST_NEWS]),
        },
    )


def news_article(request, slug):
    article = get_object_or_404(
        NewsArticle.objects.select_related("partnership").prefetch_related("translations"),
        slug=slug,
    )
    translation = _translation(article)
    if translation is None:
        raise Http404("The article has no text yet.")
    partnership = article.partnership
    return render(
        request,
        "reports/news_article.html",
        {
            "article": article,
            "translation": translation,
            "partnership": partnership if partnership and partnership.is_active else None,
        },
    )


def _translation(article):
    """The article's text in the active language, else in English, else in any it has."""
    by_language = {translation.language: translation for translation in article.translations.all()}
    for language in (get_language(), FALLBACK_LANGUAGE):
        if language in by_language:
            return by_language[language]
    return next(iter(by_language.values()), None)


def _with_translations(articles):
    """The articles that have any text, each with `.translation` set for the active language."""
    articles = list(articles)
    for article in articles:
        article.translation = _translation(article)
    return [article for article in articles if article.translation]


def _by_country(organisations):
    """[(country name, organisations)] by country name; EU-level bodies (None) come last."""
    groups = {}
    for organisation in sorted(
        organisations,
        key=lambda o: (o.country is None, o.country.name if o.country else "", o.name.casefold()),
    ):
        groups.setdefault(organisation.country.name if organisation.country else None, []).append(
            organisation
        )
    return list(groups.items())


def _of_kind(items, kind):
    return [item for item in items if item.kind == kind]
