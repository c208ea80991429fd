"""The media bucket's public-read policy: anyone may read the renditions (``public/``, what
pages show), nothing else; originals and documents stay reachable only through signed URLs.

The statement is ours by its ``Sid``: putting it keeps every other statement of the bucket's
policy (a CDN's origin access, say) and changes nothing when it is already there, so the
release step (``manage.py release --bucket-policy``) may run any number of times. "Already
there" is read the way stores write it back: MinIO answers ``"Principal": {"AWS": ["*"]}``
and lists where it was sent strings, and may drop the Sid.
"""

import json
from dataclasses import dataclass

from botocore.exceptions import ClientError
from django.core.files.storage import storages
from storages.backends.s3 import S3Storage

from .storage import RENDITIONS

SID = "PublicRenditions"


def public_statement(bucket, prefix="public/"):
    return {
        "Sid": SID,
        "Effect": "Allow",
        "Principal": "*",
        "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{bucket}/{prefix}*",
    }


def _as_set(value):
    return frozenset([value] if isinstance(value, str) else value or [])


def _meaning(statement):
    """What a statement allows, however the store spelt it."""
    principal = statement.get("Principal")
    if isinstance(principal, dict):
        principal = {key: _as_set(value) for key, value in principal.items()}
    if principal == "*" or principal == {"AWS": frozenset({"*"})}:
        principal = "anyone"
    return (
        statement.get("Effect"),
        repr(principal),
        _as_set(statement.get("Action")),
        _as_set(statement.get("Resource")),
        repr(statement.get("Condition")),
    )


def has_public_renditions(policy, bucket, prefix="public/"):
    wanted = _meaning(public_statement(bucket, prefix))
    return any(_meaning(item) == wanted for item in (policy or {}).get("Statement", []))


def policy_with_public_renditions(current, bucket, prefix="public/"):
    """``current`` (a policy as a dict, or None) with our statement in place of any older one
    of the same Sid, the others kept in their order."""
    current = current or {"Version": "2012-10-17", "Statement": []}
    others = [item for item in current.get("Statement", []) if item.get("Sid") != SID]
    return {**current, "Statement": [*others, public_statement(bucket, prefix)]}


@dataclass(frozen=True)
class Outcome:
    bucket: str
    changed: bool
    policy: dict


def renditions_location():
    """(S3 client, bucket, prefix) of the public renditions storage, or None without S3."""
    storage = storages[RENDITIONS]
    if not isinstance(storage, S3Storage):
        return None
    prefix = f"{storage.location.strip('/')}/" if storage.location else ""
    return storage.connection.meta.client, storage.bucket_name, prefix


def current_policy(client, bucket):
    try:
        return json.loads(client.get_bucket_policy(Bucket=bucket)["Policy"])
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") == "NoSuchBucketPolicy":
            return None
        raise


def bucket_policy_apply(*, dry_run=False):
    """Give the renditions' bucket the public-read statement if it lacks it. None when media
    is not on S3."""
    location = renditions_location()
    if location is None:
        return None
    client, bucket, prefix = location
    current = current_policy(client, bucket)
    if has_public_renditions(current, bucket, prefix):
        return Outcome(bucket=bucket, changed=False, policy=current)
    wanted = policy_with_public_renditions(current, bucket, prefix)
    if not dry_run:
        client.put_bucket_policy(Bucket=bucket, Policy=json.dumps(wanted))
    return Outcome(bucket=bucket, changed=True, policy=wanted)
