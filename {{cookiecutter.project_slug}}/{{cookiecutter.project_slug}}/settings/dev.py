"""Local development: debug pages, and a throwaway key when .env has none."""

from .base import *  # noqa: F403
from .base import SECRET_KEY, env_bool

DEBUG = env_bool("DEBUG", True)
# Only for a project run without its .env; post-generation wrote a real key into .env.
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"
