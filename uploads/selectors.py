"""Who may fetch a document from the library through Wagtail's serve view.

Wagtail itself only checks the document's collection (a private collection asks for a login
or a password). Documents are also attached to pages: a contributor uploads one and links it
from a draft's Markdown. Until that page is published, the link must not work for readers,
or the draft's attachment is public to anyone who guesses ``/documents/<id>/<name>``.

So a reader (anyone without access to the admin) gets a document when a page they may see
links to it, in its published content; and is refused one that only unpublished content links
to: a draft, a live page's unpublished changes, an expired page, or a private page the reader
has not been let into. A document no page links to is served as Wagtail serves it.
"""

from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Revision, get_page_models


def document_link(document):
    """What every link to ``document`` through the serve view starts with: "/documents/7/",
    whatever file name follows."""
    url = reverse("wagtaildocs_serve", args=(document.pk, "name"))
    return url.removesuffix("name")


def _linking(model, link):
    """``model``'s pages whose own text fields (Markdown bodies, bios, intros, their rendered
    HTML) contain ``link``, or None if the model adds no text field to Page."""
    fields = [f.name for f in model._meta.local_fields if isinstance(f, TextField)]
    if model is Page or not fields:
        return None
    contains = Q()
    for name in fields:
        contains |= Q(**{f"{name}__contains": link})
    return model._default_manager.filter(contains)


def _reader_may_see(page, request):
    """Live, not past its expiry, and public or opened to this reader (logged in, in the
    group, or given the password): ``visible()``, plus the private pages this reader may see."""
    return (
        page.live
        and (page.expire_at is None or page.expire_at > timezone.now())
        and all(restriction.accept_request(request) for restriction in page.get_view_restrictions())
    )


def document_reader_may_fetch(*, document, request):
    """True when ``request`` may have ``document`` (its collection is checked by Wagtail)."""
    if request.user.has_perm("wagtailadmin.access_admin"):
        return True  # editors and contributors see the whole library in the admin anyway
    link = document_link(document)
    linked_from_unpublished = False
    for model in get_page_models():
        pages = _linking(model, link)
        if pages is None:
            continue
        for page in pages:
            if _reader_may_see(page, request):
                return True
            linked_from_unpublished = True
    if linked_from_unpublished:
        return False
    # Not linked from any page's saved content: is it in a draft still being written?
    unpublished = Page.objects.filter(Q(live=False) | Q(has_unpublished_changes=True))
    return not (
        Revision.objects.filter(pk__in=unpublished.values("latest_revision_id"))
        .annotate(text=Cast("content", TextField()))
        .filter(text__contains=link)
        .exists()
    )
