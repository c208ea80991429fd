"""A file's cover image. A picture next to the file is checked as an admin upload is and
added to the image library, or the same picture already there is used; a web address, or a
picture an upload does not carry, is noted for an editor to add in the admin.
"""

import io
import re
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from wagtail.images import get_image_model
from wagtail.utils.file import hash_filelike

from uploads.forms import checked_image_file

from . import cleaning

_WEB_ADDRESS = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


def cover_image(story, source, notes, *, stored, dry_run):
    """The image for ``story.cover_image``, or ``None`` with a note saying why. A new image's
    file is added to ``stored``, for the caller to delete if the file's import fails."""
    path = _local_file(story.cover_image, source, notes)
    if path is None:
        return None
    data = path.read_bytes()
    Image = get_image_model()
    existing = Image.objects.filter(file_hash=hash_filelike(io.BytesIO(data))).first()
    if existing is not None:
        return existing
    ref = story.cover_image
    try:
        # What the admin's image upload checks (format, size, frames and pixels, every
        # frame decoding), with its messages: a file here is as untrusted as an upload.
        checked = checked_image_file(path.name, data)
    except ValidationError as error:
        notes.append(f"cover image {ref} left out: {' '.join(error.messages)}")
        return None
    if dry_run:
        notes.append(f"would add the cover image {path.name}")
        return None
    title = story.cover_image_alt or Path(ref).stem
    image = Image(
        title=cleaning.shorten(title, 255, 240),
        description=story.cover_image_alt,
        file=ImageFile(checked, name=path.name),
    )
    image._set_image_file_metadata()
    image.save()
    stored.append(image.file)
    notes.append(f"added the cover image {path.name}")
    return image


def _local_file(ref, source, notes):
    """The picture ``ref`` names inside the source's folder, or ``None`` with a note."""
    if not ref:
        return None
    if _WEB_ADDRESS.match(ref):
        notes.append(f"cover image not downloaded (add it in the admin): {ref}")
        return None
    if source.folder is None:
        notes.append(f"cover image {ref} is not part of the upload: add it in the admin")
        return None
    path = (source.folder / ref).resolve()
    root = (source.root or source.folder).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        notes.append(f"cover image {ref} not found next to the file")
        return None
    return path
