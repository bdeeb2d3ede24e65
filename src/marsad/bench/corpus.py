"""Generated benchmark corpora: realistic-shaped Arabic articles written from the project's own
sentence templates (no third-party text), deterministic for a given seed."""

from __future__ import annotations

import random

ACTORS = ["قوات سوريا الديمقراطية", "الجيش السوري", "تنظيم داعش", "الحشد الشعبي", "جماعة الحوثي",
          "قوات الدعم السريع", "الجيش السوداني", "حركة الشباب", "الجيش الوطني الليبي", "هيئة تحرير الشام"]
PLACES = ["دير الزور", "ريف إدلب الجنوبي", "الموصل", "محافظة ديالى", "مأرب", "الحديدة", "الفاشر", "أم درمان",
          "مقديشو", "بنغازي", "سرت", "الرقة", "منبج", "كركوك", "تعز"]
DAYS = ["الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "أمس", "فجر اليوم"]
NUMBERS = ["ثلاثة", "خمسة", "سبعة", "عشرة", "12", "نحو 20", "ما لا يقل عن 9", "اثنين"]
TEMPLATES = [
    "قالت مصادر محلية إن {a} شنت {d} هجوما على مواقع {b} في {p}، ما أسفر عن مقتل {n} عناصر وإصابة آخرين.",
    "أفاد مراسلنا بأن اشتباكات عنيفة اندلعت {d} بين {a} و{b} على أطراف {p} واستمرت عدة ساعات.",
    "وذكر بيان صادر عن {a} أن وحداته تمكنت من استعادة السيطرة على عدد من القرى في محيط {p}.",
    "وأضاف المتحدث باسم {a} في تصريح صحفي: «نواصل عملياتنا حتى تأمين المنطقة بالكامل».",
    "وشهدت مدينة {p} {d} خروج مظاهرة شارك فيها المئات للمطالبة بتحسين الخدمات والإفراج عن المعتقلين.",
    "وسقطت قذائف هاون على أحياء سكنية في {p}، وأدى القصف إلى إصابة {n} مدنيين بينهم أطفال.",
    "من جهتها، نفت {b} في بيان أن تكون قواتها قد انسحبت من مواقعها في {p}.",
    "وتأتي هذه التطورات بعد أسابيع من الهدوء النسبي الذي شهدته المنطقة عقب اتفاق لوقف إطلاق النار.",
    "وأشار ناشطون إلى أن طائرة مسيرة استهدفت سيارة على الطريق الواصل بين {p} والمناطق المجاورة.",
    "ويعاني السكان في {p} من نقص حاد في الوقود والمواد الغذائية منذ بداية العام.",
]
CHROME = ["تخطى إلى المحتوى", "الرئيسية", "أخبار", "سياسة", "اقتصاد", "رياضة", "شارك", "طباعة", "XS", "SM", "MD", "LG"]


def article(rng: random.Random, target_chars: int = 3000) -> tuple[str, str]:
    """One (title, body) pair of about `target_chars` characters."""
    a, b = rng.sample(ACTORS, 2)
    p = rng.choice(PLACES)
    title = f"اشتباكات بين {a} و{b} في {p}"
    paras: list[str] = []
    size = 0
    while size < target_chars:
        t = rng.choice(TEMPLATES)
        s = t.format(a=a, b=b, p=rng.choice(PLACES), d=rng.choice(DAYS), n=rng.choice(NUMBERS))
        paras.append(s)
        size += len(s) + 2
    return title, "\n\n".join(paras)


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
OUTLETS = ["وكالة الأنباء المحلية", "صحيفة المساء", "قناة الأفق", "موقع الخبر اليقين", "إذاعة الشرق",
           "شبكة الرصد", "صحيفة الغد", "وكالة الأنباء الإقليمية"]
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
