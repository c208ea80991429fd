from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.signup, name="signup"),
    path("check-your-email/", views.check_email, name="check_email"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("profile/", views.profile, name="profile"),
]
