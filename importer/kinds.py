"""The page types a file can become, and everything the importer and the export know about
each: the words a front matter's ``type`` uses for it, its model, the index it goes under,
and its own fields. The one place to change when a page type is added.
"""

from blog.models import JourneyStoryPage, StoryIndexPage, TutorialIndexPage, TutorialPage

STORY = "story"
TUTORIAL = "tutorial"
# A front matter's "type" (or "kind"), folded, → the page type. A file without one is a story.
KINDS = {
    "story": STORY, "journey": STORY, "journeystory": STORY, "post": STORY, "article": STORY,
    "blog": STORY, "blogpost": STORY,
    "tutorial": TUTORIAL, "guide": TUTORIAL, "howto": TUTORIAL, "walkthrough": TUTORIAL,
}  # fmt: skip
MODELS = {STORY: JourneyStoryPage, TUTORIAL: TutorialPage}
KIND_OF_MODEL = {model: kind for kind, model in MODELS.items()}
INDEXES = {STORY: StoryIndexPage, TUTORIAL: TutorialIndexPage}
# The fields a file sets on a page of that type, besides those every piece has.
TYPE_FIELDS = {
    STORY: ["starting_point", "country", "city", "journey_started_year"],
    TUTORIAL: ["difficulty", "estimated_minutes", "prerequisites", "series_id", "series_position"],
}
