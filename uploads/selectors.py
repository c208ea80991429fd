"""Who may have which file of the library: the one rule for Wagtail's document serve view,
the admin's image choosers, the image fields of page forms and the API's image listing.

Files are attached to pages: a writer uploads a cover, an editor links a document from a
draft's Markdown. Until that page is published, the file is the draft's business. So a file
belongs to whoever uploaded it and to editors (anyone who may publish); anybody else, a
reader or another contributor, gets it only

- when readers already can: a page readers may see uses it (a document is linked from its
  published text; an image is its cover or avatar), and it is in no restricted collection.
  A document no page links to at all is served as Wagtail serves it (a press kit shared by
  link); an image no page uses is nobody else's business;
- or when it is attached to a page they may edit (a writer's own draft) by someone it
  belongs to: an editor, its uploader, or the site itself (an import run on the server).
  A link a writer types into their own draft gives them nothing they did not have, and
  does not make a shared document a draft's attachment either.

So another writer's draft attachment is refused: a document only unpublished content links
(a draft, a live page's unpublished changes, an expired page, a private page the reader is
not let into), an image only such pages use, and a file in a collection restricted to
signed-in users, which this site treats as editors-only because anyone can sign up. A
collection restricted to groups or by a password is left to Wagtail's own check after this
one: an editor chose who may see it, and nobody gets in by signing up.
"""

from django.contrib.auth import get_user_model
from django.db.models import ForeignKey, Q, TextField
from django.db.models.functions import Cast
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    Page,
    Revision,
    get_page_models,
)
from wagtail.permissions import policy_registry

from blog.querysets import VisiblePageQuerySet, is_live_and_current
from editorial.permissions import is_editor


def _uploaded_by(user, file):
    return user.is_authenticated and file.uploaded_by_user_id == user.pk


def restricted_collections(restriction_types=None):
    """Ids of the collections under a view restriction (of one of ``restriction_types``,
    or any), with their descendants, which inherit it."""
    restrictions = CollectionViewRestriction.objects.all()
    if restriction_types is not None:
        restrictions = restrictions.filter(restriction_type__in=restriction_types)
    paths = Collection.objects.filter(pk__in=restrictions.values("collection_id")).values_list(
        "path", flat=True
    )
    under = Q()
    for path in paths:
        under |= Q(path__startswith=path)
    if not under:
        return set()
    return set(Collection.objects.filter(under).values_list("pk", flat=True))


def editors_only_collections():
    """Collections restricted to signed-in users: anyone can sign up, so editors only."""
    return restricted_collections([BaseViewRestriction.LOGIN])


def editable_pages(user):
    """The pages ``user`` may edit: for a contributor, their own."""
    return policy_registry.get_by_type(Page).instances_user_has_permission_for(user, "change")


# Documents: linked from a page's text as /documents/<id>/<name>.


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


def _linking_pages(link):
    """Every page whose saved text links ``link``, by id (a draft's own row holds its
    draft; a live page's row what readers see)."""
    pages = {}
    for model in get_page_models():
        linking = _linking(model, link)
        if linking is not None:
            pages.update((page.pk, page) for page in linking)
    return pages


def _revisions_linking(link):
    return Revision.page_revisions.annotate(text=Cast("content", TextField())).filter(
        text__contains=link
    )


def _unpublished_changes_linking(link):
    """Ids of pages whose newest, unpublished revision links ``link``: a live page's draft
    changes, which its row does not hold yet."""
    unpublished = Page.objects.filter(Q(live=False) | Q(has_unpublished_changes=True))
    revisions = _revisions_linking(link).filter(pk__in=unpublished.values("latest_revision_id"))
    return {int(pk) for pk in revisions.values_list("object_id", flat=True)}


def _attached(document, link, page_ids):
    """Which of ``page_ids`` have ``document`` attached by someone it belongs to: the author
    of the first revision that links it is an editor, its uploader, or nobody (the site: a
    command run on the server, or content saved without a revision)."""
    if not page_ids:
        return set()
    first_author = {}
    revisions = (
        _revisions_linking(link)
        .filter(object_id__in=[str(pk) for pk in page_ids])
        .order_by("created_at", "pk")
    )
    for page_id, author_id in revisions.values_list("object_id", "user_id"):
        first_author.setdefault(int(page_id), author_id)
    authors = {
        author.pk: author
        for author in get_user_model().objects.filter(pk__in=set(first_author.values()))
    }

    def may_attach(author_id):
        if author_id is None or author_id == document.uploaded_by_user_id:
            return True
        return author_id in authors and is_editor(authors[author_id])

    return {pk for pk in page_ids if may_attach(first_author.get(pk))}


def _reader_may_see(page, request):
    """Live, not past its expiry, and public or opened to this reader (logged in, in the
    group, or given the password): ``visible()``, plus the private pages this reader may see."""
    return is_live_and_current(page) and all(
        restriction.accept_request(request) for restriction in page.get_view_restrictions()
    )


def document_may_be_served(*, document, request):
    """True when ``request`` may have ``document`` through the serve view (Wagtail then
    checks a password or group restriction on its collection)."""
    user = request.user
    if is_editor(user) or _uploaded_by(user, document):
        return True
    link = document_link(document)
    pages = _linking_pages(link)
    attached = _attached(document, link, set(pages) | _unpublished_changes_linking(link))
    if user.is_authenticated and editable_pages(user).filter(pk__in=attached).exists():
        return True
    if document.collection_id in editors_only_collections():
        # Signed out, Wagtail's own check asks for a login (an editor following a link);
        # signed in, this is not an editor.
        return not user.is_authenticated
    if any(_reader_may_see(page, request) for page in pages.values()):
        return True  # published, so an editor let the link through, whoever wrote it
    # Attached to pages readers may not see (yet): a draft's attachment. A link someone
    # else typed into their own draft neither opens a document nor hides it.
    return not attached


# Images: a page's cover or avatar (a ForeignKey to the image model).


def _image_fields():
    """(page model, field name) for every image ForeignKey a page type adds."""
    image_model = get_image_model()
    for model in get_page_models():
        for field in model._meta.local_fields:
            if isinstance(field, ForeignKey) and field.related_model is image_model:
                yield model, field.name


def _images_on_visible_pages():
    """Subqueries of the image ids that pages readers may see show."""
    for model, name in _image_fields():
        pages = VisiblePageQuerySet(model=model).visible().filter(**{f"{name}__isnull": False})
        yield pages.values(name)


def _images_on_editable_pages(user):
    """Ids of the images the pages ``user`` may edit use, in their rows or newest revisions
    (a live page's unpublished changes)."""
    fields = list(_image_fields())
    pages = editable_pages(user)
    ids = set()
    for model, name in fields:
        ids.update(
            model._default_manager.filter(pk__in=pages.values("pk"))
            .exclude(**{f"{name}__isnull": True})
            .values_list(name, flat=True)
        )
    names = {name for _, name in fields}
    revisions = Revision.page_revisions.filter(pk__in=pages.values("latest_revision_id"))
    for content in revisions.values_list("content", flat=True):
        ids.update(content[name] for name in names if isinstance(content.get(name), int))
    return ids


def image_choice_filter(user):
    """A filter for the images ``user`` may choose in the admin and list in the API, or
    None for everything their collection permissions give (editors). Only on the fields
    Wagtail indexes for search (uploader, id, collection), so a chooser search works on
    every backend."""
    if is_editor(user):
        return None
    if not user.is_authenticated:
        return Q(pk__in=[])
    seen_by_readers = Q(pk__in=[])
    for ids in _images_on_visible_pages():
        seen_by_readers |= Q(id__in=ids)
    restricted = restricted_collections()
    if restricted:
        seen_by_readers &= ~Q(collection__in=restricted)
    attached = Q(id__in=sorted(_images_on_editable_pages(user)))
    return Q(uploaded_by_user=user) | attached | seen_by_readers


def images_refused_to(user, ids):
    """Of the library image ``ids`` a text names, those ``user`` may not show in it: not in
    the library, or not among the images they may choose (``uploads.permissions``). A
    writer who could show any image by its id would see other writers' draft pictures in
    their own preview."""
    ids = set(ids)
    if not ids:
        return set()
    image_model = get_image_model()
    images = image_model.objects.filter(pk__in=ids)
    if user is not None:
        choosable = policy_registry.get_by_type(image_model).instances_user_has_permission_for(
            user, "choose"
        )
        images = images.filter(pk__in=choosable.values("pk"))
    return ids - set(images.values_list("pk", flat=True))
