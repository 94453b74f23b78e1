from dangbo.members.views.detail import member_detail
from dangbo.members.views.roll import member_list

__all__ = ["member_detail", "member_list"]
