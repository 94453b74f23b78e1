from django.urls import path

from dangbo.documents import views

app_name = "documents"

urlpatterns = [
    path("", views.document_list, name="document-list"),
    path("them/", views.document_create, name="document-create"),
    path("cay/", views.document_tree_page, name="document-tree"),
    path("<int:pk>/", views.document_detail, name="document-detail"),
    path("<int:pk>/sua/", views.document_edit, name="document-edit"),
    path("<int:pk>/ban-hanh/", views.document_issue, name="document-issue"),
    path("<int:pk>/thay-the/", views.document_replace, name="document-replace"),
    path("<int:pk>/dinh-kem/", views.document_attach, name="document-attach"),
    path("tep/<int:pk>/", views.attachment_download, name="attachment-download"),
]
