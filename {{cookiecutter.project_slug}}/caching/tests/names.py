"""Key names for the cache layer's own tests: any project's keys behave alike."""

from caching import keys

LIST = "test_list"
COUNT = "test_count"
OTHER = "test_other"


def item(name) -> str:
    return f"test_item_{keys.part(name)}"


def page(name) -> str:
    return f"test_page_{keys.part(name)}"


def stats(user_id) -> str:
    return f"test_stats_{keys.part(user_id)}"


def recent(user_id) -> str:
    return f"test_recent_{keys.part(user_id)}"


def progress(user_id, other_id) -> str:
    return f"test_progress_{keys.part(user_id)}_{keys.part(other_id)}"
