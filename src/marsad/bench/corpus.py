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
