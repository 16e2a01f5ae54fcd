from django.urls import path

from connective.core import theme_views, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("language/", views.set_language, name="set_language"),
    path("privacy/", views.privacy, name="privacy"),
    path("themes/", theme_views.themes, name="themes"),
    path("themes/add/", theme_views.theme_add, name="theme_add"),
    path("themes/merge/", theme_views.theme_merge, name="theme_merge"),
]
