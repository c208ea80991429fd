"""A tutorial's series: found by title or slug, or created (when whoever imports may add
series), with the tutorial's part number, or the next one after the series' last part.
"""

from django.db.models import Max, Q
from django.utils.text import slugify

from blog.models import TutorialSeries

from .kinds import TUTORIAL

TITLE_MAX_LENGTH = TutorialSeries._meta.get_field("title").max_length
SLUG_MAX_LENGTH = TutorialSeries._meta.get_field("slug").max_length
SLUG_SUFFIX_ROOM = 10  # a clash's "-2", "-3"… must still fit


def series_for(story, notes, *, user):
    """(series, part number) for a tutorial that names a series, else (None, None)."""
    if story.kind != TUTORIAL or not story.series:
        return None, None
    slug = slugify(story.series)[:SLUG_MAX_LENGTH] or "series"
    series = TutorialSeries.objects.filter(Q(title__iexact=story.series) | Q(slug=slug)).first()
    if series is None:
        if user is not None and not user.has_perm("blog.add_tutorialseries"):
            notes.append(f"series “{story.series}” does not exist: left out of a series")
            return None, None
        series = _series_create(story.series, slug)
        notes.append(f"created the tutorial series “{series.title}”")
    position = story.series_position
    if position is None:
        last = series.tutorials.aggregate(last=Max("series_position"))["last"] or 0
        position = last + 1
        notes.append(f"no part number given: made it part {position} of “{series.title}”")
    return series, position


def _series_create(title, slug):
    taken = set(TutorialSeries.objects.filter(slug__startswith=slug).values_list("slug", flat=True))
    unique, n = slug, 2
    while unique in taken:
        unique, n = f"{slug[: SLUG_MAX_LENGTH - SLUG_SUFFIX_ROOM]}-{n}", n + 1
    return TutorialSeries.objects.create(title=title[:TITLE_MAX_LENGTH], slug=unique)
