"""Who follows what by email, and what each of them has been sent.

An address (``Follower``) follows one or more targets (``Subscription``): an author, a tag,
a tutorial series or everything, each as "every new piece" or "weekly digest". A
subscription sends nothing until its owner confirms it from the emailed link
(``confirmed_at``). ``Delivery`` and ``DigestDelivery`` are claimed before a message is
handed to the mail queue, under a unique constraint, so no worker, however often it is
restarted, sends anyone a second copy.

None of these is registered in the admin: addresses are shown to nobody.
"""

from django.db import models


class Follower(models.Model):
    email = models.EmailField(max_length=254, unique=True)  # stored lower-cased
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "follower"

    def __str__(self):
        return f"Follower {self.pk}"  # never the address


class Scope(models.TextChoices):
    AUTHOR = "author", "Author"
    TAG = "tag", "Tag"
    SERIES = "series", "Tutorial series"
    ALL = "all", "Everything"


class Frequency(models.TextChoices):
    EACH = "each", "Every new piece"
    WEEKLY = "weekly", "Weekly digest"


class Subscription(models.Model):
    follower = models.ForeignKey(Follower, related_name="subscriptions", on_delete=models.CASCADE)
    scope = models.CharField(max_length=10, choices=Scope.choices)
    # One of these, by scope ("all" has none); the subscription goes with its target.
    author = models.ForeignKey(
        "blog.AuthorPage", null=True, blank=True, related_name="+", on_delete=models.CASCADE
    )
    tag = models.ForeignKey(
        "taggit.Tag", null=True, blank=True, related_name="+", on_delete=models.CASCADE
    )
    series = models.ForeignKey(
        "blog.TutorialSeries", null=True, blank=True, related_name="+", on_delete=models.CASCADE
    )
    # "author:12", "tag:5", "series:3" or "all": one subscription per target and address.
    target_key = models.CharField(max_length=40)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.EACH)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["follower", "target_key"], name="follow_one_subscription_per_target"
            )
        ]
        indexes = [models.Index(fields=["scope", "frequency"], name="follow_sub_scope_freq")]

    def __str__(self):
        return f"Subscription {self.pk} ({self.target_key}, {self.frequency})"

    @property
    def target(self):
        return {"author": self.author, "tag": self.tag, "series": self.series}.get(self.scope)


class Announcement(models.Model):
    """A piece whose first publication was announced (or is being): republishing it later
    announces nothing."""

    page = models.OneToOneField(
        "wagtailcore.Page", related_name="+", on_delete=models.CASCADE, primary_key=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    announced_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Announcement of page {self.page_id}"


class Delivery(models.Model):
    """One email about one piece to one follower, claimed before it is queued."""

    follower = models.ForeignKey(Follower, related_name="+", on_delete=models.CASCADE)
    page = models.ForeignKey("wagtailcore.Page", related_name="+", on_delete=models.CASCADE)
    claim = models.CharField(max_length=32)  # the run that claimed it
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["follower", "page"], name="follow_one_email_per_piece")
        ]

    def __str__(self):
        return f"Delivery of page {self.page_id} to follower {self.follower_id}"


class DigestDelivery(models.Model):
    """One weekly digest to one follower, claimed before it is queued. ``week`` is the ISO
    week ("2026-W49"); ``until`` the moment its pieces were read up to (the next digest
    starts there)."""

    follower = models.ForeignKey(Follower, related_name="digests", on_delete=models.CASCADE)
    week = models.CharField(max_length=8)
    until = models.DateTimeField()
    pieces = models.PositiveIntegerField(default=0)
    claim = models.CharField(max_length=32)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "digest deliveries"
        constraints = [
            models.UniqueConstraint(fields=["follower", "week"], name="follow_one_digest_per_week")
        ]

    def __str__(self):
        return f"Digest {self.week} to follower {self.follower_id}"
