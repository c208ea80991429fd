"""Wagtail's API v3 with the content API on it: mount it with ``path("api/v3/", api.urls)``.

The reader endpoints (``api/routers.py``) join Wagtail's own routers, which other Wagtail
apps add to the same instance when they start; ``api/guards.py`` holds those to our rules.
Everything is added here, before ``api.urls`` is first read.
"""

from wagtail.api.v3.api import api
from wagtail.api.v3.routers.pages import router as wagtail_pages
from wagtail.documents.api.v3.router import router as wagtail_documents
from wagtail.images.api.v3.router import router as wagtail_images

from . import guards, routers

api.add_router("/articles/", routers.articles)
api.add_router("/stories/", routers.stories)
api.add_router("/tutorials/", routers.tutorials)
api.add_router("/authors/", routers.authors)

api.add_decorator(guards.search_unavailable_is_503, mode="view")
api.add_decorator(guards.refuse_nul_characters, mode="view")
api.add_decorator(guards.json_bodies_are_objects, mode="view")
api.add_decorator(guards.plain_word_search, mode="view")
api.add_decorator(guards.bounded_offset)
wagtail_pages.add_decorator(guards.pages_for_readers)
wagtail_pages.add_decorator(guards.page_writes_keep_their_word)
wagtail_images.add_decorator(guards.images_the_user_may_choose)
wagtail_images.add_decorator(guards.token_required)
wagtail_documents.add_decorator(guards.document_permission_required)

__all__ = ["api"]
