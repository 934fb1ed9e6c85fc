"""The /data/ page, in every language (/data/, /bg/data/). The files it lists are at one
address each, whatever the language (s3partnership/urls.py, "open_data_file")."""

from django.urls import path

from opendata import views

app_name = "opendata"

urlpatterns = [
    path("data/", views.index, name="index"),
]
