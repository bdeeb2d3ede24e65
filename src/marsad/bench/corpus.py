"""Generated benchmark corpora: realistic-shaped Arabic articles written from the project's own
sentence templates (no third-party text), deterministic for a given seed."""

from __future__ import annotations

import random
import re

# Each country: the sides news there names (as the knowledge base knows them) and towns the
# gazetteer knows, so an article stays in one theatre like a real report.
THEATRES = {
    "SY": (["الجيش السوري", "قوات سوريا الديمقراطية", "تنظيم داعش", "هيئة تحرير الشام", "الجيش الوطني السوري",
            "حركة أحرار الشام", "القوات الروسية", "الفصائل المعارضة", "القوات التركية"],
           ["دير الزور", "الميادين", "البوكمال", "إدلب", "سراقب", "معرة النعمان", "أريحا", "جسر الشغور", "حلب",
            "منبج", "الباب", "عفرين", "الرقة", "الطبقة", "حماة", "درعا", "بصرى الشام", "تدمر", "القامشلي",
            "الحسكة", "ريف إدلب الجنوبي", "ريف حلب الشمالي", "كفرنبل", "خان شيخون"]),
    "IQ": (["الجيش العراقي", "الحشد الشعبي", "تنظيم داعش", "قوات البيشمركة", "الشرطة الاتحادية",
            "جهاز مكافحة الإرهاب", "التحالف الدولي"],
           ["الموصل", "تلعفر", "كركوك", "بعقوبة", "الفلوجة", "الرمادي", "سامراء", "تكريت", "بيجي", "الحويجة",
            "القائم", "طوزخورماتو", "محافظة ديالى", "الأنبار", "سنجار", "المقدادية"]),
    "YE": (["جماعة الحوثي", "الجيش اليمني", "قوات التحالف", "ألوية العمالقة", "المجلس الانتقالي الجنوبي",
            "تنظيم القاعدة", "قوات الحزام الأمني"],
           ["مأرب", "الحديدة", "تعز", "صعدة", "البيضاء", "الجوف", "حجة", "عدن", "شبوة", "الضالع", "لحج",
            "أبين", "الخوخة", "حيس"]),
    "SD": (["الجيش السوداني", "قوات الدعم السريع", "الحركة الشعبية لتحرير السودان", "القوة المشتركة",
            "الشرطة السودانية"],
           ["الفاشر", "نيالا", "الجنينة", "أم درمان", "الخرطوم بحري", "الأبيض", "ود مدني", "كادوقلي", "الدلنج",
            "سنار", "الخرطوم", "زالنجي", "بارا"]),
    "SO": (["حركة الشباب", "الجيش الصومالي", "قوات الاتحاد الأفريقي", "الشرطة الصومالية"],
           ["مقديشو", "بيدوا", "كيسمايو", "جوهر", "بلدوين", "أفجوي", "مركا", "جالكعيو", "دوسمريب"]),
    "LY": (["الجيش الوطني الليبي", "قوات حكومة الوحدة الوطنية", "تنظيم داعش", "قوة الردع الخاصة"],
           ["بنغازي", "سرت", "طرابلس", "مصراتة", "درنة", "سبها", "غريان", "ترهونة", "الزاوية", "أجدابيا"]),
    "PS": (["الجيش الإسرائيلي", "كتائب القسام", "سرايا القدس", "المستوطنين", "الشرطة الإسرائيلية"],
           ["جنين", "طولكرم", "نابلس", "خان يونس", "رفح", "دير البلح", "طوباس", "قلقيلية", "بيت لاهيا",
            "مخيم جنين", "الخليل"]),
}
ACTORS = sorted({a for actors, _ in THEATRES.values() for a in actors})
PLACES = sorted({p for _, places in THEATRES.values() for p in places})
FIRST_NAMES = ["محمد", "أحمد", "خالد", "سامر", "ياسر", "عمر", "حسن", "علي", "يوسف", "إبراهيم", "مازن", "وليد",
               "فراس", "نبيل", "طارق", "حمزة", "زياد", "رامي", "باسل", "أنس", "عبد الله", "مصطفى", "هشام", "جمال"]
FAMILY_NAMES = ["العلي", "الحسن", "الأحمد", "الخطيب", "النجار", "الحداد", "السعدي", "العبيدي", "الزبيدي",
                "الجبوري", "الراوي", "الحسيني", "القاسم", "البكري", "التميمي", "العمري", "الدوري", "الشمري",
                "المحمد", "الصالح", "الكردي", "الحلبي", "الفارس", "الدباغ"]
ROLES = ["المتحدث باسم", "مسؤول الإعلام في", "قائد ميداني في", "مصدر عسكري في", "عضو المكتب السياسي في",
         "مسؤول العلاقات العامة في", "ضابط في"]
OUTLETS = ["وكالة الأنباء المحلية", "صحيفة المساء", "قناة الأفق", "موقع الخبر اليقين", "إذاعة الشرق",
           "شبكة الرصد", "صحيفة الغد", "وكالة الأنباء الإقليمية"]
SOURCES = ["مصادر محلية", "مصادر طبية", "مصادر أمنية", "مصدر عسكري", "شهود عيان", "ناشطون", "مراسلنا",
           "مصادر ميدانية", "مسؤول محلي", "مصادر في الدفاع المدني", "سكان محليون", "مصادر مقربة من العائلات"]
MONITORS = ["المرصد المحلي لحقوق الإنسان", "منظمة الرصد الإنسانية", "مكتب الأمم المتحدة لتنسيق الشؤون الإنسانية",
            "منظمة الصحة العالمية", "اللجنة الدولية للصليب الأحمر", "منظمة أطباء بلا حدود", "الدفاع المدني"]
DAY_NAMES = ["الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"]
DAY_PARTS = ["يوم", "صباح", "مساء", "فجر", "ليل", "ظهر", "ليلة"]
MONTHS = ["كانون الثاني/يناير", "شباط/فبراير", "آذار/مارس", "نيسان/أبريل", "أيار/مايو", "حزيران/يونيو",
          "تموز/يوليو", "آب/أغسطس", "أيلول/سبتمبر", "تشرين الأول/أكتوبر", "تشرين الثاني/نوفمبر",
          "كانون الأول/ديسمبر", "مارس", "فبراير", "يناير"]
# (plural after 3-10, singular accusative after 11+)
VICTIMS = [("مدنيين", "مدنيا"), ("عناصر", "عنصرا"), ("جنود", "جنديا"), ("مقاتلين", "مقاتلا"), ("أشخاص", "شخصا"),
           ("مسلحين", "مسلحا"), ("أطفال", "طفلا"), ("نساء", "امرأة"), ("عمال", "عاملا"), ("مدنيين", "مدنيا")]
NUMBER_WORDS = ["ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة", "عشرة"]
QUALIFIERS = ["", "", "", "نحو ", "ما لا يقل عن ", "أكثر من ", "قرابة ", "حوالي ", "ما يصل إلى "]
WEAPONS = ["طائرة مسيرة", "قذائف الهاون", "صواريخ غراد", "المدفعية الثقيلة", "عبوة ناسفة", "سيارة مفخخة",
           "الطيران الحربي", "قذيفة صاروخية", "الرشاشات الثقيلة", "صاروخ موجه", "قنابل عنقودية", "قناصة"]
TARGETS = ["مدرسة", "سوق شعبية", "مستشفى ميداني", "مخبز", "محطة وقود", "مسجد", "مبنى سكني", "حاجز عسكري",
           "نقطة تفتيش", "مقر أمني", "قافلة مساعدات", "سيارة مدنية", "شاحنة نقل", "مخيم للنازحين",
           "محطة كهرباء", "جسر", "مستودع ذخيرة", "موقع عسكري"]
AREAS = ["الحي الشرقي", "الحي الغربي", "وسط المدينة", "المنطقة الصناعية", "الأطراف الجنوبية", "السوق القديم",
         "الطريق الدولي", "المدخل الشمالي", "محيط المطار", "القرى المجاورة", "الضواحي الشمالية", "حي السلام",
         "حي الجامعة", "منطقة الميناء"]
NEEDS = ["الوقود", "المواد الغذائية", "الأدوية", "مياه الشرب", "الكهرباء", "حليب الأطفال", "الخبز",
         "الخدمات الصحية", "المأوى", "الأغطية"]
FEELINGS = ["حالة من الذعر", "موجة نزوح", "حالة من الترقب", "مخاوف من تصعيد جديد", "حالة استنفار",
            "توترا حذرا", "غضبا واسعا"]
OPENERS = ["", "", "", "وفي سياق متصل، ", "من جهة أخرى، ", "وفي تطور لاحق، ", "إلى ذلك، ", "في غضون ذلك، ",
           "وبحسب المعلومات المتوفرة، ", "وفي وقت سابق، "]


def _count(rng: random.Random) -> str:
    plural, single = rng.choice(VICTIMS)
    k = rng.choice([rng.randint(3, 10), rng.randint(3, 10), rng.randint(11, 40), rng.randint(11, 250)])
    if k <= 10:
        num = NUMBER_WORDS[k - 3] if rng.random() < 0.4 else str(k)
        return f"{rng.choice(QUALIFIERS)}{num} {plural}"
    return f"{rng.choice(QUALIFIERS)}{k} {single}"


def _day(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.45:
        return f"{rng.choice(DAY_PARTS)} {rng.choice(DAY_NAMES)}"
    if r < 0.6:
        return rng.choice(["أمس", "اليوم", "فجر اليوم", "مساء أمس", "صباح اليوم", "ليلة أمس"])
    if r < 0.85:
        return f"في {rng.randint(1, 28)} {rng.choice(MONTHS)}"
    return rng.choice(["قبل يومين", "قبل ثلاثة أيام", "الأسبوع الماضي", "مطلع الأسبوع", "خلال الساعات الماضية",
                       "في وقت متأخر من الليل", "الليلة الماضية"])


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(FAMILY_NAMES)}"


# Sentence templates, written for this benchmark.  Slots: {a} {b} the article's two sides, {x}
# another side of the same theatre, {p} {q} places of the theatre, {p0} the article's place,
# {d} a day, {n} {m} counts, {w} a weapon, {t} a target, {ar} an area, {src} a source, {pn} a
# person, {role}, {mon} a monitor, {need}, {feel}, {k} {h} small numbers.
TEMPLATES = [
    "قالت {src} إن {a} شنت {d} هجوما على مواقع {b} في {p}، ما أسفر عن مقتل {n} وإصابة آخرين.",
    "أفاد {src} بأن اشتباكات عنيفة اندلعت {d} بين {a} و{b} على أطراف {p} واستمرت {h} ساعات.",
    "وذكر بيان صادر عن {a} أن وحداته تمكنت من استعادة السيطرة على {k} قرى في محيط {p}.",
    "وأضاف {pn}، {role} {a}، في تصريح صحفي: «نواصل عملياتنا في {p} حتى تأمين {ar} بالكامل».",
    "وشهدت مدينة {p} {d} خروج مظاهرة شارك فيها المئات للمطالبة بتوفير {need} والإفراج عن المعتقلين.",
    "وسقطت {w} على أحياء سكنية في {p}، وأدى القصف إلى إصابة {n} بينهم أطفال.",
    "من جهتها، نفت {b} في بيان أن تكون قواتها قد انسحبت من مواقعها في {ar} بمدينة {p}.",
    "وتأتي هذه التطورات بعد {k} أسابيع من الهدوء النسبي الذي شهدته {p} عقب اتفاق لوقف إطلاق النار.",
    "وأشار {src} إلى أن {w} استهدفت {t} على الطريق الواصل بين {p} و{q} {d}.",
    "ويعاني السكان في {p} من نقص حاد في {need} و{need2} منذ {k} أشهر.",
    "وقتل {n} {d} في غارة جوية استهدفت {t} في {ar} من مدينة {p}، وفق ما أعلنه {mon}.",
    "وأعلن {mon} أن حصيلة ضحايا القصف على {p} ارتفعت إلى {m}، مرجحا ارتفاعها خلال الساعات المقبلة.",
    "واعتقلت {a} {d} {n} خلال حملة مداهمات في {ar} بمدينة {p}، بحسب {src}.",
    "واتهم {pn}، {role} {b}، قوات {a} بخرق الهدنة عبر قصف {t} في {p} بـ{w}.",
    "وانفجرت {w} {d} قرب {t} في {p}، ما أدى إلى مقتل {n} وإصابة {m} آخرين بجروح متفاوتة.",
    "وقالت {mon} إن {z} أسرة نزحت من {p} باتجاه {q} خلال الأيام {h} الماضية هربا من المعارك.",
    "وأحكمت {a} سيطرتها على {p} بعد معارك مع {b} استمرت {k} أيام، وفق {src}.",
    "ونقلت {outlet} عن {src} قولها إن {x} دفعت بتعزيزات عسكرية إلى {ar} في {p}.",
    "وأكد {pn}، {role} {x}، أن الوضع في {p} «تحت السيطرة» رغم سقوط {w} {d}.",
    "وتعرضت دورية تابعة لـ{a} لكمين {d} على طريق {p} - {q}، أسفر عن مقتل {n}.",
    "وخطف مسلحون مجهولون {n} على طريق {q} {d}، ولم تتبن أي جهة عملية الخطف حتى الآن.",
    "وأطلقت {b} سراح {n} كانت تحتجزهم منذ {k} أشهر، في إطار صفقة تبادل جرت بوساطة محلية في {p}.",
    "وأغلقت {a} الطرق المؤدية إلى {p} لليوم الـ{z} على التوالي، ما فاقم أزمة {need} في المدينة.",
    "ودعت {mon} أطراف النزاع في {p} إلى السماح بدخول {need} وتحييد {t2} عن العمليات العسكرية.",
    "وتظاهر العشرات {d} أمام مقر {x} في {p} احتجاجا على مقتل {pn} برصاص مجهولين.",
    "وسادت {feel} في {p} بعد سماع دوي انفجارات متتالية في {ar} {d}.",
    "وأحصت {mon} مقتل {m} منذ مطلع الشهر في {p} ومحيطها، بينهم {n}.",
    "وقال {pn}، أحد سكان {ar} في {p}، إن عائلته غادرت منزلها {d} بعد اشتداد القصف.",
    "وردت {b} بقصف مواقع {a} في {q} بـ{w}، دون ورود معلومات عن إصابات.",
    "وأسقطت {a} {d} طائرة مسيرة قالت إنها تابعة لـ{b} فوق {p}.",
    "وتبادلت {a} و{b} الاتهامات بالمسؤولية عن قصف {t} في {p} الذي أودى بحياة {n}.",
    "وأفاد {outlet} بأن {x} نفذت حملة اعتقالات طالت {n} في {q} بتهمة التعاون مع {b}.",
    "وأعلنت {a} مقتل قيادي بارز في {b} يدعى {pn} خلال عملية أمنية في {p} {d}.",
    "وفي {p}، قال {src} إن {n} أصيبوا جراء سقوط {w} على {t} في {ar}.",
    "وشيع المئات في {p} {d} جثامين {n} قتلوا في القصف الأخير على {q}.",
    "وبحسب {outlet}، فإن {a} استقدمت {z} آلية عسكرية إلى خطوط التماس مع {b} غرب {p}.",
    "ويأتي الهجوم بعد {k} أيام من هجوم مماثل على {t} في {q} أسفر عن مقتل {m}.",
    "وطالب {pn}، {role} {x}، بفتح تحقيق مستقل في الهجوم على {t} في {p}.",
    "وأعادت السلطات فتح {t} في {p} بعد {z} يوما من إغلاقه بسبب المعارك.",
    "ووصلت قافلة مساعدات تضم {z} شاحنة إلى {p} {d}، تحمل {need} و{need2}.",
    # Background, politics and daily life: most sentences of a real report tell no happening.
    "ويقدر عدد سكان {p} بنحو {z} ألف نسمة، يعتمد معظمهم على الزراعة وتربية المواشي.",
    "وكانت {p} قد شهدت خلال العام الماضي موجة عودة للنازحين بعد تحسن نسبي في {need}.",
    "وتعد {p} من أكبر مدن المنطقة، وتقع على بعد {z} كيلومترا من {q}.",
    "وارتفعت أسعار {need} في أسواق {p} بنسبة {k}0 بالمئة خلال الشهر الجاري، بحسب تجار محليين.",
    "وأوضح {pn}، مدير مدرسة في {ar} بمدينة {p}، أن الدوام توقف {k} أيام بسبب انقطاع {need}.",
    "ويطالب أهالي {p} منذ سنوات بإعادة تأهيل {t} الذي تضرر خلال السنوات الماضية.",
    "ومن المقرر أن يعقد ممثلون عن {a} و{b} جولة محادثات جديدة في {q} الأسبوع المقبل.",
    "وقال {pn}، الباحث في الشؤون السياسية، إن المشهد في {p} «مرشح لمزيد من التعقيد» خلال الأشهر المقبلة.",
    "وأعلنت السلطات المحلية في {p} تمديد ساعات عمل {t} لتخفيف الضغط على السكان.",
    "وتشهد {p} منذ {k} أسابيع ازدحاما على محطات الوقود بسبب تأخر وصول الشحنات من {q}.",
    "وأطلقت {mon} حملة لتوزيع {need} على {z} عائلة في {ar} بمدينة {p}.",
    "وأشار تقرير صادر عن {mon} إلى أن نحو {k}0 بالمئة من سكان {p} بحاجة إلى {need}.",
    "ويسعى المجلس المحلي في {p} إلى استكمال مشروع لإيصال {need} إلى {z} منزلا قبل نهاية العام.",
    "ولم يتسن التحقق من هذه المعلومات من مصدر مستقل حتى ساعة إعداد هذا التقرير.",
]
TITLES = [
    "اشتباكات بين {a} و{b} في {p}", "مقتل {n} في قصف على {p}", "{a} تعلن السيطرة على مواقع في {p}",
    "تصعيد عسكري في {p} وسقوط ضحايا", "غارة جوية على {p} توقع {n}", "نزوح مئات الأسر من {p}",
    "{b} تنفي الانسحاب من {p}", "هجوم بـ{w} على {t} في {p}", "توتر أمني في {p} بعد انفجار {w}",
]
CHROME = ["تخطى إلى المحتوى", "الرئيسية", "أخبار", "سياسة", "اقتصاد", "رياضة", "شارك", "طباعة", "XS", "SM", "MD", "LG"]


def _slots(rng: random.Random, iso2: str, a: str, b: str, p0: str) -> dict[str, str]:
    actors, places = THEATRES[iso2]
    need, need2 = rng.sample(NEEDS, 2)
    t, t2 = rng.sample(TARGETS, 2)
    return {
        "a": a, "b": b, "x": rng.choice(actors), "p0": p0,
        "p": p0 if rng.random() < 0.4 else rng.choice(places), "q": rng.choice(places),
        "d": _day(rng), "n": _count(rng), "m": _count(rng), "w": rng.choice(WEAPONS), "t": t, "t2": t2,
        "ar": rng.choice(AREAS), "src": rng.choice(SOURCES), "pn": _person(rng), "role": rng.choice(ROLES),
        "mon": rng.choice(MONITORS), "need": need, "need2": need2, "feel": rng.choice(FEELINGS),
        "outlet": rng.choice(OUTLETS), "k": str(rng.randint(2, 9)), "h": str(rng.randint(2, 9)),
        "z": str(rng.randint(11, 300)),
    }


def article(rng: random.Random, target_chars: int = 3000) -> tuple[str, str]:
    """One (title, body) pair of about `target_chars` characters: one theatre, two sides, a
    varied mix of the templates in a random order, one to three sentences a paragraph."""
    iso2 = rng.choice(sorted(THEATRES))
    actors, places = THEATRES[iso2]
    a, b = rng.sample(actors, 2)
    p0 = rng.choice(places)
    title = rng.choice(TITLES).format(**_slots(rng, iso2, a, b, p0))
    order = rng.sample(TEMPLATES, len(TEMPLATES))
    paras: list[str] = []
    size = 0
    while size < target_chars:
        para = []
        for _ in range(rng.choice([1, 1, 2, 2, 3])):
            if not order:
                order = rng.sample(TEMPLATES, len(TEMPLATES))
            opener = rng.choice(OPENERS)
            s = order.pop().format(**_slots(rng, iso2, a, b, p0))
            if s.startswith("و") and (opener or not para and rng.random() < 0.5):
                s = s[1:]  # after an opener, and often at a paragraph's start, no "و"
            s = opener + s
            para.append(s)
        text = " ".join(para)
        paras.append(text)
        size += len(text) + 2
    return title, "\n\n".join(paras)


_CHROME_LINES = frozenset(CHROME)
_SENTENCE_END = re.compile(r"(?<=[.!؟?])\s+|\n+")


def unique_sentence_ratio(texts: list[str]) -> float:
    """Share of the sentences (split at final punctuation and line breaks; site chrome lines
    left out) that occur once in `texts`."""
    counts: dict[str, int] = {}
    for text in texts:
        for s in _SENTENCE_END.split(text):
            s = s.strip()
            if s and s not in _CHROME_LINES:
                counts[s] = counts.get(s, 0) + 1
    total = sum(counts.values())
    return round(sum(1 for c in counts.values() if c == 1) / total, 3) if total else 0.0


def plain_articles(n: int, seed: int = 7, with_chrome: bool = True) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        title, body = article(rng)
        head = "\n".join(rng.sample(CHROME[:8], 4)) + "\n\n" if with_chrome else ""
        tail = "\n\n" + "\n".join(CHROME[8:]) if with_chrome else ""
        out.append(f"{head}{title}\n\n{body}{tail}")
    return out


def html_articles(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        title, body = article(rng)
        paras = "".join(f"<p>{p}</p>\n" for p in body.split("\n\n"))
        nav = "".join(f'<li><a href="/s{j}">{c}</a></li>' for j, c in enumerate(CHROME[:6]))
        out.append(
            f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title}</title>'
            f'<meta property="og:site_name" content="موقع تجريبي"><meta property="article:published_time" '
            f'content="2024-0{1 + i % 9}-1{i % 10}T10:00:00Z"></head><body><nav><ul>{nav}</ul></nav>'
            f"<article><h1>{title}</h1>{paras}</article><aside><h3>اقرأ أيضا</h3><ul><li><a href='/x'>"
            f"خبر آخر</a></li></ul></aside><footer>جميع الحقوق محفوظة</footer></body></html>"
        )
    return out


# --- incident reports: many outlets telling the same happenings -----------------------------
# A newsroom-like feed for the store benchmark: each generated incident (a place, a day, a type,
# the actors, a toll) is told by 1-4 outlets, a day or two apart, with tolls that drift as counts
# are revised, the place sometimes named only by its province, and other incidents on the same
# day nearby, so merging has real work (and real traps) at every size.

# (Arabic name as news writes it, province as news writes it, country) -- towns the gazetteer knows.
INCIDENT_PLACES = [
    ("كفرنبل", "إدلب", "SY"), ("سراقب", "إدلب", "SY"), ("الميادين", "دير الزور", "SY"),
    ("البوكمال", "دير الزور", "SY"), ("منبج", "حلب", "SY"),
    ("الموصل", "نينوى", "IQ"), ("تلعفر", "نينوى", "IQ"), ("بعقوبة", "ديالى", "IQ"), ("الفلوجة", "الأنبار", "IQ"),
    ("نيالا", "جنوب دارفور", "SD"), ("أم درمان", "الخرطوم", "SD"), ("الأبيض", "شمال كردفان", "SD"),
    ("مقديشو", "بنادر", "SO"), ("جنين", "الضفة الغربية", "PS"), ("طولكرم", "الضفة الغربية", "PS"),
    ("خان يونس", "غزة", "PS"),
]
# country → (attacker, target) pairs as news names them (sides the knowledge base knows).
INCIDENT_ACTORS = {
    "SY": [("الجيش السوري", "هيئة تحرير الشام"), ("قوات سوريا الديمقراطية", "تنظيم داعش"),
           ("الجيش السوري", "مدنيين")],
    "IQ": [("الحشد الشعبي", "تنظيم داعش"), ("الجيش العراقي", "تنظيم داعش"), ("تنظيم داعش", "مدنيين")],
    "SD": [("قوات الدعم السريع", "الجيش السوداني"), ("قوات الدعم السريع", "مدنيين")],
    "SO": [("حركة الشباب", "الجيش الصومالي"), ("حركة الشباب", "مدنيين")],
    "PS": [("الجيش الإسرائيلي", "مدنيين"), ("الجيش الإسرائيلي", "مسلحين")],
}
INCIDENT_KINDS = {
    "airstrike": "قتل {n} {b} في غارة جوية شنتها طائرات {a} على {p} {d}",
    "shelling": "قتل {n} {b} في قصف مدفعي نفذه {a} على {p} {d}",
    "armed_clash": "اندلعت {d} اشتباكات عنيفة بين {a} و{b} في {p} أسفرت عن مقتل {n} أشخاص",
    "explosion": "قتل {n} {b} في انفجار عبوة ناسفة استهدفت سيارة في {p} {d}، واتهمت مصادر محلية {a}",
}
INCIDENT_FILLER = [
    "وأفادت مصادر طبية بأن حصيلة الضحايا مرشحة للارتفاع بسبب وجود إصابات خطيرة.",
    "وتأتي هذه التطورات بعد أسابيع من الهدوء النسبي الذي شهدته المنطقة.",
    "وقال شهود عيان إن سيارات الإسعاف هرعت إلى المكان ونقلت الجرحى إلى المستشفى.",
    "ولم تعلق الجهات الرسمية على الحادثة حتى ساعة إعداد هذا التقرير.",
    "ويعاني السكان في المنطقة من نقص حاد في الوقود والمواد الغذائية منذ بداية العام.",
    "وطالبت منظمات حقوقية بفتح تحقيق مستقل في الحادثة ومحاسبة المسؤولين عنها.",
]
INCIDENTS_PER_DAY = 12  # across all places: the feed's density stays constant as it grows
START_DATE = "2023-01-01"
_WEEKDAYS_AR = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]


def incident_reports(n: int, seed: int = 7):
    """`n` reports as dicts: the incident's facts (`incident`, `kind`, `place`, `province`, `iso2`,
    `actor1`, `actor2`, `date`, `fatalities`, `coarse`) and the report's own (`url`, `outlet`,
    `published`, `date_phrase`, `title`, `text`); deterministic for a given seed."""
    import datetime as dt

    rng = random.Random(seed)
    start = dt.date.fromisoformat(START_DATE)
    made = incident = 0
    while made < n:
        place, province, iso2 = rng.choice(INCIDENT_PLACES)
        a, b = rng.choice(INCIDENT_ACTORS[iso2])
        kind = rng.choice(sorted(INCIDENT_KINDS))
        day = start + dt.timedelta(days=incident // INCIDENTS_PER_DAY)
        toll = rng.choice([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 15, 20])
        outlets = rng.sample(OUTLETS, min(n - made, rng.choice([1, 1, 2, 2, 3, 4])))
        for k, outlet in enumerate(outlets):
            lag = 0 if k == 0 else rng.choice([0, 1, 1, 2])
            published = day + dt.timedelta(days=lag)
            date_phrase = {0: "اليوم", 1: "أمس"}.get(lag, "يوم " + _WEEKDAYS_AR[day.weekday()])
            coarse = k > 0 and rng.random() < 0.25
            where = f"ريف {province}" if coarse else place
            n_dead = toll + (rng.choice([0, 0, 1, 2]) if k else 0)
            lead = INCIDENT_KINDS[kind].format(n=n_dead, a=a, b=b, p=where, d=date_phrase)
            body = " ".join([lead + "."] + rng.sample(INCIDENT_FILLER, rng.randint(2, 4)))
            made += 1
            yield {"incident": incident, "kind": kind, "place": place, "province": province, "iso2": iso2,
                   "actor1": a, "actor2": b, "date": day, "fatalities": n_dead, "coarse": coarse,
                   "url": f"https://{seed}.bench.example.org/{incident}/{k}", "outlet": outlet,
                   "published": published, "date_phrase": date_phrase, "title": lead[:60], "text": body}
        incident += 1
