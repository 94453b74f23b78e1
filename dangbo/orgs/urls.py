from django.urls import path

from dangbo.orgs import views

app_name = "orgs"

urlpatterns = [
    path("", views.tree, name="tree"),
    path("tim/", views.org_search, name="org-search"),
    path("lich-su/", views.tree_history, name="tree-history"),
    path("<int:pk>/", views.org_detail, name="org-detail"),
    path("<int:pk>/con/", views.org_children, name="org-children"),
    path("<int:pk>/them-don-vi/", views.org_create, name="org-create"),
    path("<int:pk>/doi-ten/", views.org_rename, name="org-rename"),
    path("<int:pk>/chuyen/", views.org_move, name="org-move"),
    path("<int:pk>/hop-nhat/", views.org_merge, name="org-merge"),
    path("<int:pk>/chia-tach/", views.org_split, name="org-split"),
    path("<int:pk>/giai-the/", views.org_dissolve, name="org-dissolve"),
    path("<int:pk>/nhiem-ky/them/", views.term_create, name="term-create"),
    path("<int:pk>/cap-uy/them/", views.committee_create, name="committee-create"),
    path("cap-uy/<int:committee_pk>/them-uy-vien/", views.seat_add, name="seat-add"),
    path("uy-vien/<int:seat_pk>/ket-thuc/", views.seat_end, name="seat-end"),
    path("uy-vien/<int:seat_pk>/phu-trach/", views.assignment_add, name="assignment-add"),
]
