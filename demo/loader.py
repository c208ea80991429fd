"""Builds the demo site from the files in ``demo/content/`` (read by ``demo/files.py``): the
page tree, the tutorial series, the author profiles, the stories and tutorials, the home
page's picks and, on a developer's machine, demo accounts.

Stories and tutorials go through the importer (``importer.services.story_import``), published
as ``import_stories --publish`` publishes them: every ``make run`` exercises it. Each piece
belongs to the account of its first author's profile, when that profile has one (the demo
accounts' profiles do). A cover a file names under ``covers/`` is drawn (``demo/images.py``)
for the importer to add, unless the picture is there.

Every file is read before anything is written, and nothing is written when one cannot be.
Indexes, series and profiles are keyed by slug, pieces found the importer's way (same
canonical URL or title), and only created when missing: a second run changes nothing, and
edits made in the admin stay. Images go through ``default_storage`` via Wagtail's image model,
so the same code fills a local media folder or an S3 bucket.
"""

import io
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from django.apps import apps as django_apps
from django.conf import settings
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.text import slugify
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from blog import kinds
from blog.models import AuthorLink, AuthorPage, TutorialSeries
from editorial.roles import apply_roles
from home.models import HomeFeaturedItem, HomePage, InfoPage
from importer.cleaning import fold
from importer.pages import find_existing
from importer.problems import ImportProblem
from importer.services import FAILED, ImportResult, ImportSource, story_import

from .accounts import account_for, demo_accounts_ensure
from .files import read_content
from .images import avatar_image, cover_image

DRAWN_COVERS = {".jpg", ".jpeg"}


class DemoContentError(Exception):
    """Demo files that could not be loaded; ``report.failures`` says which, and where."""

    def __init__(self, report, *, wrote_nothing):
        self.report = report
        self.wrote_nothing = wrote_nothing
        super().__init__("; ".join(failure.describe() for failure in report.failures))


@dataclass
class LoadReport:
    created: list = field(default_factory=list)
    existing: int = 0
    failures: list = field(default_factory=list)  # failed ``ImportResult``s


class DemoLoader:
    def __init__(self, *, dry_run=False, with_accounts=None, log=None, content=None):
        self.dry_run = dry_run
        self.with_accounts = settings.DEBUG if with_accounts is None else with_accounts
        self.log = log or (lambda message, level=1: None)
        self.content = content  # the folder, ``demo/content/`` when None
        self.report = LoadReport()
        self.users = {}

    def run(self):
        """Load the demo. Raises ``DemoContentError`` when a file could not be loaded (the
        others are, unless one could not even be read)."""
        content = read_content(self.content)
        if content.problems:
            self.report.failures = content.problems
            raise DemoContentError(self.report, wrote_nothing=True)
        with transaction.atomic():
            home = self.ensure_home(content.site)
            indexes = self.ensure_indexes(home, content.site)
            if self.with_accounts:
                self.users = demo_accounts_ensure(note=self._note, existing=self._existing)
            for spec in content.site.series:
                self.ensure_series(spec)
            for author in content.authors:
                self.ensure_author(indexes[kinds.index_model(AuthorPage)], author)
            self.import_pieces(content.pieces)
            self.ensure_featured(home, content.site.featured)
            for spec in content.pages:
                self.ensure_info_page(home, spec)
            apply_roles(django_apps)  # the workflow on the new indexes, the roles repaired
            if self.dry_run:
                transaction.set_rollback(True)
        if self.report.failures:
            raise DemoContentError(self.report, wrote_nothing=self.dry_run)
        return self.report

    def _note(self, label):
        self.report.created.append(label)
        self.log(("Would create " if self.dry_run else "Created ") + label)

    def _existing(self, label):
        self.report.existing += 1
        self.log(f"Exists: {label}", level=2)

    def ensure_image(self, title, make_bytes, filename):
        Image = get_image_model()
        image = Image.objects.filter(title=title).first()
        if image:
            return image
        self._note(f"image {title!r}")
        if self.dry_run:
            return None  # a dry run writes nothing, not even to storage
        image = Image(title=title, file=ImageFile(io.BytesIO(make_bytes()), filename))
        image._set_image_file_metadata()
        image.save()
        return image

    # Tree --------------------------------------------------------------------------------

    def ensure_home(self, site):
        home = HomePage.objects.first()
        if home is None:
            root = Page.get_first_root_node()
            home = root.add_child(instance=HomePage(title=site.title, slug="home", live=True))
            self._note("home page")
        if home.latest_revision_id is None:
            self._note("home page introduction")
            home.intro = site.intro
            home.save_revision(log_action=False).publish(log_action=False)
        # The site answers where SITE_BASE_URL says, so links in emails and feeds work.
        address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
        wanted = {
            "hostname": address.hostname or "localhost",
            "port": address.port or (443 if address.scheme == "https" else 80),
            "root_page_id": home.pk,
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        default = Site.objects.filter(is_default_site=True).first()
        if default is None:
            Site.objects.create(is_default_site=True, **wanted)
        elif any(getattr(default, key) != value for key, value in wanted.items()):
            Site.objects.filter(pk=default.pk).update(**wanted)
        return home

    def ensure_indexes(self, home, site):
        """The index of every page type (``blog.kinds``), as ``site.yaml`` describes it."""
        indexes = {}
        for model in kinds.models():
            index_model = kinds.index_model(model)
            if index_model not in indexes:
                spec = site.indexes.get(model.kind.key) or {}
                indexes[index_model] = self.ensure_index(home, index_model, model.kind, spec)
        return indexes

    def ensure_index(self, home, model, kind, spec):
        slug = spec.get("slug") or slugify(kind.plural)
        index = model.objects.child_of(home).first()  # one of each (``max_count``)
        if index:
            self._existing(f"index /{index.slug}/")
            return index
        self._note(f"index /{slug}/")
        index = model(
            title=spec.get("title") or kind.plural,
            slug=slug,
            intro=spec.get("intro") or "",
            show_in_menus=True,
        )
        home.add_child(instance=index)
        index.save_revision(log_action=False).publish(log_action=False)
        return index

    # Series and profiles -----------------------------------------------------------------

    def ensure_series(self, spec):
        if TutorialSeries.objects.filter(slug=spec["slug"]).exists():
            self._existing(f"series {spec['title']!r}")
            return
        self._note(f"series {spec['title']!r}")
        TutorialSeries.objects.create(
            slug=spec["slug"], title=spec["title"], description=spec.get("description") or ""
        )

    def ensure_author(self, index, spec):
        if AuthorPage.objects.child_of(index).filter(slug=spec.slug).exists():
            self._existing(f"author {spec.name!r}")
            return
        self._note(f"author {spec.name!r}")
        avatar = self.ensure_image(
            f"Avatar: {spec.name}",
            lambda: avatar_image(spec.name, spec.colour),
            f"avatar-{spec.slug}.png",
        )
        account = account_for(self.users, spec.slug)
        author = AuthorPage(
            title=spec.name,
            slug=spec.slug,
            location=spec.location,
            bio=spec.bio,
            avatar=avatar,
            user=account,
            owner=account,
            links=[
                AuthorLink(kind=kind, url=url, sort_order=position)
                for position, (kind, url) in enumerate(spec.links)
            ],
        )
        index.add_child(instance=author)
        author.save_revision(user=account, log_action=False).publish(log_action=False)

    # Stories and tutorials, through the importer -----------------------------------------

    def import_pieces(self, pieces):
        accounts = {
            fold(profile.title): profile.user
            for profile in AuthorPage.objects.exclude(user=None).select_related("user")
        }
        with tempfile.TemporaryDirectory(prefix="demo-covers-") as staging:
            for piece in pieces:
                owner = accounts.get(fold(piece.story.authors[0])) if piece.story.authors else None
                self.import_piece(piece, owner=owner, staging=Path(staging))

    def import_piece(self, piece, *, owner, staging):
        story, model = piece.story, kinds.model_for(piece.story.kind)
        try:
            existing = find_existing(story, model, user=None)
        except ImportProblem as problem:  # the title is taken by a piece of another type
            failure = ImportResult(piece.name, FAILED, error=problem.message, line=problem.line)
            self.report.failures.append(failure)
            return
        if existing is not None:
            self._existing(f"{model._meta.verbose_name} {story.title!r}")
            return
        folder, root = _cover_folder(piece, staging)
        source = ImportSource(piece.name, piece.data, folder=folder, root=root)
        result = story_import(source=source, owner=owner, publish=True, dry_run=self.dry_run)
        if result.failed:
            self.report.failures.append(result)
            return
        self.report.created.append(result.describe())
        self.log(result.describe())
        for note in result.notes:
            self.log(f"  - {note}", level=2)

    def ensure_info_page(self, home, spec):
        """One of the site's own pages (About, Code of conduct), linked from the footer."""
        if InfoPage.objects.child_of(home).filter(slug=spec.slug).exists():
            self._existing(f"page /{spec.slug}/")
            return
        self._note(f"page /{spec.slug}/")
        page = InfoPage(title=spec.title, slug=spec.slug, body=spec.body)
        home.add_child(instance=page)  # saving cleans: the body is rendered (``InfoPage.clean``)
        page.save_revision(log_action=False).publish(log_action=False)

    def ensure_featured(self, home, slugs):
        if home.featured_items.exists():
            return
        pages = {page.slug: page for page in Page.objects.filter(slug__in=slugs).specific()}
        if not pages:
            return
        self._note(f"{len(pages)} featured picks on the home page")
        home.featured_items = [
            HomeFeaturedItem(page=pages[slug], sort_order=position)
            for position, slug in enumerate(slugs)
            if slug in pages
        ]
        home.save_revision(log_action=False).publish(log_action=False)


def _cover_folder(piece, staging):
    """(folder, root) the importer reads the piece's cover from: the file's own folder when the
    picture is there; else ``staging``, where the .jpg the file names is drawn, seeded by its
    name so every run draws the same picture (and the importer finds the one it added)."""
    ref, own = piece.story.cover_image, (piece.path.parent, piece.root)
    if not ref or ":" in ref or (piece.path.parent / ref).is_file():
        return own
    target = (staging / ref).resolve()
    if PurePosixPath(ref).suffix.lower() not in DRAWN_COVERS or not target.is_relative_to(
        staging.resolve()
    ):
        return own
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(cover_image(target.stem))
    return staging, staging
