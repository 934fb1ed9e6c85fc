from django.urls import path

from reports.views import public

app_name = "reports"

urlpatterns = [
    path("", public.home, name="home"),
    path("partnerships/<slug:slug>/", public.partnership_detail, name="partnership"),
    path("news/<slug:slug>/", public.news_article, name="news_article"),
]
