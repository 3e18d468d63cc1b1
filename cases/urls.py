"""Public URLs of the case module (the admin's and the API's are registered apart)."""

from django.urls import path

from .public import views

app_name = "cases"

urlpatterns = [
    path("complaints/submit/", views.complaint_form, name="complaint_form"),
    path("progress/", views.progress, name="progress"),
]
