from django.urls import include, path

# EU Login's addresses: /cas/login, /cas/logout, /cas/p3/serviceValidate.
urlpatterns = [path("cas/", include("cas_server.urls", namespace="cas_server"))]
