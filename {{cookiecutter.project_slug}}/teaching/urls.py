"""The teacher pages, mounted by the project's URLconf in the "classes" namespace (accounts'
class list, join and create pages), under classes/."""

from django.urls import path

from . import views

classroom_pages = [
    path("<int:classroom_id>/", views.classroom, name="detail"),
    path("<int:classroom_id>/export.csv", views.classroom_csv, name="export"),
    path("<int:classroom_id>/classement/", views.class_leaderboard, name="leaderboard"),
    path("<int:classroom_id>/travaux/", views.assignments, name="assignments"),
    path(
        "<int:classroom_id>/travaux/<int:assignment_id>/retirer/", views.withdraw_assignment, name="withdraw_assignment"
    ),
    path("<int:classroom_id>/code/", views.renew_code, name="renew_code"),
    path("<int:classroom_id>/eleves/<int:student_id>/", views.student_detail, name="student"),
    path("<int:classroom_id>/eleves/<int:student_id>/retirer/", views.remove_student, name="remove_student"),
]
