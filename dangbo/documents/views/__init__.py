from dangbo.documents.views.browse import (
    attachment_download,
    document_detail,
    document_list,
    document_tree_page,
)
from dangbo.documents.views.edit import (
    document_attach,
    document_create,
    document_edit,
    document_issue,
    document_replace,
)

__all__ = [
    "attachment_download",
    "document_attach",
    "document_create",
    "document_detail",
    "document_edit",
    "document_issue",
    "document_list",
    "document_replace",
    "document_tree_page",
]
