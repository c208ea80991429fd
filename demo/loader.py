"""Builds the demo site: page tree, authors, series, stories, tutorials, featured picks and,
on a developer's machine, demo accounts.

Everything is keyed by slug (pages, series) or title (images) and only created when missing,
so a second run changes nothing. Images go through ``default_storage`` via Wagtail's image
model, so the same code fills a local media folder or an S3 bucket.
"""

import datetime
import io
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from blog.models import (
    ArticleAuthor,
    AuthorIndexPage,
    AuthorLink,
    AuthorPage,
    JourneyMilestone,
    JourneyStoryPage,
    StoryIndexPage,
    TutorialIndexPage,
    TutorialPage,
    TutorialSeries,
)
from editorial.roles import apply_roles
from home.models import HomeFeaturedItem, HomePage

from . import data
from .images import avatar_image, cover_image

INDEXES = [
    (StoryIndexPage, "journeys", "Journeys",
     "First-person stories from people who became backend developers: where they started, "
     "what helped, what they would tell you."),
    (TutorialIndexPage, "tutorials", "Tutorials",
     "Hands-on guides to the backend skills our writers needed first, some in short series."),
    (AuthorIndexPage, "authors", "Authors", "The people who write for Backend Journeys."),
]  # fmt: skip

# Demo logins exist only while DEBUG is on; they are printed by `make run`.
DEMO_ACCOUNTS = [
    # username, password, group, superuser, author slug whose profile and pieces they own
    ("admin", "journeys-admin-demo", None, True, None),
    ("editor", "journeys-editor-demo", "Editors", False, "rafael-ortega"),
    ("contributor", "journeys-contributor-demo", "Contributors", False, "priya-raghunathan"),
]


@dataclass
class LoadReport:
    created: list = field(default_factory=list)
    existing: int = 0

    def add(self, label):
        self.created.append(label)


class DemoLoader:
    def __init__(self, *, dry_run=False, with_accounts=None, log=None):
        self.dry_run = dry_run
        self.with_accounts = settings.DEBUG if with_accounts is None else with_accounts
        self.log = log or (lambda message: None)
        self.report = LoadReport()
        self.authors = {}
        self.series = {}
        self.users = {}

    # Entry point -------------------------------------------------------------------------

    def run(self):
        with transaction.atomic():
            home = self.ensure_home()
            indexes = {model: self.ensure_index(home, model, *rest) for model, *rest in INDEXES}
            if self.with_accounts:
                self.ensure_accounts()
            for series in data.SERIES:
                self.ensure_series(series)
            for author in data.AUTHORS:
                self.ensure_author(indexes[AuthorIndexPage], author)
            for story in data.STORIES:
                self.ensure_article(indexes[StoryIndexPage], JourneyStoryPage, story)
            for tutorial in data.TUTORIALS:
                self.ensure_article(indexes[TutorialIndexPage], TutorialPage, tutorial)
            self.ensure_featured(home)
            apply_roles(django_apps)  # the workflow on the new indexes, the roles repaired
            if self.dry_run:
                transaction.set_rollback(True)
        return self.report

    # Helpers -----------------------------------------------------------------------------

    def _note(self, label):
        self.report.add(label)
        self.log(("Would create " if self.dry_run else "Created ") + label)

    def _existing(self, label):
        self.report.existing += 1
        self.log(f"Exists: {label}")

    def ensure_image(self, title, description, make_bytes, filename):
        Image = get_image_model()
        image = Image.objects.filter(title=title).first()
        if image:
            return image
        self._note(f"image {title!r}")
        if self.dry_run:
            return None  # a dry run writes nothing, not even to storage
        image = Image(
            title=title, description=description, file=ImageFile(io.BytesIO(make_bytes()), filename)
        )
        image._set_image_file_metadata()
        image.save()
        return image

    # Tree --------------------------------------------------------------------------------

    def ensure_home(self):
        home = HomePage.objects.first()
        if home is None:
            root = Page.get_first_root_node()
            home = root.add_child(
                instance=HomePage(title="Backend Journeys", slug="home", live=True)
            )
            self._note("home page")
        if home.latest_revision_id is None:
            self._note("home page introduction")
            home.intro = (
                "Stories and tutorials from people who became backend developers: a cashier "
                "who found Django, a frontend veteran moving to the server, a graduate after "
                "her first interview. Read how they did it, and how to do it yourself."
            )
            home.save_revision(log_action=False).publish(log_action=False)
        # The site answers where SITE_BASE_URL says, so links in emails and feeds work.
        address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
        wanted = {
            "hostname": address.hostname or "localhost",
            "port": address.port or (443 if address.scheme == "https" else 80),
            "root_page_id": home.pk,
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(is_default_site=True, **wanted)
        elif any(getattr(site, key) != value for key, value in wanted.items()):
            Site.objects.filter(pk=site.pk).update(**wanted)
        return home

    def ensure_index(self, home, model, slug, title, intro):
        index = model.objects.child_of(home).filter(slug=slug).first()
        if index:
            self._existing(f"index /{slug}/")
            return index
        self._note(f"index /{slug}/")
        index = model(title=title, slug=slug, intro=intro, show_in_menus=True)
        home.add_child(instance=index)
        index.save_revision(log_action=False).publish(log_action=False)
        return index

    # Accounts ----------------------------------------------------------------------------

    def ensure_accounts(self):
        User = get_user_model()
        for username, password, group_name, is_superuser, _author in DEMO_ACCOUNTS:
            user = User.objects.filter(username=username).first()
            if user is None:
                self._note(f"demo account {username!r}")
                user = User(
                    username=username,
                    email=f"{username}@example.com",
                    first_name=username.capitalize(),
                    last_name="Demo",
                    is_staff=is_superuser,
                    is_superuser=is_superuser,
                )
                user.set_password(password)
                user.save()
            else:
                self._existing(f"demo account {username!r}")
            if group_name:
                group = Group.objects.filter(name=group_name).first()
                if group and not user.groups.filter(pk=group.pk).exists():
                    user.groups.add(group)
            self.users[username] = user

    def _owner_for(self, author_slug):
        for username, _password, _group, _superuser, author in DEMO_ACCOUNTS:
            if author == author_slug and username in self.users:
                return self.users[username]
        return None

    # Content -----------------------------------------------------------------------------

    def ensure_series(self, spec):
        series = TutorialSeries.objects.filter(slug=spec["slug"]).first()
        if series is None:
            self._note(f"series {spec['title']!r}")
            series = TutorialSeries.objects.create(
                slug=spec["slug"], title=spec["title"], description=spec["description"]
            )
        else:
            self._existing(f"series {spec['title']!r}")
        self.series[spec["slug"]] = series

    def ensure_author(self, index, spec):
        author = AuthorPage.objects.child_of(index).filter(slug=spec["slug"]).first()
        if author:
            self._existing(f"author {spec['name']!r}")
            self.authors[spec["slug"]] = author
            return
        self._note(f"author {spec['name']!r}")
        avatar = self.ensure_image(
            f"Avatar: {spec['name']}",
            "",  # decorative: the name is always shown beside it
            lambda: avatar_image(spec["name"], spec["colour"]),
            f"avatar-{spec['slug']}.png",
        )
        owner = self._owner_for(spec["slug"])
        author = AuthorPage(
            title=spec["name"],
            slug=spec["slug"],
            location=spec["location"],
            bio=spec["bio"],
            avatar=avatar,
            user=owner,
            owner=owner,
        )
        for position, (kind, url) in enumerate(spec["links"]):
            author.links.add(AuthorLink(kind=kind, url=url, sort_order=position))
        index.add_child(instance=author)
        author.save_revision(user=owner, log_action=False).publish(log_action=False)
        self.authors[spec["slug"]] = author

    def ensure_article(self, index, model, spec):
        label = f"{model._meta.verbose_name} {spec['title']!r}"
        if model.objects.child_of(index).filter(slug=spec["slug"]).exists():
            self._existing(label)
            return
        self._note(label)
        cover = self.ensure_image(
            f"Cover: {spec['title']}",
            "An abstract illustration: a winding path over a two-colour gradient.",
            lambda: cover_image(spec["slug"]),
            f"cover-{spec['slug']}.jpg",
        )
        owner = self._owner_for(spec["authors"][0])
        page = model(
            title=spec["title"],
            slug=spec["slug"],
            summary=spec["summary"],
            body=spec["body"],
            cover_image=cover,
            original_published_at=_date(spec.get("original_published_at")),
            canonical_url=spec.get("canonical_url") or "",
            owner=owner,
            live=spec["live"],
            **self._type_fields(model, spec),
        )
        for position, slug in enumerate(spec["authors"]):
            page.article_authors.add(ArticleAuthor(author=self.authors[slug], sort_order=position))
        if model is JourneyStoryPage:
            for position, (year, text) in enumerate(spec["milestones"]):
                page.milestones.add(JourneyMilestone(year=year, text=text, sort_order=position))
        page.tags.add(*spec["tags"])
        index.add_child(instance=page)
        revision = page.save_revision(user=owner, log_action=False)
        if spec["live"]:
            revision.publish(log_action=False)
            published = timezone.make_aware(
                datetime.datetime.combine(_date(spec["published"]), datetime.time(9, 0))
            )
            model.objects.filter(pk=page.pk).update(
                first_published_at=published, last_published_at=published
            )

    def _type_fields(self, model, spec):
        if model is JourneyStoryPage:
            return {
                "starting_point": spec["starting_point"],
                "country": spec["country"],
                "city": spec["city"],
                "journey_started_year": spec["journey_started_year"],
            }
        return {
            "difficulty": spec["difficulty"],
            "estimated_minutes": spec["estimated_minutes"],
            "prerequisites": spec["prerequisites"],
            "series": self.series[spec["series"]] if spec.get("series") else None,
            "series_position": spec.get("series_position"),
        }

    def ensure_featured(self, home):
        if home.featured_items.exists():
            return
        slugs = [spec["slug"] for spec in data.STORIES + data.TUTORIALS if spec.get("featured")]
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


def _date(value):
    return datetime.date.fromisoformat(value) if value else None
