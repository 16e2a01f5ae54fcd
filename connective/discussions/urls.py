from django.urls import path

from connective.discussions import views

app_name = "discussions"

urlpatterns = [
    path("", views.index, name="index"),
    path("reports/", views.reports, name="reports"),
    path("reports/<uuid:public_id>/", views.resolve, name="resolve"),
    path("s/<slug:slug>/", views.space, name="space"),
    path("s/<slug:slug>/new/", views.start, name="start"),
    path("t/<uuid:public_id>/", views.thread, name="thread"),
    path("t/<uuid:public_id>/reply/", views.reply, name="reply"),
    path("t/<uuid:public_id>/follow/", views.follow, name="follow"),
    path("t/<uuid:public_id>/moderate/", views.moderate, name="moderate"),
    path("p/<uuid:public_id>/edit/", views.edit, name="edit"),
    path("p/<uuid:public_id>/history/", views.history, name="history"),
    path("p/<uuid:public_id>/report/", views.report, name="report"),
    path("p/<uuid:public_id>/moderate/", views.post_moderate, name="post_moderate"),
    path("f/<uuid:public_id>/", views.attachment, name="attachment"),
]
