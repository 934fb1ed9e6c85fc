"""The DCAT-AP catalogue at /data/catalog.ttl and /data/catalog.jsonld: it parses, says the same
in both formats, validates against the official DCAT-AP 3.0.1 SHACL shapes (shipped in
tests/data/dcat-ap-3/, so no network is needed), and describes what /data/ serves."""

from functools import cache
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SH, SKOS, XSD

from opendata import files
from opendata.models import OpenDataFile
from regions.models import Country, Region
from reports.models import MonitoringReport, ReportRegion
from tests.opendata_helpers import fetch, publish, published_report

SHAPES = Path(__file__).parent / "data" / "dcat-ap-3" / "dcat-ap-SHACL.ttl"
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU = "http://publications.europa.eu/resource/authority/"
SITE = "http://127.0.0.1:8000"


@cache
def shapes():
    """The shapes as published, less two references of dcat:DataServiceShape to property
    shapes the file does not define (see its header): pyshacl refuses to validate a data
    service against them."""
    graph = Graph().parse(SHAPES, format="turtle")
    for node_shape, property_shape in list(graph.subject_objects(SH.property)):
        if (property_shape, SH.path, None) not in graph:
            graph.remove((node_shape, SH.property, property_shape))
    return graph


def conforms(graph):
    ok, _report, text = validate(graph, shacl_graph=shapes())
    return ok, text


def violations(graph):
    """(focus node, path) of each violation the shapes find in `graph`."""
    _ok, report, _text = validate(graph, shacl_graph=shapes())
    return {
        (report.value(result, SH.focusNode), report.value(result, SH.resultPath))
        for result in report.subjects(RDF.type, SH.ValidationResult)
    }


@pytest.fixture
def greece(db):
    return Country.objects.create(code="EL", name="Greece", accession_year=1981)


@pytest.fixture
def chemicals_published(other_partnership, reviewer, ile_de_france):
    """Chemicals' January-June 2021 report: another partnership, another period."""
    return published_report(
        other_partnership, 2021, 1, reviewer, summary="Chemicals summary.", region=ile_de_france
    )


@pytest.fixture
def published(report, reviewer, ile_de_france, greece):
    """Cybersecurity's July-December 2020 report, with a French and a Greek region."""
    report.executive_summary = "Cybersecurity summary."
    report.save()
    ReportRegion.objects.create(report=report, role="lead", region=ile_de_france, match="linked")
    ReportRegion.objects.create(
        report=report,
        role="participating",
        position=2,
        region=Region.objects.create(
            name_en="Attiki", country=greece, nuts_code="EL30", nuts_version=2021, nuts_level=2
        ),
        match="linked",
    )
    publish(report, reviewer)
    return report


def catalogue_graph(client, fmt="ttl"):
    return Graph().parse(
        data=fetch(client, f"catalog.{fmt}"), format="turtle" if fmt == "ttl" else "json-ld"
    )


def test_both_formats_parse_to_the_same_graph(client, published, chemicals_published):
    turtle, json_ld = catalogue_graph(client, "ttl"), catalogue_graph(client, "jsonld")
    assert len(turtle) > 100
    assert isomorphic(turtle, json_ld)


@pytest.mark.parametrize("fmt", ["ttl", "jsonld"])
def test_the_catalogue_validates_against_the_dcat_ap_3_shapes(
    client,
    published,
    chemicals_published,
    fmt,
):
    ok, report = conforms(catalogue_graph(client, fmt))
    assert ok, report


def test_an_empty_catalogue_validates_too(client, db):
    ok, report = conforms(catalogue_graph(client))
    assert ok, report


@pytest.mark.parametrize(
    ("subject_type", "prop"),
    [
        (DCAT.Catalog, DCTERMS.title),
        (DCAT.Catalog, DCTERMS.publisher),
        (DCAT.Dataset, DCTERMS.description),
        (DCAT.Distribution, DCAT.accessURL),
    ],
)
def test_the_shapes_catch_a_catalogue_missing_a_mandatory_property(
    client, published, subject_type, prop
):
    """Guards the validation above: the shapes shipped really check DCAT-AP's mandatory
    properties, so a catalogue that lost one fails."""
    graph = catalogue_graph(client)
    subject = next(graph.subjects(RDF.type, subject_type))
    graph.remove((subject, prop, None))

    assert violations(graph) == {(subject, prop)}


def test_one_catalogue_with_the_platform_and_each_partnership_with_published_reports(
    client,
    published,
    chemicals_published,
    other_partnership,
):
    graph = catalogue_graph(client)

    (catalog,) = graph.subjects(RDF.type, DCAT.Catalog)
    datasets = set(graph.objects(catalog, DCAT.dataset))
    assert datasets == {
        URIRef(f"{SITE}/data/#all"),
        URIRef(f"{SITE}/data/#partnership-cybersecurity"),
        URIRef(f"{SITE}/data/#partnership-chemicals"),
    }
    assert set(graph.subjects(RDF.type, DCAT.Dataset)) == datasets
    assert graph.value(catalog, DCTERMS.license) == URIRef(f"{EU}licence/CC_BY_4_0")
    assert graph.value(catalog, FOAF.homepage) == URIRef(f"{SITE}/")


def test_each_dataset_has_the_files_of_its_scope_as_distributions(
    client,
    published,
    chemicals_published,
):
    graph = catalogue_graph(client)

    def downloads(dataset):
        return {
            str(graph.value(distribution, DCAT.downloadURL)).removeprefix(f"{SITE}/data/")
            for distribution in graph.objects(URIRef(f"{SITE}/data/#{dataset}"), DCAT.distribution)
            if (distribution, DCAT.downloadURL, None) in graph
        }

    assert downloads("partnership-cybersecurity") == {
        "partnerships/cybersecurity.csv.zip",
        "partnerships/cybersecurity.xlsx",
        "partnerships/cybersecurity.jsonl.zip",
    }
    whole = {row.path for row in OpenDataFile.objects.filter(scope__in=["all", "period"])}
    assert downloads("all") == whole  # and the API, which has no download
    assert "answers.csv" in whole and "periods/2021-h1.xlsx" in whole


def test_distributions_name_their_format_media_type_licence_and_size(client, published):
    graph = catalogue_graph(client)

    def distribution(path):
        return URIRef(f"{SITE}/data/#{path}")

    csv = distribution("answers.csv")
    row = OpenDataFile.objects.get(path="answers.csv")
    assert graph.value(csv, DCAT.accessURL) == URIRef(f"{SITE}/data/answers.csv")
    assert graph.value(csv, DCAT.mediaType) == URIRef(
        "http://www.iana.org/assignments/media-types/text/csv"
    )
    assert graph.value(csv, DCTERMS.format) == URIRef(f"{EU}file-type/CSV")
    assert graph.value(csv, DCTERMS.license) == URIRef(f"{EU}licence/CC_BY_4_0")
    assert graph.value(csv, DCAT.byteSize) == Literal(row.size, datatype=XSD.nonNegativeInteger)
    assert graph.value(csv, DCTERMS.modified).toPython() == row.modified_at.replace(microsecond=0)

    xlsx = distribution("partnerships/cybersecurity.xlsx")
    assert graph.value(xlsx, DCTERMS.format) == URIRef(f"{EU}file-type/XLSX")
    assert graph.value(xlsx, DCAT.packageFormat) is None
    zipped = distribution("partnerships/cybersecurity.csv.zip")
    assert graph.value(zipped, DCAT.packageFormat) == URIRef(
        "http://www.iana.org/assignments/media-types/application/zip"
    )
    lines = distribution("answers.jsonl")
    assert graph.value(lines, DCTERMS.format) == URIRef(f"{EU}file-type/JSON")
    assert graph.value(lines, DCAT.mediaType) is None  # IANA registers no JSON Lines type
    assert graph.value(lines, DCTERMS.conformsTo) == URIRef("https://jsonlines.org/")


def test_datasets_say_who_publishes_whom_to_ask_when_where_what_about(client, published):
    graph = catalogue_graph(client)
    dataset = URIRef(f"{SITE}/data/#partnership-cybersecurity")

    publisher = graph.value(dataset, DCTERMS.publisher)
    assert publisher == URIRef(f"{EU}corporate-body/REGIO")
    assert (publisher, RDF.type, FOAF.Agent) in graph
    assert "Regional and Urban Policy" in str(graph.value(publisher, FOAF.name))
    contact = graph.value(dataset, DCAT.contactPoint)
    assert (contact, RDF.type, VCARD.Kind) in graph

    (temporal,) = graph.objects(dataset, DCTERMS.temporal)
    assert (temporal, RDF.type, DCTERMS.PeriodOfTime) in graph
    assert graph.value(temporal, DCAT.startDate) == Literal("2020-07-01", datatype=XSD.date)
    assert graph.value(temporal, DCAT.endDate) == Literal("2020-12-31", datatype=XSD.date)

    assert set(graph.objects(dataset, DCTERMS.spatial)) == {
        URIRef(f"{EU}country/FRA"),
        URIRef(f"{EU}country/GRC"),  # Greece is EL in NUTS, GRC in the authority list
        URIRef("http://data.europa.eu/nuts/code/FR10"),
        URIRef("http://data.europa.eu/nuts/code/EL30"),
    }
    assert set(graph.objects(dataset, DCAT.theme)) == {
        URIRef(f"{EU}data-theme/{code}") for code in ("REGI", "ECON", "TECH")
    }
    for theme in graph.objects(dataset, DCAT.theme):
        assert graph.value(theme, SKOS.prefLabel) is not None
    keywords = {str(keyword) for keyword in graph.objects(dataset, DCAT.keyword)}
    assert {"smart specialisation", "Cybersecurity", "Industrial Modernisation"} <= keywords
    published_at = published.transitions.last().at.replace(microsecond=0)
    assert graph.value(dataset, DCTERMS.issued).toPython() == published_at
    assert graph.value(dataset, DCTERMS.modified) is not None
    assert graph.value(dataset, DCAT.landingPage) == URIRef(f"{SITE}/partnerships/cybersecurity/")


def test_the_platform_dataset_covers_every_period_with_published_reports(
    client,
    published,
    chemicals_published,
):
    graph = catalogue_graph(client)
    periods = {
        (
            str(graph.value(period_of_time, DCAT.startDate)),
            str(graph.value(period_of_time, DCAT.endDate)),
        )
        for period_of_time in graph.objects(URIRef(f"{SITE}/data/#all"), DCTERMS.temporal)
    }
    assert periods == {("2020-07-01", "2020-12-31"), ("2021-01-01", "2021-06-30")}


def test_a_withdrawn_partnerships_dataset_leaves_the_catalogue(
    client,
    published,
    chemicals_published,
    reviewer,
):
    published.move_to(MonitoringReport.State.RETURNED, reviewer, "Withdrawn.")

    graph = catalogue_graph(client)

    datasets = set(graph.subjects(RDF.type, DCAT.Dataset))
    assert URIRef(f"{SITE}/data/#partnership-cybersecurity") not in datasets
    assert "cybersecurity" not in fetch(client, "catalog.jsonld").decode()


def test_the_json_api_is_a_distribution_of_the_platforms_dataset_served_by_a_data_service(
    client, published
):
    graph = catalogue_graph(client)

    endpoint = URIRef(f"{SITE}/api/v1/")
    (distribution,) = graph.subjects(DCAT.accessURL, endpoint)
    assert distribution == URIRef(f"{SITE}/data/#api")  # the /data/ page's paragraph on it
    assert (URIRef(f"{SITE}/data/#all"), DCAT.distribution, distribution) in graph
    assert graph.value(distribution, DCAT.accessService) == endpoint
    assert (endpoint, RDF.type, DCAT.DataService) in graph
    assert graph.value(endpoint, DCAT.endpointDescription) == URIRef(f"{SITE}/api/v1/openapi.json")
    assert graph.value(endpoint, DCAT.landingPage) == URIRef(f"{SITE}/api/v1/docs/")
    assert graph.value(endpoint, DCAT.servesDataset) == URIRef(f"{SITE}/data/#all")
    # The description it names is there to read.
    assert client.get("/api/v1/openapi.json").json()["openapi"].startswith("3.")
    ok, report = conforms(graph)
    assert ok, report


def test_the_catalogue_is_served_with_validators(client, published):
    first = client.get("/data/catalog.ttl")
    assert first["Content-Type"] == "text/turtle; charset=utf-8"
    assert client.get("/data/catalog.ttl", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get("/data/catalog.jsonld")["Content-Type"] == "application/ld+json"


def test_the_json_ld_is_the_same_bytes_each_time_it_is_made(client, published):
    files.ensure_fresh()
    before = OpenDataFile.objects.get(path="catalog.jsonld").sha256
    files.regenerate(rebuild=True)
    assert OpenDataFile.objects.get(path="catalog.jsonld").sha256 == before
