"""The public outputs cannot reach confidential data by an import: no module that makes a
public page, the PDF, the API, a download or the catalogue imports the self-assessment's or
the reviewers' models, or a module that does, other than through the two gates that decide
what is public: the form's declaration (reports/form.py, which declares every question with
its visibility) and its reader (reports/answers.py, which with `public_only` refuses every
confidential question and never reads the self-assessment).

Checked on the source (every import, those inside functions included), following the
project's own modules from each public output."""

import ast
from pathlib import Path

import pytest
from django.conf import settings


def modules_of(package: str) -> list[str]:
    """Every module of a package that serves only the public (its migrations aside)."""
    root = Path(settings.BASE_DIR)
    return sorted(
        ".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__")
        for path in (root / package).rglob("*.py")
        if "migrations" not in path.parts
    )


# The modules that make what the public reads.
PUBLIC_OUTPUTS = [
    "reports.public_data",
    "reports.body",
    "reports.views.public",
    "reports.views.news",
    "reports.views.pdf",
    "reports.pdf",
    "reports.published_pages",
    "reports.sitemaps",
    "reports.timeline",
    "reports.involvement",
    "reports.views.places",
    # The charts of the public platform pages: every module of theirs.
    *modules_of("reports/charts"),
    # The JSON API and the open data files and catalogue: every module of theirs.
    *modules_of("api"),
    *modules_of("opendata"),
]
# Where the visibility of each question is decided, once: not followed.
GATES = {"reports.form", "reports.answers"}
# The models package registers every model; only what is imported from it is checked.
MODELS_PACKAGE = "reports.models"
CONFIDENTIAL_MODULES = {
    "reports.models.self_assessment",
    "reports.models.review",
    "reports.versions",  # frozen submissions hold the self-assessment
    "reports.views.review",
    "audit",
}
CONFIDENTIAL_NAMES = {"self_assessment", "ReviewNote", "ReviewComment", "ReportVersion"}
PROJECT_PACKAGES = {"reports", "regions", "accounts", "audit", "s3partnership", "api", "opendata"}


def source_of(module: str) -> Path | None:
    base = Path(settings.BASE_DIR, *module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.exists():
            return candidate
    return None


def imports_of(module: str) -> list[tuple[str, set[str]]]:
    """(imported module, names imported from it) of every import in `module`'s source."""
    path = source_of(module)
    if path is None:
        return []
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, set()) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            names = {alias.name for alias in node.names}
            found.append((base, names))
            # `from package import module` imports the module.
            found += [(f"{base}.{name}", set()) for name in names if source_of(f"{base}.{name}")]
    return found


def confidential_reach(start: str) -> list[str]:
    """The import chains from `start` to confidential code, if any."""
    reached, seen, todo = [], {start}, [(start, [start])]
    while todo:
        module, chain = todo.pop()
        for imported, names in imports_of(module):
            if imported.split(".")[0] not in PROJECT_PACKAGES:
                continue
            here = [*chain, imported]
            if any(imported == m or imported.startswith(f"{m}.") for m in CONFIDENTIAL_MODULES):
                reached.append(" → ".join(here))
            elif imported == MODELS_PACKAGE and names & CONFIDENTIAL_NAMES:
                reached.append(" → ".join(here) + f" ({', '.join(sorted(names))})")
            elif imported not in GATES and imported != MODELS_PACKAGE and imported not in seen:
                seen.add(imported)
                todo.append((imported, here))
    return reached


@pytest.mark.parametrize("module", PUBLIC_OUTPUTS)
def test_a_public_output_imports_nothing_confidential(module):
    assert source_of(module) is not None, f"{module} is gone: update PUBLIC_OUTPUTS"
    assert confidential_reach(module) == []


def test_the_check_finds_a_confidential_import():
    """Guards the test above: the reviewers' page does reach the reviewers' models."""
    assert confidential_reach("reports.views.review")
    assert any("reports.versions" in chain for chain in confidential_reach("reports.views.review"))
