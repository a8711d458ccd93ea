"""The demo catalogue, members and rates that `seed_demo` installs (text in every language)."""

from decimal import Decimal
from typing import NotRequired, TypedDict

# A text in every language, keyed by modeltranslation's field suffix (en, zh_hans, de, ...).
Translations = dict[str, str]


class DemoProduct(TypedDict):
    sku: str
    category: str
    price: Decimal
    hs_code: str
    unit: str
    moq: int
    lead_time_days: int
    is_new: bool
    is_custom_made: bool
    name: Translations


class DemoShippingMethod(TypedDict):
    price: Decimal
    is_quoted_later: bool
    name: Translations


class DemoTier(TypedDict):
    rank: int
    colour: str
    spend: str | None
    discount: str
    multiplier: str
    redemption: int | None
    name: Translations


class DemoEarningRule(TypedDict):
    kind: str
    points: int
    name: Translations
    cap_points: NotRequired[int]
    minimum_order: NotRequired[str]


class DemoReward(TypedDict):
    kind: str
    points: int
    name: Translations
    coupon_amount: NotRequired[str]
    stock: NotRequired[int]


class DemoTierShippingBenefit(TypedDict):
    rank: int
    method: str
    kind: str
    percent: NotRequired[str]
    amount: NotRequired[str]
    currency: NotRequired[str]


EXCHANGE_RATES = {
    "EUR": Decimal("0.92"),
    "GBP": Decimal("0.79"),
    "CNY": Decimal("7.24"),
    "JPY": Decimal("151.20"),
    "AUD": Decimal("1.52"),
    "CAD": Decimal("1.37"),
}

CATEGORIES: dict[str, Translations] = {
    "valves": {
        "en": "Industrial valves",
        "zh_hans": "工业阀门",
        "de": "Industriearmaturen",
        "fr": "Vannes industrielles",
        "es": "Válvulas industriales",
        "ar": "صمامات صناعية",
        "ja": "産業用バルブ",
        "pt": "Válvulas industriais",
        "ru": "Промышленная арматура",
    },
    "pumps": {
        "en": "Pumps",
        "zh_hans": "泵",
        "de": "Pumpen",
        "fr": "Pompes",
        "es": "Bombas",
        "ar": "مضخات",
        "ja": "ポンプ",
        "pt": "Bombas",
        "ru": "Насосы",
    },
    "machinery": {
        "en": "Machinery",
        "zh_hans": "机械设备",
        "de": "Maschinen",
        "fr": "Machines",
        "es": "Maquinaria",
        "ar": "آلات",
        "ja": "機械",
        "pt": "Máquinas",
        "ru": "Оборудование",
    },
}

# What the trade documents show per product (docs/documents.md), by category: origin, weights
# of one unit in kg (net, packed) and units per package.
CUSTOMS: dict[str, dict[str, object]] = {
    "valves": {
        "country_of_origin": "DE",
        "net_weight_kg": Decimal("4.200"),
        "gross_weight_kg": Decimal("4.800"),
        "units_per_package": 10,
    },
    "pumps": {
        "country_of_origin": "IT",
        "net_weight_kg": Decimal("38.000"),
        "gross_weight_kg": Decimal("45.500"),
        "units_per_package": 1,
    },
    "machinery": {
        "country_of_origin": "CN",
        "net_weight_kg": Decimal("1250.000"),
        "gross_weight_kg": Decimal("1480.000"),
        "units_per_package": 1,
    },
}

PRODUCTS: list[DemoProduct] = [
    {
        "sku": "VLV-BALL-DN50",
        "category": "valves",
        "price": Decimal("185.00"),
        "hs_code": "848180",
        "unit": "pcs",
        "moq": 10,
        "lead_time_days": 21,
        "is_new": False,
        "is_custom_made": False,
        "name": {
            "en": "Stainless steel ball valve DN50",
            "zh_hans": "不锈钢球阀 DN50",
            "de": "Edelstahl-Kugelhahn DN50",
            "fr": "Vanne à boisseau sphérique inox DN50",
            "es": "Válvula de bola de acero inoxidable DN50",
            "ar": "صمام كروي من الفولاذ المقاوم للصدأ DN50",
            "ja": "ステンレス製ボールバルブ DN50",
            "pt": "Válvula de esfera em aço inoxidável DN50",
            "ru": "Шаровой кран из нержавеющей стали DN50",
        },
    },
    {
        "sku": "VLV-GATE-DN100",
        "category": "valves",
        "price": Decimal("420.00"),
        "hs_code": "848180",
        "unit": "pcs",
        "moq": 5,
        "lead_time_days": 30,
        "is_new": True,
        "is_custom_made": False,
        "name": {
            "en": "Cast iron gate valve DN100",
            "zh_hans": "铸铁闸阀 DN100",
            "de": "Absperrschieber aus Gusseisen DN100",
            "fr": "Robinet-vanne en fonte DN100",
            "es": "Válvula de compuerta de hierro fundido DN100",
            "ar": "صمام بوابي من الحديد الزهر DN100",
            "ja": "鋳鉄製ゲートバルブ DN100",
            "pt": "Válvula gaveta em ferro fundido DN100",
            "ru": "Чугунная задвижка DN100",
        },
    },
    {
        "sku": "PMP-CENT-7K5",
        "category": "pumps",
        "price": Decimal("1290.00"),
        "hs_code": "841370",
        "unit": "set",
        "moq": 1,
        "lead_time_days": 35,
        "is_new": True,
        "is_custom_made": False,
        "name": {
            "en": "Centrifugal pump 7.5 kW",
            "zh_hans": "离心泵 7.5 千瓦",
            "de": "Kreiselpumpe 7,5 kW",
            "fr": "Pompe centrifuge 7,5 kW",
            "es": "Bomba centrífuga 7,5 kW",
            "ar": "مضخة طرد مركزي 7.5 كيلوواط",
            "ja": "遠心ポンプ 7.5 kW",
            "pt": "Bomba centrífuga 7,5 kW",
            "ru": "Центробежный насос 7,5 кВт",
        },
    },
    {
        "sku": "PMP-SUB-3K",
        "category": "pumps",
        "price": Decimal("640.00"),
        "hs_code": "841370",
        "unit": "set",
        "moq": 2,
        "lead_time_days": 25,
        "is_new": False,
        "is_custom_made": False,
        "name": {
            "en": "Submersible well pump 3 kW",
            "zh_hans": "深井潜水泵 3 千瓦",
            "de": "Unterwasser-Brunnenpumpe 3 kW",
            "fr": "Pompe de puits immergée 3 kW",
            "es": "Bomba sumergible de pozo 3 kW",
            "ar": "مضخة آبار غاطسة 3 كيلوواط",
            "ja": "深井戸用水中ポンプ 3 kW",
            "pt": "Bomba submersível para poço 3 kW",
            "ru": "Погружной скважинный насос 3 кВт",
        },
    },
    {
        "sku": "MCH-CNC-LATHE",
        "category": "machinery",
        "price": Decimal("38500.00"),
        "hs_code": "845811",
        "unit": "set",
        "moq": 1,
        "lead_time_days": 60,
        "is_new": False,
        "is_custom_made": True,
        "name": {
            "en": "Custom CNC lathe",
            "zh_hans": "定制数控车床",
            "de": "CNC-Drehmaschine nach Maß",
            "fr": "Tour CNC sur mesure",
            "es": "Torno CNC a medida",
            "ar": "مخرطة CNC حسب الطلب",
            "ja": "特注CNC旋盤",
            "pt": "Torno CNC sob medida",
            "ru": "Токарный станок с ЧПУ на заказ",
        },
    },
    {
        "sku": "MCH-PACK-AUTO",
        "category": "machinery",
        "price": Decimal("12800.00"),
        "hs_code": "842240",
        "unit": "set",
        "moq": 1,
        "lead_time_days": 45,
        "is_new": True,
        "is_custom_made": True,
        "name": {
            "en": "Automatic packing machine",
            "zh_hans": "全自动包装机",
            "de": "Automatische Verpackungsmaschine",
            "fr": "Machine d'emballage automatique",
            "es": "Máquina empacadora automática",
            "ar": "آلة تعبئة أوتوماتيكية",
            "ja": "全自動包装機",
            "pt": "Máquina de embalagem automática",
            "ru": "Автоматическая упаковочная машина",
        },
    },
]

MEMBERS = [
    {
        "email": "hans@example.de",
        "company_name": "Müller Armaturen GmbH",
        "country": "DE",
        "language": "de",
        "currency": "EUR",
        "customer_type": "distributor",
    },
    {
        "email": "yuki@example.jp",
        "company_name": "Tanaka Engineering K.K.",
        "country": "JP",
        "language": "ja",
        "currency": "JPY",
        "customer_type": "oem",
    },
    {
        "email": "fatima@example.ae",
        "company_name": "Gulf Water Solutions LLC",
        "country": "AE",
        "language": "ar",
        "currency": "USD",
        "customer_type": "end_customer",
    },
    {
        "email": "li@example.cn",
        "company_name": "上海泵业有限公司",
        "country": "CN",
        "language": "zh-hans",
        "currency": "CNY",
        "customer_type": "distributor",
    },
    {
        "email": "ana@example.com.br",
        "company_name": "Bombas do Sul Ltda.",
        "country": "BR",
        "language": "pt",
        "currency": "USD",
        "customer_type": "end_customer",
    },
]

# Volume breaks in the base currency: (from quantity, unit price).
PRICE_BREAKS = {
    "VLV-BALL-DN50": [(100, Decimal("169.00")), (500, Decimal("152.00"))],
    "VLV-GATE-DN100": [(50, Decimal("389.00")), (200, Decimal("359.00"))],
    "PMP-CENT-7K5": [(10, Decimal("1190.00"))],
    "PMP-SUB-3K": [(20, Decimal("590.00")), (100, Decimal("555.00"))],
}

# Prices the merchant fixes in a currency instead of converting (e.g. a euro price list).
EXPLICIT_PRICES = {
    "VLV-BALL-DN50": {"EUR": [(1, Decimal("169.00")), (100, Decimal("155.00"))]},
    "PMP-CENT-7K5": {"EUR": [(1, Decimal("1190.00"))], "GBP": [(1, Decimal("1015.00"))]},
}

# Units in stock; products not listed are made to order.
STOCK = {"VLV-BALL-DN50": 2400, "VLV-GATE-DN100": 600, "PMP-CENT-7K5": 35, "PMP-SUB-3K": 80}

SHIPPING_METHODS: list[DemoShippingMethod] = [
    {
        "price": Decimal("0"),
        "is_quoted_later": True,
        "name": {
            "en": "Sea freight (quoted after order)",
            "zh_hans": "海运（下单后报价）",
            "de": "Seefracht (Angebot nach Bestellung)",
            "fr": "Fret maritime (devis après commande)",
            "es": "Flete marítimo (cotización tras el pedido)",
            "ar": "شحن بحري (يُسعَّر بعد الطلب)",
            "ja": "海上輸送（ご注文後にお見積り）",
            "pt": "Frete marítimo (cotado após o pedido)",
            "ru": "Морская перевозка (расчёт после заказа)",
        },
    },
    {
        "price": Decimal("250.00"),
        "is_quoted_later": False,
        "name": {
            "en": "Express air courier",
            "zh_hans": "国际航空快递",
            "de": "Express-Luftkurier",
            "fr": "Coursier aérien express",
            "es": "Mensajería aérea urgente",
            "ar": "بريد جوي سريع",
            "ja": "国際航空エクスプレス",
            "pt": "Courier aéreo expresso",
            "ru": "Экспресс-авиадоставка",
        },
    },
]

# Units as buyers read them, by the English unit stored on the product.
UNITS: dict[str, Translations] = {
    "pcs": {
        "en": "pcs",
        "zh_hans": "件",
        "de": "Stk.",
        "fr": "pièces",
        "es": "uds.",
        "ar": "قطعة",
        "ja": "個",
        "pt": "unid.",
        "ru": "шт.",
    },
    "set": {
        "en": "set",
        "zh_hans": "套",
        "de": "Satz",
        "fr": "ensemble",
        "es": "juego",
        "ar": "طقم",
        "ja": "セット",
        "pt": "conjunto",
        "ru": "компл.",
    },
}

TIERS: list[DemoTier] = [
    {
        "rank": 0,
        "colour": "#64748b",
        "spend": None,
        "discount": "0",
        "multiplier": "1.0",
        "redemption": None,
        "name": {
            "en": "Member",
            "zh_hans": "会员",
            "de": "Mitglied",
            "fr": "Membre",
            "es": "Miembro",
            "ar": "عضو",
            "ja": "メンバー",
            "pt": "Membro",
            "ru": "Участник",
        },
    },
    {
        "rank": 1,
        "colour": "#94a3b8",
        "spend": "1000",
        "discount": "5",
        "multiplier": "1.1",
        "redemption": None,
        "name": {
            "en": "Silver",
            "zh_hans": "银卡",
            "de": "Silber",
            "fr": "Argent",
            "es": "Plata",
            "ar": "فضي",
            "ja": "シルバー",
            "pt": "Prata",
            "ru": "Серебро",
        },
    },
    {
        "rank": 2,
        "colour": "#d97706",
        "spend": "5000",
        "discount": "8",
        "multiplier": "1.2",
        "redemption": 90,
        "name": {
            "en": "Gold",
            "zh_hans": "金卡",
            "de": "Gold",
            "fr": "Or",
            "es": "Oro",
            "ar": "ذهبي",
            "ja": "ゴールド",
            "pt": "Ouro",
            "ru": "Золото",
        },
    },
    {
        "rank": 3,
        "colour": "#334155",
        "spend": "20000",
        "discount": "12",
        "multiplier": "1.3",
        "redemption": 80,
        "name": {
            "en": "Platinum",
            "zh_hans": "白金卡",
            "de": "Platin",
            "fr": "Platine",
            "es": "Platino",
            "ar": "بلاتيني",
            "ja": "プラチナ",
            "pt": "Platina",
            "ru": "Платина",
        },
    },
]

EARNING_RULES: list[DemoEarningRule] = [
    {
        "kind": "sign_up",
        "points": 500,
        "name": {
            "en": "Welcome bonus",
            "zh_hans": "注册奖励",
            "de": "Willkommensbonus",
            "fr": "Bonus de bienvenue",
            "es": "Bono de bienvenida",
            "ar": "مكافأة الترحيب",
            "ja": "入会ボーナス",
            "pt": "Bônus de boas-vindas",
            "ru": "Приветственный бонус",
        },
    },
    {
        "kind": "profile",
        "points": 200,
        "name": {
            "en": "Complete profile",
            "zh_hans": "完善资料奖励",
            "de": "Profil vervollständigt",
            "fr": "Profil complété",
            "es": "Perfil completo",
            "ar": "إكمال الملف الشخصي",
            "ja": "プロフィール完成",
            "pt": "Perfil completo",
            "ru": "Заполненный профиль",
        },
    },
    {
        "kind": "check_in",
        "points": 5,
        "cap_points": 100,
        "name": {
            "en": "Daily check-in",
            "zh_hans": "每日签到",
            "de": "Täglicher Check-in",
            "fr": "Connexion quotidienne",
            "es": "Check-in diario",
            "ar": "تسجيل الحضور اليومي",
            "ja": "毎日のチェックイン",
            "pt": "Check-in diário",
            "ru": "Ежедневная отметка",
        },
    },
    {
        "kind": "referral",
        "points": 1000,
        "name": {
            "en": "Referral bonus",
            "zh_hans": "推荐奖励",
            "de": "Empfehlungsbonus",
            "fr": "Bonus de parrainage",
            "es": "Bono por recomendación",
            "ar": "مكافأة الإحالة",
            "ja": "紹介ボーナス",
            "pt": "Bônus de indicação",
            "ru": "Бонус за рекомендацию",
        },
    },
    {
        "kind": "birthday",
        "points": 300,
        "name": {
            "en": "Birthday gift",
            "zh_hans": "生日礼遇",
            "de": "Geburtstagsgeschenk",
            "fr": "Cadeau d'anniversaire",
            "es": "Regalo de cumpleaños",
            "ar": "هدية عيد الميلاد",
            "ja": "誕生日ギフト",
            "pt": "Presente de aniversário",
            "ru": "Подарок ко дню рождения",
        },
    },
    {
        "kind": "large_order",
        "points": 5000,
        "minimum_order": "100000",
        "name": {
            "en": "Large-order bonus",
            "zh_hans": "大额订单奖励",
            "de": "Großbestellungsbonus",
            "fr": "Bonus grosse commande",
            "es": "Bono por pedido grande",
            "ar": "مكافأة الطلبات الكبيرة",
            "ja": "大口注文ボーナス",
            "pt": "Bônus de pedido grande",
            "ru": "Бонус за крупный заказ",
        },
    },
]

# A reward already redeemed, so staff find a redemption to fulfil or void
# (the member, the reward by its English name).
REDEMPTIONS: list[tuple[str, str]] = [("ana@example.com.br", "Free sample valve")]

REWARDS: list[DemoReward] = [
    {
        "kind": "coupon_amount",
        "points": 1000,
        "coupon_amount": "10.00",
        "name": {
            "en": "10 USD coupon",
            "zh_hans": "10 美元优惠券",
            "de": "Gutschein über 10 USD",
            "fr": "Bon de 10 USD",
            "es": "Cupón de 10 USD",
            "ar": "قسيمة بقيمة 10 دولارات",
            "ja": "10米ドルクーポン",
            "pt": "Cupom de 10 USD",
            "ru": "Купон на 10 USD",
        },
    },
    {
        "kind": "free_sample",
        "points": 800,
        "stock": 50,
        "name": {
            "en": "Free sample valve",
            "zh_hans": "免费样品阀门",
            "de": "Kostenloses Musterventil",
            "fr": "Vanne échantillon gratuite",
            "es": "Válvula de muestra gratis",
            "ar": "صمام عينة مجاني",
            "ja": "無料サンプルバルブ",
            "pt": "Válvula de amostra grátis",
            "ru": "Бесплатный образец клапана",
        },
    },
    {
        "kind": "service",
        "points": 2500,
        "name": {
            "en": "CAD drawings for your project",
            "zh_hans": "项目 CAD 图纸服务",
            "de": "CAD-Zeichnungen für Ihr Projekt",
            "fr": "Plans CAO pour votre projet",
            "es": "Planos CAD para su proyecto",
            "ar": "رسومات CAD لمشروعك",
            "ja": "プロジェクト用CAD図面",
            "pt": "Desenhos CAD para o seu projeto",
            "ru": "CAD-чертежи для вашего проекта",
        },
    },
    {
        "kind": "shipping",
        "points": 4000,
        "name": {
            "en": "50% off sea freight",
            "zh_hans": "海运费五折",
            "de": "50 % Rabatt auf Seefracht",
            "fr": "50 % de remise sur le fret maritime",
            "es": "50 % de descuento en flete marítimo",
            "ar": "خصم 50% على الشحن البحري",
            "ja": "海上運賃50%オフ",
            "pt": "50% de desconto no frete marítimo",
            "ru": "Скидка 50% на морскую перевозку",
        },
    },
]

# Tier shipping benefits (issue #16): tier rank, shipping method (English name, None: every
# method), kind, percent or (amount, currency).
TIER_SHIPPING_BENEFITS: list[DemoTierShippingBenefit] = [
    {"rank": 3, "method": "Express air courier", "kind": "free"},
    {"rank": 2, "method": "Sea freight (quoted after order)", "kind": "percent", "percent": "50"},
    {
        "rank": 1,
        "method": "Express air courier",
        "kind": "amount",
        "amount": "20",
        "currency": "EUR",
    },
    {
        "rank": 1,
        "method": "Express air courier",
        "kind": "amount",
        "amount": "25",
        "currency": "USD",
    },
]


class DemoPlanPrice(TypedDict):
    interval: str  # "month" or "year"
    currency: str
    amount: Decimal


class DemoPlan(TypedDict):
    code: str
    multiplier: Decimal
    discount: Decimal
    free_shipping: bool
    name: Translations
    description: Translations
    prices: list[DemoPlanPrice]


# The paid club (issue #22, docs/memberships.md). Each price's Stripe Price id comes from
# settings.DEMO_MEMBERSHIP_STRIPE_PRICES ("month-USD": "price_..."), else a placeholder
# (``seed_demo``): the page then shows the club and says that Stripe is not set up.
MEMBERSHIP_PLAN: DemoPlan = {
    "code": "trade-club",
    "multiplier": Decimal("1.5"),
    "discount": Decimal("3"),
    "free_shipping": True,
    "name": {
        "en": "Trade Club",
        "zh_hans": "贸易俱乐部",
        "de": "Trade Club",
        "fr": "Club Commerce",
        "es": "Club Comercio",
        "ar": "نادي التجارة",
        "ja": "トレードクラブ",
        "pt": "Clube Comércio",
        "ru": "Торговый клуб",
    },
    "description": {
        "en": "For regular buyers: more points on every order, a member discount and free "
        "shipping.",
        "zh_hans": "面向常客：每笔订单更多积分、会员折扣和免运费。",
        "de": "Für Stammkunden: mehr Punkte bei jeder Bestellung, ein Mitgliederrabatt und "
        "kostenloser Versand.",
        "fr": "Pour les acheteurs réguliers : plus de points à chaque commande, une remise "
        "membre et la livraison gratuite.",
        "es": "Para compradores habituales: más puntos en cada pedido, un descuento de socio y "
        "envío gratuito.",
        "ar": "للمشترين الدائمين: نقاط أكثر مع كل طلب وخصم للأعضاء وشحن مجاني.",
        "ja": "定期的にご購入のお客様へ：ご注文ごとのポイント増量、会員割引、送料無料。",
        "pt": "Para compradores regulares: mais pontos em cada pedido, um desconto de membro e "
        "frete grátis.",
        "ru": "Для постоянных покупателей: больше баллов за каждый заказ, скидка участника и "
        "бесплатная доставка.",
    },
    "prices": [
        {"interval": "month", "currency": "USD", "amount": Decimal("29")},
        {"interval": "year", "currency": "USD", "amount": Decimal("290")},
        {"interval": "month", "currency": "EUR", "amount": Decimal("27")},
        {"interval": "year", "currency": "EUR", "amount": Decimal("270")},
        {"interval": "month", "currency": "GBP", "amount": Decimal("23")},
        {"interval": "year", "currency": "GBP", "amount": Decimal("230")},
    ],
}
