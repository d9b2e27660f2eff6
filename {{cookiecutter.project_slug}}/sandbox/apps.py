from django.apps import AppConfig


class SandboxConfig(AppConfig):
    """Runs untrusted Python (students' code) in a WebAssembly sandbox and reports values."""

    name = "sandbox"
    verbose_name = "Bac à sable Python"
