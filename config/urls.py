from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import URLPattern, URLResolver, include, path

from connective.networks.views import declaration
from connective.practices.sitemaps import SITEMAPS, sitemap_index

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("connective.core.urls")),
    # Before allauth's own: the same page, its form told the browser's languages.
    path("accounts/signup/", declaration),
    path("accounts/", include("allauth.urls")),
    path("account/", include("connective.accounts.urls")),
    path("members/", include("connective.members.urls")),
    path("networks/", include("connective.networks.urls")),
    path("practices/", include("connective.practices.urls")),
    path("consultations/", include("connective.consultations.urls")),
    path("newsletters/", include("connective.newsletters.urls")),
    path("notifications/", include("connective.notifications.urls")),
    path("discussions/", include("connective.discussions.urls")),
    path("messages/", include("connective.conversations.urls")),
    path("bookmarks/", include("connective.follows.urls")),
    path("search/", include("connective.search.urls")),
    path("spaces/", include("connective.spaces.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemap_index, name="sitemap_index"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("admin/", admin.site.urls),
]

# allauth's own rate limits (sign-in, sign-up, password reset) answer with our 429 page.
handler429 = "connective.core.ratelimit.handler429"

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
