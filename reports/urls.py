from django.urls import path

from reports.views import public, wizard

app_name = "reports"

urlpatterns = [
    path("", public.home, name="home"),
    path("partnerships/<slug:slug>/", public.partnership_detail, name="partnership"),
    path("news/<slug:slug>/", public.news_article, name="news_article"),
    path("workspace/", wizard.workspace, name="workspace"),
    path("workspace/regions/", wizard.region_search, name="region_search"),
    path("workspace/<slug:slug>/<slug:period>/start/", wizard.start, name="wizard_start"),
    path("workspace/<slug:slug>/<slug:period>/submit/", wizard.submit, name="wizard_submit"),
    path("workspace/<slug:slug>/<slug:period>/<slug:step>/", wizard.step, name="wizard_step"),
    path(
        "workspace/<slug:slug>/<slug:period>/<slug:step>/autosave/",
        wizard.autosave,
        name="wizard_autosave",
    ),
]
