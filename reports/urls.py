from django.urls import path

from audit.views import report_history
from reports.views import (
    annexes,
    news,
    places,
    public,
    review,
    review_dashboard,
    synthesis,
    wizard,
)
from reports.views.preview import report as preview_report

app_name = "reports"

urlpatterns = [
    path("", public.home, name="home"),
    path("partnerships/<slug:slug>/", public.partnership_detail, name="partnership"),
    path(
        "partnerships/<slug:slug>/reports/<slug:period>/",
        public.report_page,
        name="public_report",
    ),
    path(
        "partnerships/<slug:slug>/reports/<slug:period>/annexes/<int:pk>/<str:filename>",
        annexes.download,
        name="annex",
    ),
    path("partnerships/<slug:slug>/timeline/", public.timeline, name="timeline"),
    path("regions/<str:code>/", places.region_page, name="region"),
    path("countries/<str:code>/", places.country_page, name="country"),
    path("platforms/", places.platform_page, name="platforms"),
    path("platforms/<slug:table>.csv", places.platform_csv, name="platforms_csv"),
    path("platforms/<str:code>/", places.platform_page, name="platform"),
    path("platforms/<str:code>/<slug:table>.csv", places.platform_csv, name="platform_csv"),
    path("news/", news.news_list, name="news_list"),
    path("news/<slug:slug>/", news.news_article, name="news_article"),
    path("review/", review_dashboard.dashboard, name="review_dashboard"),
    path("review/export.csv", review_dashboard.export_csv, name="review_export_csv"),
    path("review/export.xlsx", review_dashboard.export_xlsx, name="review_export_xlsx"),
    # Before the report pages: "synthesis" would read as a partnership's slug.
    path("review/synthesis/<slug:period>/", synthesis.page, name="review_synthesis"),
    path("review/synthesis/<slug:period>.xlsx", synthesis.xlsx, name="review_synthesis_xlsx"),
    path("review/synthesis/<slug:period>.pdf", synthesis.pdf, name="review_synthesis_pdf"),
    path("review/<slug:slug>/<slug:period>/", review.report, name="review_report"),
    path("review/<slug:slug>/<slug:period>/remarks/", review.add_remark, name="review_remark"),
    path("review/<slug:slug>/<slug:period>/decide/", review.decide, name="review_decide"),
    path("review/<slug:slug>/<slug:period>/note/", review.save_note, name="review_note"),
    path(
        "review/<slug:slug>/<slug:period>/submissions/<int:number>/annexes/<int:pk>/<str:filename>",
        annexes.submitted_download,
        name="submitted_annex",
    ),
    path("review/<slug:slug>/<slug:period>/history/", report_history, name="review_history"),
    path("workspace/", wizard.workspace, name="workspace"),
    path("workspace/regions/", wizard.region_search, name="region_search"),
    path("workspace/ping/", wizard.ping, name="ping"),
    path("workspace/dates/", wizard.read_date, name="read_date"),
    path("workspace/<slug:slug>/<slug:period>/start/", wizard.start, name="wizard_start"),
    path("workspace/<slug:slug>/<slug:period>/submit/", wizard.submit, name="wizard_submit"),
    path(
        "workspace/<slug:slug>/<slug:period>/remarks/<int:pk>/address/",
        wizard.address_remark,
        name="address_remark",
    ),
    path("workspace/<slug:slug>/<slug:period>/preview/", preview_report, name="preview"),
    path("workspace/<slug:slug>/<slug:period>/<slug:step>/", wizard.step, name="wizard_step"),
    path(
        "workspace/<slug:slug>/<slug:period>/<slug:step>/autosave/",
        wizard.autosave,
        name="wizard_autosave",
    ),
]
