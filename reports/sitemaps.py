"""/sitemap.xml: an index of the sitemaps of the home page, the partnerships, their published
reports, the news, the open data page, and the pages of regions, countries and platforms, in
every language (/sitemap-<section>.xml, in pages of PublicSitemap.limit addresses).

Reports come only from `MonitoringReport.objects.published()`: a report that is not
published is not named here either.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from regions.models import Country
from reports.involvement import named_regions
from reports.models import MonitoringReport, NewsArticle, Partnership, ThematicPlatform


class PublicSitemap(Sitemap):
    """Every page in every language (/…, /bg/…, /de/…), each naming its address in all 24."""

    i18n = True
    alternates = True
    x_default = True
    # Each address carries its 25 alternates (about 3 KB): 500 keep a page near 1.5 MB, far
    # below the protocol's 50 MB, and quick to make.
    limit = 500


class HomeSitemap(PublicSitemap):
    changefreq = "weekly"
    priority = 1.0

    def items(self):
        return ["reports:home"]

    def location(self, item):
        return reverse(item)


class OpenDataSitemap(PublicSitemap):
    """The /data/ page, which lists the open data files (the files themselves are data, not
    pages: the DCAT-AP catalogue it links lists them for data portals)."""

    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return ["opendata:index"]

    def location(self, item):
        return reverse(item)


class PartnershipSitemap(PublicSitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Partnership.objects.active().order_by("slug")


class ReportSitemap(PublicSitemap):
    changefreq = "yearly"
    priority = 0.6

    def items(self):
        return (
            MonitoringReport.objects.published()
            .select_related("partnership", "period")
            .only("partnership__slug", "period__year", "period__half")
            .annotate(published_at=Max("transitions__at"))
            .order_by("partnership__slug", "period__year", "period__half")
        )

    def location(self, report):
        return reverse(
            "reports:public_report",
            kwargs={"slug": report.partnership.slug, "period": report.period.slug},
        )

    def lastmod(self, report):
        return report.published_at


class NewsSitemap(PublicSitemap):
    changefreq = "yearly"
    priority = 0.5

    def items(self):
        # An article without any text yet has no page.
        return (
            NewsArticle.objects.filter(translations__isnull=False)
            .distinct()
            .order_by("-published_on", "slug")
        )

    def lastmod(self, article):
        return article.published_on


class RegionSitemap(PublicSitemap):
    """The regions a published report names, each code once."""

    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return named_regions().order_by("nuts_code").values_list("nuts_code", flat=True).distinct()

    def location(self, code):
        return reverse("reports:region", kwargs={"code": code})


class CountrySitemap(PublicSitemap):
    """The countries of those regions (an EU country none of whose regions is named yet has
    a page saying so, not worth a search engine's visit)."""

    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Country.objects.filter(regions__in=named_regions()).distinct().order_by("code")

    def location(self, country):
        return reverse("reports:country", kwargs={"code": country.code})


class PlatformSitemap(PublicSitemap):
    changefreq = "monthly"
    priority = 0.7

    def items(self):
        return [None, *ThematicPlatform.objects.order_by("code")]

    def location(self, platform):
        if platform is None:
            return reverse("reports:platforms")
        return reverse("reports:platform", kwargs={"code": platform.code})


SITEMAPS = {
    "home": HomeSitemap,
    "partnerships": PartnershipSitemap,
    "reports": ReportSitemap,
    "news": NewsSitemap,
    "open_data": OpenDataSitemap,
    "platforms": PlatformSitemap,
    "countries": CountrySitemap,
    "regions": RegionSitemap,
}
