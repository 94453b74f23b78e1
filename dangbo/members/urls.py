from django.urls import path

from dangbo.members import views

app_name = "members"

urlpatterns = [
    path("", views.member_list, name="member-list"),
    path("cot/", views.member_columns, name="member-columns"),
    path("xuat/", views.member_export, name="member-export"),
    path("thong-ke/", views.member_statistics_page, name="statistics"),
    path("thong-ke/xlsx/", views.member_statistics_xlsx, name="statistics-xlsx"),
    path("<int:pk>/", views.member_detail, name="member-detail"),
    # Putting members on the roll, editing records, one form per event (views/edit.py, events.py).
    path("ket-nap/", views.member_admit, name="member-admit"),
    path("nhap-ho-so/", views.member_create, name="member-create"),
    path("<int:pk>/sua/", views.member_edit, name="member-edit"),
    path("<int:pk>/qua-trinh/<slug:kind>/", views.event_create, name="event-create"),
    path("qua-trinh/<int:event_pk>/dinh-chinh/", views.event_correct, name="event-correct"),
    path("to-chuc/<int:org_pk>/so-luong/", views.org_member_counts, name="org-counts"),
    # Chuyển sinh hoạt đảng and the staff's work list (views/transfer*.py, views/worklists.py).
    path("chuyen-sinh-hoat/", views.transfer_list, name="transfer-list"),
    path("chuyen-sinh-hoat/moi/", views.transfer_create, name="transfer-create"),
    path("chuyen-sinh-hoat/noi-den/", views.transfer_destinations, name="transfer-destinations"),
    path("chuyen-sinh-hoat/han/", views.transfer_deadlines, name="transfer-deadlines"),
    path("chuyen-sinh-hoat/<int:pk>/tiep-nhan/", views.transfer_receive, name="transfer-receive"),
    path("chuyen-sinh-hoat/<int:pk>/huy/", views.transfer_cancel, name="transfer-cancel"),
    path("<int:pk>/ket-thuc-tam-thoi/", views.temporary_end, name="temporary-transfer-end"),
    path("viec-can-lam/", views.worklist, name="worklist"),
    # A member's own view and what staff do about it (views/corrections.py, photos.py,
    # account_link.py): correction requests, the 3x4 photo, the linked login.
    path("<int:pk>/de-nghi-dinh-chinh/", views.correction_create, name="correction-create"),
    path("de-nghi-dinh-chinh/", views.correction_list, name="correction-list"),
    path(
        "de-nghi-dinh-chinh/<int:pk>/dinh-chinh/",
        views.correction_approve,
        name="correction-approve",
    ),
    path(
        "de-nghi-dinh-chinh/<int:pk>/khong-chap-nhan/",
        views.correction_refuse,
        name="correction-refuse",
    ),
    path("<int:pk>/anh/", views.member_photo, name="member-photo"),
    path("<int:pk>/anh/cap-nhat/", views.member_photo_upload, name="member-photo-upload"),
    path("<int:pk>/tai-khoan/", views.member_account, name="member-account"),
    # Printable documents: phiếu đảng viên (views/documents.py), badges due (views/badges.py).
    path("<int:pk>/phieu.pdf", views.member_pdf, name="member-pdf"),
    path("<int:pk>/phieu.docx", views.member_docx, name="member-docx"),
    path("huy-hieu/", views.badges_due, name="badges-due"),
    path("huy-hieu/danh-sach.pdf", views.badges_due_pdf, name="badges-due-pdf"),
    path("huy-hieu/danh-sach.docx", views.badges_due_docx, name="badges-due-docx"),
    path("huy-hieu/danh-sach.xlsx", views.badges_due_xlsx, name="badges-due-xlsx"),
]
