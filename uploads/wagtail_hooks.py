"""Wagtail hooks: a document is served only to whoever may have it (``uploads.selectors``)."""

from django.http import Http404
from wagtail import hooks

from .selectors import document_may_be_served


@hooks.register("before_serve_document")
def refuse_others_attachments(document, request):
    # 404 rather than 403: nobody learns what drafts hold.
    if not document_may_be_served(document=document, request=request):
        raise Http404("No page you may see links to this document.")
