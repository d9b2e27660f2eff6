"""What exercises announce to the apps above it, which it never imports (see tests/test_app_layers.py).

answer_passed is sent with `attempt` when an attempt earns its exercise's XP: once per student
and exercise, inside the transaction that records the attempt and adds the XP, so a receiver's
writes commit or roll back with them (gamification awards its badges there).
"""

from django.dispatch import Signal

answer_passed = Signal()
