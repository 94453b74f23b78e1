from dangbo.members.views.counts import org_member_counts
from dangbo.members.views.detail import member_detail
from dangbo.members.views.roll import member_list

__all__ = ["member_detail", "member_list", "org_member_counts"]
