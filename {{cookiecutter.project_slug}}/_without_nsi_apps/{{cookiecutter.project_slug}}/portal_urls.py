"""Your apps' pages, mounted by urls.py (this project was generated without the NSI apps)."""

urlpatterns: list = []
