"""The DCAT-AP 3 catalogue of the open data, served at /data/catalog.ttl and /data/catalog.jsonld
for data portals (data.europa.eu harvests such catalogues).

One dcat:Catalog; one dataset for the whole platform (every published report) and one per
partnership with published reports; each with its distributions (the files of
opendata/files.py), licence, publisher, contact point, temporal coverage (a dct:PeriodOfTime
per reporting period), spatial coverage (countries as EU authority URIs, NUTS units), themes,
keywords, issue and modification dates. Controlled values are the EU vocabularies' URIs that
DCAT-AP asks for, each typed as DCAT-AP's shapes expect (tests/test_opendata_catalogue.py
validates the graph against them).

Every node is an IRI (no blank node), most of them addresses on the /data/ page, so that the
graph's sorted triples say exactly what it holds: that is how opendata.files tells a changed
catalogue from an unchanged one. Made with the files, from the same records and file rows.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import reverse
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, XSD

from opendata.formats import FORMATS as DATA_FORMATS
from opendata.formats import ZIP_MEDIA_TYPE
from opendata.models import OpenDataFile
from opendata.tables import TABLES, last_published
from regions.countries import ISO3_BY_CODE
from reports.models import Partnership, ReportingPeriod
from reports.public_data import PublicReport

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
AUTHORITY = "http://publications.europa.eu/resource/authority/"
LICENCE = URIRef(f"{AUTHORITY}licence/CC_BY_4_0")
PUBLIC_ACCESS = URIRef(f"{AUTHORITY}access-right/PUBLIC")
ENGLISH = URIRef(f"{AUTHORITY}language/ENG")
# Twice a year: the reports are six-monthly.
FREQUENCY = URIRef(f"{AUTHORITY}frequency/ANNUAL_2")
THEME_SCHEME = URIRef(f"{AUTHORITY}data-theme")
THEMES = {
    "REGI": "Regions and cities",
    "ECON": "Economy and finance",
    "TECH": "Science and technology",
}
# DG REGIO, which has run the thematic platforms since 2020 (README, "Roles").
PUBLISHER = URIRef(f"{AUTHORITY}corporate-body/REGIO")
PUBLISHER_NAME = "European Commission, Directorate-General for Regional and Urban Policy"
PUBLISHER_TYPE = URIRef("http://purl.org/adms/publishertype/SupraNationalAuthority")
JSON_LINES = URIRef("https://jsonlines.org/")
KEYWORDS = (
    "smart specialisation",
    "S3",
    "thematic smart specialisation platforms",
    "interregional cooperation",
    "regional innovation",
    "monitoring report",
)


def iana(media_type: str) -> URIRef:
    return URIRef(f"http://www.iana.org/assignments/media-types/{media_type}")


def file_type(code: str) -> URIRef:
    return URIRef(f"{AUTHORITY}file-type/{code}")


def country(code: str) -> URIRef:
    """An EU country code ("EL") as the EU country authority's URI (".../country/GRC")."""
    return URIRef(f"{AUTHORITY}country/{ISO3_BY_CODE[code]}")


def nuts(code: str) -> URIRef:
    return URIRef(f"http://data.europa.eu/nuts/code/{code}")


# --- Services: distributions that are not files ----------------------------------------------


@dataclass(frozen=True)
class Service:
    """A way to the whole corpus other than the files: a distribution of the platform's
    dataset, served by a dcat:DataService."""

    title: str
    description: str
    endpoint: str  # URL name of its root, e.g. "api-v1:api-root"
    endpoint_description: str  # URL name of its machine-readable description
    documentation: str  # URL name of its page for people
    anchor: str  # its place on the /data/ page
    media_type: str
    file_type: str


# One entry per service.
SERVICES: tuple[Service, ...] = (
    Service(
        title="S3 Partnership Monitor open data API",
        description=(
            "A read-only JSON API over everything published: platforms, partnerships, "
            "reporting periods, published monitoring reports, NUTS regions and news, "
            "described in OpenAPI 3."
        ),
        endpoint="api-v1:api-root",
        endpoint_description="api-v1:openapi-json",
        documentation="api-v1:openapi-view",
        anchor="api",
        media_type="application/json",
        file_type="JSON",
    ),
)


# --- The graph ---------------------------------------------------------------------------------


def site(path: str) -> URIRef:
    return URIRef(settings.SITE_URL + path)


def data_page(anchor: str) -> URIRef:
    """A place on the /data/ page, which lists every dataset and file."""
    return site(f"{reverse('opendata:index')}#{anchor}")


@dataclass(frozen=True)
class Dataset:
    iri: URIRef
    title: str
    description: str
    landing_page: URIRef
    keywords: Sequence[str]
    records: Sequence[PublicReport]
    files: Sequence[OpenDataFile]


def graph(files: Sequence[OpenDataFile], records: Sequence[PublicReport]) -> Graph:
    """The catalogue of `files` (the data files' rows), made from `records`."""
    g = Graph(bind_namespaces="core")
    for prefix, namespace in (("dcat", DCAT), ("dct", DCTERMS), ("foaf", FOAF), ("vcard", VCARD)):
        g.bind(prefix, namespace)
    g.bind("skos", SKOS)
    catalog = site(f"{reverse('opendata:index')}catalog")
    datasets = [platform_dataset(files, records), *partnership_datasets(files, records)]
    g.add((catalog, RDF.type, DCAT.Catalog))
    g.add((catalog, DCTERMS.title, Literal("S3 Partnership Monitor: open data", lang="en")))
    g.add(
        (
            catalog,
            DCTERMS.description,
            Literal(
                "The published monitoring reports of the EU's thematic smart specialisation "
                "partnerships, as data.",
                lang="en",
            ),
        )
    )
    g.add((catalog, DCTERMS.publisher, PUBLISHER))
    g.add((catalog, FOAF.homepage, site("/")))
    g.add((site("/"), RDF.type, FOAF.Document))
    g.add((catalog, DCTERMS.language, ENGLISH))
    g.add((catalog, DCTERMS.license, LICENCE))
    g.add((catalog, DCAT.themeTaxonomy, THEME_SCHEME))
    if files:
        g.add((catalog, DCTERMS.modified, _date_time(max(row.modified_at for row in files))))
    for spatial in _spatial(records):
        g.add((catalog, DCTERMS.spatial, spatial))
    for dataset in datasets:
        g.add((catalog, DCAT.dataset, dataset.iri))
        _add_dataset(g, dataset)
    _describe_shared_resources(g)
    return g


def platform_dataset(files: Sequence[OpenDataFile], records: Sequence[PublicReport]) -> Dataset:
    platforms = sorted({record.report.partnership.platform.name for record in records})
    shared = [
        row for row in files if row.scope in (OpenDataFile.Scope.ALL, OpenDataFile.Scope.PERIOD)
    ]
    return Dataset(
        iri=data_page("all"),
        title="Monitoring reports of the thematic smart specialisation partnerships",
        description=(
            "The public part (sections I and II) of every published six-monthly monitoring "
            "report of the partnerships of the thematic smart specialisation platforms: "
            "answers, tables, SDG ratings and regions, with one file per table for all the "
            "reports, and one per reporting period. The confidential self-assessment is not "
            "published."
        ),
        landing_page=data_page("all"),
        keywords=[*KEYWORDS, *platforms],
        records=records,
        files=shared,
    )


def partnership_datasets(
    files: Sequence[OpenDataFile], records: Sequence[PublicReport]
) -> Iterable[Dataset]:
    by_slug: dict[str, list[PublicReport]] = {}
    for record in records:
        by_slug.setdefault(record.report.partnership.slug, []).append(record)
    for slug, own in by_slug.items():
        partnership: Partnership = own[0].report.partnership
        yield Dataset(
            iri=data_page(f"partnership-{slug}"),
            title=f"Monitoring reports of the {partnership.short_name} partnership",
            description=(
                f"The public part (sections I and II) of the published six-monthly monitoring "
                f"reports of {partnership.full_name}, a partnership of the thematic smart "
                f"specialisation platform {partnership.platform.name}: answers, tables, SDG "
                f"ratings and regions."
            ),
            landing_page=site(partnership.get_absolute_url()),
            keywords=[
                *KEYWORDS,
                partnership.platform.name,
                partnership.short_name,
                *partnership.specialisation_areas,
            ],
            records=own,
            files=[
                row
                for row in files
                if row.scope == OpenDataFile.Scope.PARTNERSHIP and row.scope_key == slug
            ],
        )


def _add_dataset(g: Graph, dataset: Dataset) -> None:
    iri = dataset.iri
    g.add((iri, RDF.type, DCAT.Dataset))
    g.add((iri, DCTERMS.identifier, Literal(str(iri))))
    g.add((iri, DCTERMS.title, Literal(dataset.title, lang="en")))
    g.add((iri, DCTERMS.description, Literal(dataset.description, lang="en")))
    g.add((iri, DCTERMS.publisher, PUBLISHER))
    g.add((iri, DCAT.contactPoint, contact_point()))
    g.add((iri, DCTERMS.accessRights, PUBLIC_ACCESS))
    g.add((iri, DCTERMS.language, ENGLISH))
    g.add((iri, DCTERMS.accrualPeriodicity, FREQUENCY))
    g.add((iri, DCAT.landingPage, dataset.landing_page))
    g.add((dataset.landing_page, RDF.type, FOAF.Document))
    for theme in THEMES:
        g.add((iri, DCAT.theme, URIRef(f"{AUTHORITY}data-theme/{theme}")))
    for keyword in dict.fromkeys(dataset.keywords):  # once each, in order
        g.add((iri, DCAT.keyword, Literal(keyword, lang="en")))
    published = [
        published for record in dataset.records if (published := last_published(record.report))
    ]
    if published:
        g.add((iri, DCTERMS.issued, _date_time(min(published))))
    if dataset.files:
        g.add((iri, DCTERMS.modified, _date_time(max(row.modified_at for row in dataset.files))))
    for period in {
        record.report.period.slug: record.report.period for record in dataset.records
    }.values():
        g.add((iri, DCTERMS.temporal, _period_of_time(g, period)))
    for spatial in _spatial(dataset.records):
        g.add((iri, DCTERMS.spatial, spatial))
    for row in dataset.files:
        g.add((iri, DCAT.distribution, _add_distribution(g, row)))
    if dataset.iri == data_page("all"):
        for service in SERVICES:
            g.add((iri, DCAT.distribution, _add_service(g, service, iri)))


def _period_of_time(g: Graph, period: ReportingPeriod) -> URIRef:
    iri = data_page(f"period-{period.slug}")
    g.add((iri, RDF.type, DCTERMS.PeriodOfTime))
    g.add((iri, DCAT.startDate, Literal(period.start, datatype=XSD.date)))
    g.add((iri, DCAT.endDate, Literal(period.end, datatype=XSD.date)))
    return iri


def _spatial(records: Iterable[PublicReport]) -> list[URIRef]:
    """The countries, then the NUTS units, of the regions the reports list."""
    countries: set[str] = set()
    units: set[str] = set()
    for record in records:
        for region in record.regions:
            if region.country:
                countries.add(region.country)
            if region.nuts_code:
                units.add(region.nuts_code)
    return [country(code) for code in sorted(countries)] + [nuts(code) for code in sorted(units)]


def _add_distribution(g: Graph, row: OpenDataFile) -> URIRef:
    url = site(reverse("open_data_file", kwargs={"path": row.path}))
    iri = data_page(row.path)
    format = DATA_FORMATS[row.format]
    g.add((iri, RDF.type, DCAT.Distribution))
    g.add((iri, DCTERMS.title, Literal(_distribution_title(row, format.label), lang="en")))
    g.add((iri, DCAT.accessURL, url))
    g.add((iri, DCAT.downloadURL, url))
    if format.iana_media_type:
        g.add((iri, DCAT.mediaType, iana(format.iana_media_type)))
    if format.key == "jsonl":
        g.add((iri, DCTERMS.conformsTo, JSON_LINES))
    if row.scope != OpenDataFile.Scope.ALL and format.key != "xlsx":
        g.add((iri, DCAT.packageFormat, iana(ZIP_MEDIA_TYPE)))
    g.add((iri, DCTERMS.format, file_type(format.file_type)))
    g.add((iri, DCAT.byteSize, Literal(row.size, datatype=XSD.nonNegativeInteger)))
    g.add((iri, DCTERMS.license, LICENCE))
    g.add((iri, DCTERMS.language, ENGLISH))
    g.add((iri, DCTERMS.issued, _date_time(row.issued_at)))
    g.add((iri, DCTERMS.modified, _date_time(row.modified_at)))
    return iri


def _distribution_title(row: OpenDataFile, format_label: str) -> str:
    if row.scope == OpenDataFile.Scope.ALL:
        table = next(table for table in TABLES if table.name == row.table)
        return f"{table.title} of every published report ({format_label})"
    if row.scope == OpenDataFile.Scope.PERIOD:
        year, half = row.scope_key.split("-h")
        label = ReportingPeriod(year=int(year), half=int(half)).label
        return f"All tables of the reports for {label} ({format_label})"
    return f"All tables of the partnership's reports ({format_label})"


def _add_service(g: Graph, service: Service, dataset: URIRef) -> URIRef:
    endpoint = site(reverse(service.endpoint))
    iri = data_page(service.anchor)
    g.add((iri, RDF.type, DCAT.Distribution))
    g.add((iri, DCTERMS.title, Literal(service.title, lang="en")))
    g.add((iri, DCTERMS.description, Literal(service.description, lang="en")))
    g.add((iri, DCAT.accessURL, endpoint))
    g.add((iri, DCAT.mediaType, iana(service.media_type)))
    g.add((iri, DCTERMS.format, file_type(service.file_type)))
    g.add((iri, DCTERMS.license, LICENCE))
    g.add((iri, DCAT.accessService, endpoint))
    g.add((endpoint, RDF.type, DCAT.DataService))
    g.add((endpoint, DCTERMS.title, Literal(service.title, lang="en")))
    g.add((endpoint, DCAT.endpointURL, endpoint))
    g.add((endpoint, DCAT.endpointDescription, site(reverse(service.endpoint_description))))
    documentation = site(reverse(service.documentation))
    g.add((endpoint, DCAT.landingPage, documentation))
    g.add((documentation, RDF.type, FOAF.Document))
    g.add((endpoint, DCAT.servesDataset, dataset))
    g.add((endpoint, DCTERMS.license, LICENCE))
    g.add((endpoint, DCTERMS.accessRights, PUBLIC_ACCESS))
    return iri


def contact_point() -> URIRef:
    """Who answers questions about the data: the /data/ page's contact paragraph."""
    return data_page("contact")


def _describe_shared_resources(g: Graph) -> None:
    """What the catalogue names from the EU vocabularies, typed (and labelled) as DCAT-AP
    expects of them; and its contact point."""
    g.add((PUBLISHER, RDF.type, FOAF.Agent))
    g.add((PUBLISHER, FOAF.name, Literal(PUBLISHER_NAME, lang="en")))
    g.add((PUBLISHER, DCTERMS.type, PUBLISHER_TYPE))
    g.add((PUBLISHER_TYPE, RDF.type, SKOS.Concept))
    g.add((PUBLISHER_TYPE, SKOS.prefLabel, Literal("Supra-national authority", lang="en")))
    contact = contact_point()
    g.add((contact, RDF.type, VCARD.Kind))
    g.add((contact, RDF.type, VCARD.Organization))
    g.add((contact, VCARD.fn, Literal("S3 Partnership Monitor", lang="en")))
    g.add((contact, VCARD.hasURL, data_page("contact")))
    if settings.OPEN_DATA_CONTACT_EMAIL:
        g.add((contact, VCARD.hasEmail, URIRef(f"mailto:{settings.OPEN_DATA_CONTACT_EMAIL}")))
    g.add((LICENCE, RDF.type, DCTERMS.LicenseDocument))
    g.add((PUBLIC_ACCESS, RDF.type, DCTERMS.RightsStatement))
    g.add((ENGLISH, RDF.type, DCTERMS.LinguisticSystem))
    g.add((FREQUENCY, RDF.type, DCTERMS.Frequency))
    g.add((THEME_SCHEME, RDF.type, SKOS.ConceptScheme))
    g.add((THEME_SCHEME, DCTERMS.title, Literal("Data theme", lang="en")))
    for code, label in THEMES.items():
        theme = URIRef(f"{AUTHORITY}data-theme/{code}")
        g.add((theme, RDF.type, SKOS.Concept))
        g.add((theme, SKOS.prefLabel, Literal(label, lang="en")))
        g.add((theme, SKOS.inScheme, THEME_SCHEME))
    g.add((JSON_LINES, RDF.type, DCTERMS.Standard))
    for subject in set(g.objects(None, DCTERMS.spatial)):
        g.add((subject, RDF.type, DCTERMS.Location))
    for subject in set(g.objects(None, DCAT.mediaType)) | set(g.objects(None, DCAT.packageFormat)):
        g.add((subject, RDF.type, DCTERMS.MediaType))
    for subject in set(g.objects(None, DCTERMS.format)):
        g.add((subject, RDF.type, DCTERMS.MediaTypeOrExtent))


def _date_time(moment: datetime.datetime) -> Literal:
    return Literal(moment.astimezone(datetime.UTC).replace(microsecond=0), datatype=XSD.dateTime)


# --- Formats -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Format:
    key: str
    label: str
    extension: str
    content_type: str
    write: Callable[[Graph], bytes]


def json_ld(g: Graph) -> bytes:
    """The graph as JSON-LD, its nodes and values in a stable order: rdflib writes them in
    the order of its sets, which changes from one process to the next, and the same graph
    must make the same bytes."""
    document = json.loads(g.serialize(format="json-ld", context=JSON_LD_CONTEXT))
    return json.dumps(_sorted(document), ensure_ascii=False, indent=2).encode()


def _sorted(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _sorted(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return sorted((_sorted(item) for item in value), key=lambda item: json.dumps(item))
    return value


JSON_LD_CONTEXT = {
    "dcat": str(DCAT),
    "dct": str(DCTERMS),
    "foaf": str(FOAF),
    "skos": str(SKOS),
    "vcard": str(VCARD),
    "xsd": str(XSD),
}

FORMATS = {
    format.key: format
    for format in (
        Format(
            "ttl",
            "Turtle",
            ".ttl",
            "text/turtle; charset=utf-8",
            lambda g: g.serialize(format="turtle", encoding="utf-8"),
        ),
        Format("jsonld", "JSON-LD", ".jsonld", "application/ld+json", lambda g: json_ld(g)),
    )
}
