"""``manage.py check`` of the media bucket(s): only when a storage is on S3.

Each bucket is asked once (HEAD bucket) with short timeouts and no retries, so a check of a
store that is down takes seconds. Run only these checks with ``manage.py check --tag storage``.
"""

from urllib.parse import urlsplit

from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    NoCredentialsError,
    ParamValidationError,
)
from django.core.checks import Error, register

from .storage import s3_storages

PROBE = Config(connect_timeout=3, read_timeout=5, retries={"max_attempts": 1, "mode": "standard"})

ROLES = {
    "default": "original images and documents",
    "renditions": "image renditions",
    "staticfiles": "static files",
}
PERMISSIONS = (
    "The credentials need s3:ListBucket on the bucket and s3:GetObject, s3:PutObject and "
    "s3:DeleteObject on its objects."
)


@register("storage")
def check_media_buckets(app_configs=None, **kwargs):
    errors = []
    asked = set()
    for alias, storage in s3_storages():
        problem = configuration_problem(alias, storage)
        if problem:
            errors.append(problem)
            continue
        where = (storage.endpoint_url, storage.bucket_name)
        if where not in asked:
            asked.add(where)
            problem = bucket_problem(alias, storage)
            if problem:
                errors.append(problem)
    return errors


def _label(alias, storage):
    role = ROLES.get(alias, f"the {alias!r} storage")
    endpoint = storage.endpoint_url or "AWS S3"
    return f"The media bucket {storage.bucket_name!r} ({role}) at {endpoint}"


def configuration_problem(alias, storage):
    """What is wrong in the settings themselves, found without asking the store."""
    if not storage.bucket_name:
        return Error(
            f"The {alias!r} storage is on S3 but has no bucket name.",
            hint="Set AWS_STORAGE_BUCKET_NAME.",
            id="uploads.E007",
        )
    if storage.endpoint_url:
        parts = urlsplit(storage.endpoint_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return Error(
                f"AWS_S3_ENDPOINT_URL {storage.endpoint_url!r} is not a URL.",
                hint="Give the store's address with its scheme, e.g. https://s3.example.com; "
                "leave it empty for AWS S3 itself.",
                id="uploads.E005",
            )
    domain = storage.custom_domain
    if domain and ("://" in domain or "/" in domain):
        host = urlsplit(domain if "://" in domain else f"//{domain}").netloc
        return Error(
            f"AWS_S3_CUSTOM_DOMAIN {domain!r} is not a host name: image URLs would be broken.",
            hint=f"Give the CDN's host name only: AWS_S3_CUSTOM_DOMAIN={host}.",
            id="uploads.E006",
        )
    return None


def bucket_problem(alias, storage):
    """Ask the store whether the bucket is there and ours; an Error saying what to fix, or
    None. Also used by ``copy_media_to_s3`` before it starts."""
    label = _label(alias, storage)
    try:
        # The storage's own session (its credentials or profile), with the probe's timeouts.
        client = storage._create_session().client(
            "s3",
            region_name=storage.region_name,
            endpoint_url=storage.endpoint_url,
            use_ssl=storage.use_ssl,
            verify=storage.verify,
            config=storage.client_config.merge(PROBE),
        )
        client.head_bucket(Bucket=storage.bucket_name)
    except NoCredentialsError:
        return Error(
            f"{label} cannot be checked: there are no AWS credentials.",
            hint="Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or give the server a role).",
            id="uploads.E004",
        )
    except ParamValidationError as error:
        return Error(
            f"{label} cannot be asked for: {error}",
            hint="Check AWS_STORAGE_BUCKET_NAME: 3 to 63 lowercase letters, digits, dots, dashes.",
            id="uploads.E007",
        )
    except ClientError as error:
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        code = error.response.get("Error", {}).get("Code", "")
        if status == 404 or code in ("404", "NoSuchBucket"):
            return Error(
                f"{label} does not exist.",
                hint="Create the bucket, or correct AWS_STORAGE_BUCKET_NAME and "
                "AWS_S3_REGION_NAME.",
                id="uploads.E002",
            )
        return Error(
            f"{label} refuses these credentials ({code or status}).",
            hint="Check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. " + PERMISSIONS,
            id="uploads.E003",
        )
    except (BotoCoreError, ValueError) as error:
        return Error(
            f"{label} cannot be reached: {error}",
            hint="Check AWS_S3_ENDPOINT_URL and AWS_S3_REGION_NAME, and that this server can "
            "reach the store (network, firewall, DNS).",
            id="uploads.E001",
        )
    return None
