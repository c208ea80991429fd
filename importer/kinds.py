"""What the importer and the export know of the page types a file can become, read from the
page-type registry (``blog.kinds``): the words a front matter's ``type`` may use for each, its
model, the index it goes under and its own fields. Nothing here names a type but the two whose
own fields the importer reads (a journey's and a tutorial's).
"""

from blog import kinds
from blog.models import JourneyStoryPage, TutorialPage

from .frontmatter import fold_key

# A file without a ``type`` is a journey story.
STORY = JourneyStoryPage.kind.key
TUTORIAL = TutorialPage.kind.key

_ARTICLES = kinds.article_models()
# A front matter's "type" (or "kind"), folded, → the page type's key.
KINDS = {
    fold_key(word): model.kind.key
    for model in _ARTICLES
    for word in (model.kind.key, model.kind.label, *model.kind.import_aliases)
}
MODELS = {model.kind.key: model for model in _ARTICLES}
KIND_OF_MODEL = {model: key for key, model in MODELS.items()}
INDEXES = {key: kinds.index_model(model) for key, model in MODELS.items()}
# The columns a file sets on a page of that type, besides those every piece has.
TYPE_FIELDS = {
    key: [model._meta.get_field(name).attname for name in model.kind.fields]
    for key, model in MODELS.items()
}
