# The self-assessment models are registered (imported below) but not re-exported: code
# that serves the public imports from `reports.models` and never names Section III;
# confidential code imports `reports.models.self_assessment` explicitly.
from reports.models import self_assessment  # noqa: F401  (registers the models)
from reports.models.annex import Annex
from reports.models.monitoring import (
    MAX_TABLE_ROWS,
    Event,
    MonitoringReport,
    ReportingPeriod,
    ReportRegion,
    ReportTransition,
    SDGRating,
    StepRevision,
    WorkingArea,
)
from reports.models.news import NewsArticle, NewsTranslation
from reports.models.partnerships import (
    Contact,
    Organisation,
    Partnership,
    PartnershipDocument,
    PartnershipRegion,
    PartnershipTranslation,
    ProjectUnderDevelopment,
    RegionRole,
    RelatedProject,
    ThematicPlatform,
)
from reports.models.pdf import StoredReportPDF
from reports.models.review import (
    Recommendation,
    Reminder,
    ReportVersion,
    ReviewComment,
    ReviewNote,
)
from reports.models.stored_fragment import StoredFragment

__all__ = [
    "MAX_TABLE_ROWS",
    "Annex",
    "Contact",
    "Event",
    "MonitoringReport",
    "NewsArticle",
    "NewsTranslation",
    "Organisation",
    "Partnership",
    "PartnershipTranslation",
    "PartnershipDocument",
    "PartnershipRegion",
    "ProjectUnderDevelopment",
    "Recommendation",
    "RegionRole",
    "Reminder",
    "ReportVersion",
    "ReviewComment",
    "ReviewNote",
    "RelatedProject",
    "ReportRegion",
    "ReportTransition",
    "ReportingPeriod",
    "SDGRating",
    "StepRevision",
    "StoredReportPDF",
    "StoredFragment",
    "ThematicPlatform",
    "WorkingArea",
]
