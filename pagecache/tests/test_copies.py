"""A process's bounded copies of the pages it served last."""

from pagecache.copies import Copies


def test_the_least_recently_served_page_goes_first():
    copies = Copies(2)
    copies.put("a", {"page": "a"})
    copies.put("b", {"page": "b"})
    assert copies.get("a") == {"page": "a"}  # now "b" is the oldest
    copies.put("c", {"page": "c"})
    assert copies.get("b") is None
    assert copies.get("a") == {"page": "a"}
    assert copies.get("c") == {"page": "c"}


def test_size_zero_keeps_nothing():
    copies = Copies(0)
    copies.put("a", {"page": "a"})
    assert copies.get("a") is None
