"""Wagtail hooks: a draft's attachment is not served to readers (``uploads.selectors``)."""

from django.http import Http404
from wagtail import hooks

from .selectors import document_reader_may_fetch


@hooks.register("before_serve_document")
def refuse_unpublished_attachments(document, request):
    # 404 rather than 403: a reader learns nothing about what drafts hold.
    if not document_reader_may_fetch(document=document, request=request):
        raise Http404("No published page links to this document.")
