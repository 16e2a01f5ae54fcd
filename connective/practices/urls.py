from django.urls import URLPattern, URLResolver, path

from connective.practices import feeds, views, views_dissemination, views_search

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
