from django.urls import URLPattern, URLResolver, path

from connective.practices import feeds, views, views_dissemination, views_search
from connective.practices.packs import views as pack_views

app_name = "practices"

# Pages with a fixed path go above the practice's own pages: "<slug>/" would otherwise take
# "mine/" or "map/" for the slug of a practice.
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views_search.practice_list, name="list"),
    path("new/", views.create, name="create"),
    path("mine/", views.mine, name="mine"),
    path("review/", views.review_queue, name="review_queue"),
    # Dissemination: the map, feeds and open data (views_dissemination, feeds).
    path("map/", views_dissemination.practice_map, name="map"),
    path("map/data.json", views_dissemination.map_data, name="map_data"),
    path("export.json", views_dissemination.export_json, name="export"),
    path("feed/", feeds.PracticesFeed(), name="feed"),
    path("feed/network/<slug:slug>/", feeds.NetworkPracticesFeed(), name="feed_network"),
    path("feed/theme/<slug:slug>/", feeds.ThemePracticesFeed(), name="feed_theme"),
    # Printable packs (packs/): my pack (a member's, or a visitor's in the session), and the
    # read-only page and PDF behind a pack's shared link.
    path("pack/", pack_views.pack_page, name="pack"),
    path("pack/add/", pack_views.pack_add, name="pack_add"),
    path("pack/remove/", pack_views.pack_remove, name="pack_remove"),
    path("pack/move/", pack_views.pack_move, name="pack_move"),
    path("pack/title/", pack_views.pack_rename, name="pack_rename"),
    path("pack/from-search/", pack_views.pack_from_search, name="pack_from_search"),
    path("pack/link/", pack_views.pack_rotate_link, name="pack_rotate_link"),
    path("pack/pdf/", pack_views.pack_pdf_view, name="pack_pdf"),
    path("packs/<uuid:public_id>/", pack_views.pack_shared, name="pack_shared"),
    path("packs/<uuid:public_id>/pdf/", pack_views.pack_shared_pdf, name="pack_shared_pdf"),
    path("packs/<uuid:public_id>/work-on/", pack_views.pack_make_current, name="pack_make_current"),
]

# One practice and what belongs to it. Keep these last.
urlpatterns += [
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/submit/", views.submit, name="submit"),
    path("<slug:slug>/history/", views.history, name="history"),
    path("<slug:slug>/pdf/", views_dissemination.practice_pdf_view, name="pdf"),
    path("<slug:slug>/review/", views.review, name="review"),
    path("<slug:slug>/publish/", views.publish, name="publish"),
    path("<slug:slug>/request-changes/", views.request_changes, name="request_changes"),
    path("<slug:slug>/decline/", views.decline, name="decline"),
    path("<slug:slug>/feature/", views.feature, name="feature"),
    path("<slug:slug>/files/", views.attachments, name="attachments"),
    path("<slug:slug>/files/<uuid:public_id>/", views.attachment, name="attachment"),
    path("<slug:slug>/files/<uuid:public_id>/remove/", views.attachment_remove, name="attachment_remove"),
]
