"""Vietnamese names for the demo data: people, communes, hamlets, agencies, provinces.

Family-name weights follow the commonly cited survey shares (Nguyễn about 38 %, Trần 11 %, Lê
9.5 %, Phạm 7 % …). Cà Mau is in the South, so Huỳnh and Võ carry more of the Huỳnh/Hoàng and
Vũ/Võ shares, and a few Khmer family names (Danh, Thạch) appear. These are demo data only:
every person named here is invented.
"""

from __future__ import annotations

import random
from itertools import accumulate

# (family name, percent). The tail is spread over less common names.
FAMILY_NAMES: tuple[tuple[str, float], ...] = (
    ("Nguyễn", 38.0), ("Trần", 11.0), ("Lê", 9.5), ("Phạm", 7.0), ("Huỳnh", 3.2),
    ("Hoàng", 1.8), ("Phan", 4.5), ("Võ", 2.6), ("Vũ", 1.4), ("Đặng", 2.0), ("Bùi", 2.0),
    ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3), ("Dương", 1.0), ("Lý", 0.5), ("Trương", 0.7),
    ("Lâm", 0.6), ("Đinh", 0.5), ("Mai", 0.4), ("Tô", 0.3), ("Châu", 0.4), ("Thái", 0.3),
    ("Lưu", 0.3), ("Quách", 0.3), ("Tạ", 0.2), ("Danh", 0.3), ("Thạch", 0.2), ("Kim", 0.2),
    ("Cao", 0.3), ("Lương", 0.3), ("Triệu", 0.2), ("Tăng", 0.2), ("Diệp", 0.1),
)  # fmt: skip

MALE_MIDDLE: tuple[str, ...] = (
    "Văn", "Văn", "Văn", "Văn", "Hữu", "Minh", "Thanh", "Quốc", "Công", "Đức", "Hoàng",
    "Ngọc", "Thành", "Tấn", "Trung", "Chí", "Phước", "Hoài",
)  # fmt: skip
FEMALE_MIDDLE: tuple[str, ...] = (
    "Thị", "Thị", "Thị", "Thị", "Ngọc", "Thanh", "Thu", "Hồng", "Kim", "Mỹ", "Bích",
    "Phương", "Thúy", "Diễm", "Cẩm",
)  # fmt: skip
MALE_GIVEN: tuple[str, ...] = (
    "An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hùng", "Huy", "Khang", "Khoa", "Lâm",
    "Long", "Lộc", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quang", "Sơn", "Tài", "Thắng",
    "Thành", "Thiện", "Toàn", "Trí", "Trung", "Tuấn", "Vinh", "Hiếu", "Tâm", "Hậu", "Kiệt",
    "Khải", "Luân", "Nhân", "Quý", "Tín", "Triều", "Việt", "Bảo", "Duy", "Hòa", "Thuận",
    "Tùng", "Công", "Đông", "Hưng", "Lợi", "Phát",
)  # fmt: skip
FEMALE_GIVEN: tuple[str, ...] = (
    "Anh", "Châu", "Diễm", "Dung", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Lan", "Linh",
    "Loan", "Mai", "My", "Ngân", "Nga", "Nhung", "Oanh", "Phượng", "Quyên", "Thảo", "Thủy",
    "Trang", "Trinh", "Tuyết", "Uyên", "Vân", "Xuân", "Yến", "Nhi", "Thư", "Huyền", "Lệ",
    "Liên", "Ngọc", "Như", "Phương", "Tâm", "Thắm", "Tiên",
)  # fmt: skip

_FAMILY = [name for name, _ in FAMILY_NAMES]
_FAMILY_CUM = list(accumulate(weight for _, weight in FAMILY_NAMES))


def person_name(rng: random.Random, female: bool | None = None) -> str:
    """One invented full name, e.g. "Nguyễn Thị Thu Hằng" or "Trần Văn Lộc"."""
    if female is None:
        female = rng.random() < 0.35  # committees in the demo are about one third women
    family = rng.choices(_FAMILY, cum_weights=_FAMILY_CUM)[0]
    middle = rng.choice(FEMALE_MIDDLE if female else MALE_MIDDLE)
    given = rng.choice(FEMALE_GIVEN if female else MALE_GIVEN)
    if middle in (given, family):
        middle = "Thị" if female else "Văn"
    # Many women's names carry a second middle name after Thị ("Nguyễn Thị Thu Hằng").
    if female and middle == "Thị" and rng.random() < 0.35:
        second = rng.choice(FEMALE_MIDDLE[4:])
        if second != given:
            return f"{family} Thị {second} {given}"
    return f"{family} {middle} {given}"


def distinct_names(rng: random.Random, count: int, taken: set[str] | None = None) -> list[str]:
    """`count` different names (a committee may not hold the same name twice)."""
    seen = set() if taken is None else taken
    names: list[str] = []
    while len(names) < count:
        name = person_name(rng)
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


# Commune-level units of Cà Mau province from 01/07/2025 (Cà Mau and Bạc Liêu merged; no
# district level). ("phường" | "xã", name). The first ones are used by the small demo.
CA_MAU_COMMUNES: tuple[tuple[str, str], ...] = (
    ("phường", "An Xuyên"), ("phường", "Lý Văn Lâm"), ("xã", "Đầm Dơi"),
    ("phường", "Tân Thành"), ("phường", "Hòa Thành"), ("xã", "Năm Căn"),
    ("xã", "Cái Nước"), ("xã", "Thới Bình"), ("xã", "U Minh"), ("xã", "Trần Văn Thời"),
    ("xã", "Phan Ngọc Hiển"), ("xã", "Đất Mũi"), ("xã", "Tân Ân"), ("xã", "Sông Đốc"),
    ("xã", "Khánh Bình"), ("xã", "Khánh Hưng"), ("xã", "Khánh An"), ("xã", "Khánh Lâm"),
    ("xã", "Nguyễn Phích"), ("xã", "Đá Bạc"), ("xã", "Trí Phải"), ("xã", "Tân Lộc"),
    ("xã", "Hồ Thị Kỷ"), ("xã", "Biển Bạch"), ("xã", "Tạ An Khương"), ("xã", "Trần Phán"),
    ("xã", "Tân Thuận"), ("xã", "Tân Tiến"), ("xã", "Thanh Tùng"), ("xã", "Quách Phẩm"),
    ("xã", "Đất Mới"), ("xã", "Tam Giang"), ("xã", "Cái Đôi Vàm"), ("xã", "Nguyễn Việt Khái"),
    ("xã", "Phú Tân"), ("xã", "Phú Mỹ"), ("xã", "Lương Thế Trân"), ("xã", "Tân Hưng"),
    ("xã", "Hưng Mỹ"), ("phường", "Bạc Liêu"), ("phường", "Vĩnh Trạch"),
    ("phường", "Hiệp Thành"), ("phường", "Giá Rai"), ("phường", "Láng Tròn"),
    ("xã", "Phong Thạnh"), ("xã", "Hồng Dân"), ("xã", "Ninh Quới"), ("xã", "Ninh Thạnh Lợi"),
    ("xã", "Vĩnh Lộc"), ("xã", "Phước Long"), ("xã", "Vĩnh Phước"), ("xã", "Phong Hiệp"),
    ("xã", "Vĩnh Thanh"), ("xã", "Vĩnh Lợi"), ("xã", "Hưng Hội"), ("xã", "Châu Thới"),
    ("xã", "Hòa Bình"), ("xã", "Vĩnh Mỹ"), ("xã", "Vĩnh Hậu"), ("xã", "Đông Hải"),
    ("xã", "Long Điền"), ("xã", "Gành Hào"), ("xã", "Định Thành"), ("xã", "An Trạch"),
)  # fmt: skip

# Hamlet (ấp) names typical of the Mekong delta, for "Chi bộ ấp …".
HAMLET_NAMES: tuple[str, ...] = (
    "Tân Hòa", "Tân Phú", "Tân Long", "Xóm Mới", "Cái Keo", "Rạch Gốc", "Bà Hính",
    "Kinh Xáng", "Lung Lá", "Thuận Hòa", "Bình Minh", "Bình Định", "Hòa Trung", "Nhà Thờ",
    "Cây Thơ", "Cây Trâm", "Đầu Sấu", "Kinh Hãng", "Kinh Tư", "Mương Điều", "Ô Rô",
    "Rạch Muỗi", "Thị Tường", "Tân Hiệp", "Tân Điền", "Tân Trung", "Vàm Đình", "Bào Sen",
    "Cái Rắn", "Cái Tàu", "Đường Ranh", "Nhà Máy", "Sào Lưới", "Sở Tại", "Tam Hiệp",
    "Trại Lưới", "Trảng Cò", "Xóm Dừa", "Xóm Lung", "Kinh Ngang", "Kinh Đứng", "Đất Cháy",
    "Giáp Nước", "Lung Tràm", "Nàng Rền", "Phú Hiệp", "Phú Thạnh", "Vĩnh Thạnh", "Vĩnh Hòa",
    "An Lạc", "An Khoa", "Bờ Đập", "Cống Đá", "Chợ Hội", "Thạnh Điền", "Mỹ Điền", "Cái Cám",
    "Hiệp Bình", "Tân Thành", "Tân Bình", "Lộ Xe", "Ngọc Điền", "Cái Su", "Rạch Láng",
)  # fmt: skip

# Cells of the two đảng bộ cấp trên cơ sở named in the seed documents (seeds/000). The first
# five of each are the ones the small demo shows.
FRONT_CELLS: tuple[str, ...] = (
    "Chi bộ Văn phòng Ủy ban MTTQ tỉnh", "Chi bộ Ban Phong trào", "Chi bộ Hội Nông dân tỉnh",
    "Chi bộ Tỉnh đoàn", "Chi bộ Hội Liên hiệp Phụ nữ tỉnh", "Chi bộ Hội Cựu chiến binh tỉnh",
    "Chi bộ Liên đoàn Lao động tỉnh", "Chi bộ Ban Dân chủ - Pháp luật",
    "Chi bộ Ban Tuyên giáo Ủy ban MTTQ tỉnh", "Chi bộ Hội Chữ thập đỏ tỉnh",
    "Chi bộ Liên hiệp các tổ chức hữu nghị tỉnh", "Chi bộ Hội Nhà báo tỉnh",
)  # fmt: skip
PARTY_AGENCY_CELLS: tuple[str, ...] = (
    "Chi bộ Văn phòng Tỉnh ủy", "Chi bộ Ban Tổ chức Tỉnh ủy",
    "Chi bộ Ban Tuyên giáo và Dân vận Tỉnh ủy", "Chi bộ Ủy ban Kiểm tra Tỉnh ủy",
    "Chi bộ Báo Cà Mau", "Chi bộ Ban Nội chính Tỉnh ủy",
    "Chi bộ Ban Chính sách, chiến lược Tỉnh ủy", "Chi bộ Trường Chính trị tỉnh",
    "Chi bộ Cơ quan Đảng ủy các cơ quan Đảng tỉnh", "Chi bộ Tòa án nhân dân tỉnh",
    "Chi bộ Viện Kiểm sát nhân dân tỉnh", "Chi bộ Văn phòng Đoàn ĐBQH và HĐND tỉnh",
    "Chi bộ Ủy ban Kiểm tra Đảng ủy các cơ quan Đảng tỉnh", "Chi bộ Kho bạc Nhà nước tỉnh",
)  # fmt: skip

# Provincial departments under Đảng bộ Ủy ban nhân dân tỉnh (province size). (name, cells):
# departments with cells are đảng bộ cơ sở; the others are chi bộ cơ sở.
DEPARTMENTS: tuple[tuple[str, int], ...] = (
    ("Văn phòng Ủy ban nhân dân tỉnh", 4), ("Sở Tài chính", 5), ("Sở Nội vụ", 4),
    ("Sở Tư pháp", 0), ("Sở Xây dựng", 5), ("Sở Nông nghiệp và Môi trường", 9),
    ("Sở Giáo dục và Đào tạo", 7), ("Sở Y tế", 8), ("Sở Công Thương", 5),
    ("Sở Khoa học và Công nghệ", 0), ("Sở Văn hóa, Thể thao và Du lịch", 6),
    ("Sở Dân tộc và Tôn giáo", 0), ("Thanh tra tỉnh", 0), ("Bệnh viện Đa khoa tỉnh", 10),
    ("Trường Cao đẳng Y tế", 0), ("Ban Quản lý Khu kinh tế tỉnh", 0), ("Sở Ngoại vụ", 0),
)  # fmt: skip
DEPARTMENT_CELLS: tuple[str, ...] = (
    "Văn phòng", "Phòng Kế hoạch - Tài chính", "Phòng Tổ chức cán bộ", "Thanh tra Sở",
    "Phòng Nghiệp vụ 1", "Phòng Nghiệp vụ 2", "Phòng Quản lý chuyên ngành",
    "Trung tâm Dịch vụ công", "Khoa Khám bệnh", "Khoa Nội", "Khoa Ngoại",
)  # fmt: skip

# The 34 provincial-level units from 01/07/2025 (NQ 202/2025/QH15), for the national size.
# (code, "tỉnh" | "thành phố", name).
PROVINCES: tuple[tuple[str, str, str], ...] = (
    ("CM", "tỉnh", "Cà Mau"), ("HN", "thành phố", "Hà Nội"), ("HUE", "thành phố", "Huế"),
    ("LCH", "tỉnh", "Lai Châu"), ("DB", "tỉnh", "Điện Biên"), ("SL", "tỉnh", "Sơn La"),
    ("LS", "tỉnh", "Lạng Sơn"), ("QNI", "tỉnh", "Quảng Ninh"), ("TH", "tỉnh", "Thanh Hóa"),
    ("NA", "tỉnh", "Nghệ An"), ("HT", "tỉnh", "Hà Tĩnh"), ("CB", "tỉnh", "Cao Bằng"),
    ("TQ", "tỉnh", "Tuyên Quang"), ("LCA", "tỉnh", "Lào Cai"), ("TNG", "tỉnh", "Thái Nguyên"),
    ("PT", "tỉnh", "Phú Thọ"), ("BN", "tỉnh", "Bắc Ninh"), ("HY", "tỉnh", "Hưng Yên"),
    ("HP", "thành phố", "Hải Phòng"), ("NB", "tỉnh", "Ninh Bình"), ("QT", "tỉnh", "Quảng Trị"),
    ("DNG", "thành phố", "Đà Nẵng"), ("QNG", "tỉnh", "Quảng Ngãi"), ("GL", "tỉnh", "Gia Lai"),
    ("KH", "tỉnh", "Khánh Hòa"), ("LD", "tỉnh", "Lâm Đồng"), ("DL", "tỉnh", "Đắk Lắk"),
    ("HCM", "thành phố", "Hồ Chí Minh"), ("DNI", "tỉnh", "Đồng Nai"),
    ("TNI", "tỉnh", "Tây Ninh"), ("CT", "thành phố", "Cần Thơ"), ("VL", "tỉnh", "Vĩnh Long"),
    ("DT", "tỉnh", "Đồng Tháp"), ("AG", "tỉnh", "An Giang"),
)  # fmt: skip
# Commune-level units known per province (regulations.md §8); the rest of the 3,321 are
# spread over the other provinces by the generator.
KNOWN_COMMUNE_COUNTS: dict[str, int] = {"HCM": 168, "HN": 126, "LCH": 38, "CM": 64}
NATIONAL_COMMUNES = 3321

# Syllables for invented commune names outside Cà Mau ("Tân Phú", "Vĩnh Hòa" …).
PLACE_FIRST: tuple[str, ...] = (
    "An", "Bình", "Châu", "Đông", "Hòa", "Hưng", "Long", "Mỹ", "Nam", "Phú", "Phước",
    "Quang", "Tân", "Thạnh", "Thanh", "Thuận", "Trung", "Vĩnh", "Xuân", "Yên", "Hồng",
    "Kim", "Liên", "Minh", "Ngọc", "Sơn", "Tây", "Bắc", "Đại", "Hải",
)  # fmt: skip
PLACE_SECOND: tuple[str, ...] = (
    "An", "Bình", "Điền", "Định", "Đức", "Hà", "Hải", "Hòa", "Hội", "Hưng", "Khánh", "Lạc",
    "Lâm", "Lộc", "Lợi", "Long", "Mỹ", "Nghĩa", "Phong", "Phú", "Phúc", "Quý", "Sơn",
    "Tân", "Thành", "Thạnh", "Thịnh", "Thuận", "Tiến", "Trung", "Tường", "Xuân", "Yên",
)  # fmt: skip


def invented_place(rng: random.Random, taken: set[str]) -> str:
    """A two-syllable place name not yet in `taken` (adds it)."""
    for _ in range(1000):
        first, second = rng.choice(PLACE_FIRST), rng.choice(PLACE_SECOND)
        if first == second:
            continue
        name = f"{first} {second}"
        if name not in taken:
            taken.add(name)
            return name
    # Past the ~900 pairs, number them: real names do this too ("Tân Phú 2").
    name = f"{rng.choice(PLACE_FIRST)} {rng.choice(PLACE_SECOND)} {len(taken)}"
    taken.add(name)
    return name
