from django.urls import path

from . import views

app_name = "blog"

urlpatterns = [
    path("tags/", views.tag_index, name="tag_index"),
    path("tags/<str:slug>/", views.tag_detail, name="tag_detail"),
]
