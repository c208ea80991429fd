"""Wagtail hooks: a document is served only to whoever may have it (``uploads.selectors``);
the Markdown editor's picture upload (``uploads.views``)."""

from django.http import Http404
from django.urls import path
from wagtail import hooks

from .selectors import document_may_be_served
from .views import markdown_image_upload


@hooks.register("register_admin_urls")
def register_markdown_image_upload_url():
    return [
        path("markdown-images/", markdown_image_upload, name="markdown_image_upload"),
    ]


@hooks.register("before_serve_document")
def refuse_others_attachments(document, request):
    # 404 rather than 403: nobody learns what drafts hold.
    if not document_may_be_served(document=document, request=request):
        raise Http404("No page you may see links to this document.")
