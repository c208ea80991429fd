"""The bylines of imported pieces. A name is matched to an author profile ignoring case and
accents, or becomes a new draft profile. A file that names nobody is bylined to the owner's
profile (made the way a confirmed contributor's is, when missing), then to a name its
platform's footer gave away, then to a draft "Unknown author" profile an editor replaces.
"""

from blog.models import AuthorIndexPage, AuthorPage
from blog.services import author_profile_create, unique_slug

from . import cleaning
from .problems import ImportProblem

UNKNOWN_AUTHOR = "Unknown author"
NAME_MAX_LENGTH = AuthorPage._meta.get_field("title").max_length


class Bylines:
    """The author profiles of one run's files. A file's new profiles are ``pending`` until
    its transaction commits (``remember``): a file that fails leaves no name pointing at a
    profile that was rolled back."""

    def __init__(self, *, owner, user):
        self.owner = owner
        self.user = user
        self._ids = None  # folded name → author page id, for committed profiles

    def ids(self):
        if self._ids is None:
            self._ids = {}
            for pk, title, draft_title in AuthorPage.objects.order_by("path").values_list(
                "pk", "title", "draft_title"
            ):
                for name in (title, draft_title):
                    self._ids.setdefault(cleaning.fold(name), pk)
        return self._ids

    def remember(self, pending):
        self.ids().update(pending)

    def for_story(self, story, pending, notes):
        """The author page ids of a story's byline, in order, creating draft profiles."""
        try:
            ids = [self._author(name, pending, notes) for name in story.authors]
        except ImportProblem as problem:
            problem.line = problem.line or story.field_line("authors")
            raise
        if not ids:
            ids = [self._fallback(story, pending, notes)]
        return list(dict.fromkeys(ids))

    def _fallback(self, story, pending, notes):
        own = self._owner_profile(pending, notes)
        if own is not None:
            return own
        if story.author_from_leftovers:
            byline = story.author_from_leftovers
            notes.append(f"byline taken from the platform's footer: {byline}")
            return self._author(byline, pending, notes)
        notes.append(f"no author named: bylined to “{UNKNOWN_AUTHOR}” for an editor to fix")
        return self._author(UNKNOWN_AUTHOR, pending, notes)

    def _author(self, name, pending, notes):
        key = cleaning.fold(name)
        found = pending.get(key) or self.ids().get(key)
        if found:
            return found
        if len(name) > NAME_MAX_LENGTH:
            raise ImportProblem(
                f"an author's name is longer than {NAME_MAX_LENGTH} characters",
                line=None,
            )
        index = AuthorIndexPage.objects.order_by("path").first()
        if index is None:
            raise ImportProblem(f"no author index page to create the profile of “{name}” under")
        profile = AuthorPage(title=name, slug=unique_slug(index, name), live=False)
        index.add_child(instance=profile)
        profile.save_revision(user=self.user, log_action=True)
        pending[key] = profile.pk
        notes.append(f"created a draft author profile for “{name}”")
        return profile.pk

    def _owner_profile(self, pending, notes):
        if self.owner is None:
            return None
        profile = AuthorPage.objects.filter(user=self.owner).first()
        if profile is None:
            profile = author_profile_create(user=self.owner)
            if profile is not None:
                pending[cleaning.fold(profile.title)] = profile.pk
                notes.append(f"created a draft author profile for “{profile.title}”")
        return profile.pk if profile is not None else None
