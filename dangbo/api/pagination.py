from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    invalid_page_message = "Trang không hợp lệ."
    page_query_description = "Số trang (bắt đầu từ 1)."
    page_size_query_description = "Số dòng mỗi trang (tối đa 500)."
