"""What each action the members app records in the audit log means, in the words of the people
who read the log. Registered with dangbo.audit from MembersConfig.ready (audit sits below
members and cannot import it). members/tests/test_audit_labels.py checks that every
"member.*" code in the app's source has its label here."""

from __future__ import annotations

AUDIT_LABELS: dict[str, str] = {
    # The record (services/records.py, photos.py, accounts.py)
    "member.admit": "Kết nạp đảng viên",
    "member.readmit": "Kết nạp lại đảng viên",
    "member.create": "Thêm hồ sơ đảng viên",
    "member.update": "Sửa hồ sơ đảng viên",
    "member.set_photo": "Cập nhật ảnh đảng viên",
    "member.link_user": "Gắn tài khoản cho đảng viên",
    "member.unlink_user": "Gỡ tài khoản của đảng viên",
    # Events of the member's life (services/lifecycle.py, conduct.py)
    "member.confirm_official": "Công nhận đảng viên chính thức",
    "member.exempt": "Miễn công tác và sinh hoạt đảng",
    "member.end_exemption": "Thôi miễn công tác và sinh hoạt đảng",
    "member.remove": "Xóa tên đảng viên",
    "member.expel": "Khai trừ đảng viên",
    "member.record_death": "Ghi nhận đảng viên từ trần",
    "member.issue_card": "Phát, cấp lại thẻ đảng viên",
    "member.award_badge": "Tặng Huy hiệu Đảng",
    "member.change_position": "Thay đổi chức vụ",
    "member.commend": "Khen thưởng đảng viên",
    "member.discipline": "Kỷ luật đảng viên",
    "member.correct_event": "Đính chính sự kiện",
    # Transfers (services/transfers.py)
    "member.start_transfer": "Chuyển sinh hoạt đảng đi",
    "member.receive_transfer": "Tiếp nhận sinh hoạt đảng",
    "member.cancel_transfer": "Hủy chuyển sinh hoạt đảng",
    "member.end_temporary_transfer": "Kết thúc sinh hoạt tạm thời",
    "member.move_for_merge": "Chuyển đảng viên khi hợp nhất tổ chức",
    # Corrections asked by the member (services/corrections.py)
    "member.correction_request": "Đề nghị đính chính",
    "member.correction_approve": "Duyệt đề nghị đính chính",
    "member.correction_refuse": "Từ chối đề nghị đính chính",
    "member.correct_record": "Đính chính hồ sơ theo đề nghị",
    # Reads and documents that leave the room (views, api)
    "member.view_full": "Xem đầy đủ hồ sơ đảng viên",
    "member.print": "In phiếu đảng viên",
    "member.export": "Xuất danh sách đảng viên",
    "member.statistics_export": "Xuất thống kê đảng viên",
    "member.badges_print": "In danh sách Huy hiệu Đảng",
    # members.services.bulk (imports) and demo.roll (seed_demo): one event per batch.
    "member.bulk_create": "Tạo hàng loạt đảng viên",
    "member.bulk_update": "Cập nhật hàng loạt hồ sơ đảng viên",
    "member.bulk_revert": "Hoàn tác nhập hàng loạt đảng viên",
}
