"""The PDF's table of contents as a screen reader meets it (issue 12, reading): each link says
its part's name (its text and its description), no link inside another, and the dot leaders
drawn as artifacts, which are not read out, rather than as text.

Read back with pypdf from the tagged PDF: the structure tree (Link elements, their marked
content) and the page's content stream (what is marked as /Artifact).
"""

from io import BytesIO

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream, DictionaryObject, IndirectObject

from reports import pdf
from reports.body import report_body
from tests.test_public_reports import published  # noqa: F401 (a fixture)

CONTENTS_PAGE = 1  # the second page, after the cover


@pytest.fixture
def rendered(published):  # noqa: F811
    return PdfReader(BytesIO(pdf.render_report_pdf(published)))


@pytest.fixture
def part_names(published):  # noqa: F811
    """What the contents list: each public section's title, then its parts' headings."""
    names = []
    for section in report_body(published).public:
        names.append(str(section.title))
        names.extend(str(part.heading) for part in section.headed_parts)
    return names


def marked_texts(page):
    """{marked-content id: the text shown inside it} of one page."""
    stack, texts = [], {}

    def before(operator, operands, cm, tm):
        if operator == b"BDC":
            properties = operands[1]
            stack.append(properties.get("/MCID") if hasattr(properties, "get") else None)
        elif operator == b"BMC":
            stack.append(None)
        elif operator == b"EMC" and stack:
            stack.pop()

    def shown(text, cm, tm, font, size):
        if stack and stack[-1] is not None:
            texts[stack[-1]] = texts.get(stack[-1], "") + text

    page.extract_text(visitor_operand_before=before, visitor_text=shown)
    return texts


def elements(reader):
    """Every structure element, with its ancestors' types: (element, ["/Document", ...])."""

    def walk(node, ancestors):
        node = node.get_object() if isinstance(node, IndirectObject) else node
        if isinstance(node, list):
            for kid in node:
                yield from walk(kid, ancestors)
        elif isinstance(node, DictionaryObject) and "/S" in node:
            yield node, ancestors
            if "/K" in node:
                yield from walk(node["/K"], [*ancestors, node["/S"]])

    yield from walk(reader.trailer["/Root"]["/StructTreeRoot"]["/K"], [])


def kids(element):
    found = element["/K"]
    return found if isinstance(found, list) else [found]


def links_on(reader, page_number):
    """[(the link's text, its annotation's description)] on a page, in reading order."""
    page = reader.pages[page_number]
    texts = marked_texts(page)
    found = []
    for element, _ancestors in elements(reader):
        if element["/S"] != "/Link" or element.raw_get("/Pg") != page.indirect_reference:
            continue
        text = "".join(texts.get(kid, "") for kid in kids(element) if isinstance(kid, int))
        annotations = [
            kid.get_object()["/Obj"].get_object()
            for kid in kids(element)
            if not isinstance(kid, int) and kid.get_object().get("/Type") == "/OBJR"
        ]
        for annotation in annotations:
            found.append((" ".join(text.split()), str(annotation.get("/Contents"))))
    return found


def test_each_contents_link_says_its_parts_name(rendered, part_names):
    links = links_on(rendered, CONTENTS_PAGE)

    assert [text for text, _description in links] == part_names
    assert [description for _text, description in links] == part_names
    assert "Header" in part_names and "Innovative results" in part_names


def test_no_link_is_inside_another(rendered):
    links = [ancestors for element, ancestors in elements(rendered) if element["/S"] == "/Link"]

    assert links  # the contents' and the answers' links
    assert not [ancestors for ancestors in links if "/Link" in ancestors]


def test_every_link_has_one_annotation(rendered):
    for element, _ancestors in elements(rendered):
        if element["/S"] == "/Link":
            annotations = [kid for kid in kids(element) if not isinstance(kid, int)]
            assert len(annotations) == 1


def test_the_dot_leaders_are_artifacts_not_text(rendered, part_names):
    page = rendered.pages[CONTENTS_PAGE]
    texts = marked_texts(page).values()

    # Read out: the heading, the names and the page numbers, and no dots.
    assert not [text for text in texts if text.strip() and not text.strip(". ")]
    assert "..." not in page.extract_text()
    # Drawn: the dots, one small closed path each, marked as artifacts.
    dots = 0
    stack = []
    for operands, operator in ContentStream(page.get_contents(), rendered).operations:
        if operator in (b"BDC", b"BMC"):
            stack.append(operands[0])
        elif operator == b"EMC":
            stack.pop()
        elif operator == b"h" and stack and stack[-1] == "/Artifact":
            dots += 1
    assert dots > 20 * len(part_names)


def test_each_entry_ends_with_its_page_number(rendered, part_names):
    text = rendered.pages[CONTENTS_PAGE].extract_text()
    for name in part_names:
        line = next(line for line in text.splitlines() if line.startswith(name))
        assert line.removeprefix(name).strip().isdigit(), line
