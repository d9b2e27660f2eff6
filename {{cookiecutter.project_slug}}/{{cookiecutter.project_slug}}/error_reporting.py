"""What Django's error reports (the DEBUG page, the error e-mails) may show: no URL credentials.

Django already hides settings and META entries whose NAME looks secret (``SECRET_KEY``,
``PASSWORD`` …), but not a password inside a value: ``CACHES["default"]["LOCATION"]``,
``REDIS_URL`` and, under runserver, the whole environment in ``request.META``
(``DATABASE_URL=postgres://user:password@…``). This filter masks the credentials of every
URL-looking value (see ``caching.credentials.redact``), keeping host, port and database
readable, in settings, in META and in the traceback's local variables.
"""

import re

from django.template.defaultfilters import pprint
from django.views.debug import SafeExceptionReporterFilter

from caching.credentials import redact

# Local variables hidden by name. Narrower than Django's list for settings: "key" is a cache key here.
SECRET_VARIABLE = re.compile(r"pass|secret|token", re.IGNORECASE)


class Redacted:
    """A variable whose printed form held a credential: the debug page shows this text instead."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


class CredentialsReporterFilter(SafeExceptionReporterFilter):
    def cleanse_setting(self, key, value):
        # Django recurses into dicts, lists and tuples through this method: strings at any depth come here.
        cleansed = super().cleanse_setting(key, value)
        return redact(cleansed) if isinstance(cleansed, str) else cleansed

    def get_traceback_frame_variables(self, request, tb_frame):
        # Even with DEBUG on (where Django cleanses nothing here): that is when the page is shown.
        variables = super().get_traceback_frame_variables(request, tb_frame)
        return [(name, self.cleanse_variable(name, value)) for name, value in variables]

    def cleanse_variable(self, name, value):
        """A local variable as the report prints it, its credentials masked (by name or inside URLs)."""
        if SECRET_VARIABLE.search(name):
            return self.cleansed_substitute
        if isinstance(value, (str, dict, list, tuple)):
            return self.cleanse_setting("", value)
        # Any other object: the page prints its repr, which may embed a URL (a pool, a parse result…).
        text = pprint(value)
        redacted = redact(text)
        return value if redacted == text else Redacted(redacted)
