from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .forms import PublicNameRules
from .models import Classroom, Enrollment, User


class UserChangeForm(PublicNameRules, UserAdmin.form):
    pass


class UserAddForm(PublicNameRules, UserAdmin.add_form):
    pass


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    # The admin keeps usernames and pseudos apart as the sign-up and profile forms do.
    form = UserChangeForm
    add_form = UserAddForm
    list_display = ("username", "pseudo", "role", "xp", "level", "is_active")
    list_filter = ("role", "is_active", "is_staff")
    search_fields = ("username", "pseudo", "first_name", "last_name", "email")
    fieldsets = (*UserAdmin.fieldsets, ("Portail NSI", {"fields": ("role", "pseudo", "xp", "level")}))
    add_fieldsets = (*UserAdmin.add_fieldsets, ("Portail NSI", {"fields": ("role", "pseudo")}))
    # Staff status follows the role (User.save): a box ticked here would be undone on save.
    readonly_fields = ("is_staff",)


class EnrollmentInline(admin.TabularInline):
    model = Enrollment
    extra = 0
    raw_id_fields = ("student",)


@admin.register(Classroom)
class ClassroomAdmin(admin.ModelAdmin):
    list_display = ("name", "teacher", "join_code", "created_at")
    search_fields = ("name", "join_code", "teacher__username")
    inlines = [EnrollmentInline]


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ("student", "classroom", "joined_at")
    list_filter = ("classroom",)
    raw_id_fields = ("student",)
