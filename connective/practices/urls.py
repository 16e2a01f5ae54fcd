from django.urls import URLPattern, URLResolver, path

from connective.practices import views

app_name = "practices"

# Pages with a fixed path go above the practice's own pages: "<slug>/" would otherwise take
# "mine/" or "map/" for the slug of a practice.
urlpatterns: list[URLPattern | URLResolver] = [
    path("new/", views.create, name="create"),
    path("mine/", views.mine, name="mine"),
    path("review/", views.review_queue, name="review_queue"),
]

# One practice and what belongs to it. Keep these last.
urlpatterns += [
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/submit/", views.submit, name="submit"),
    path("<slug:slug>/history/", views.history, name="history"),
    path("<slug:slug>/review/", views.review, name="review"),
    path("<slug:slug>/publish/", views.publish, name="publish"),
    path("<slug:slug>/request-changes/", views.request_changes, name="request_changes"),
    path("<slug:slug>/decline/", views.decline, name="decline"),
    path("<slug:slug>/feature/", views.feature, name="feature"),
    path("<slug:slug>/files/", views.attachments, name="attachments"),
    path("<slug:slug>/files/<uuid:public_id>/", views.attachment, name="attachment"),
    path("<slug:slug>/files/<uuid:public_id>/remove/", views.attachment_remove, name="attachment_remove"),
]
