"""Arguments of an event from Arabic clause structure: who did it (actor1), to whom (actor2),
where, when, how many, according to whom.

Agents stand before the trigger (SVO) or right after a verb trigger (VSO), after passive cues
("من قبل", "نفذته") or inside the trigger phrase ("طيران التحالف"); targets follow "على" / "ضد"
/ "استهدف"; "بين X و Y" names both sides of a clash; people counted as casualties are victims.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from ..document import Document, Sentence, Span
from ..kb.entities import OWNERLESS_FORCES, actor_span, demonyms, load_kb, opens_section
from ..kb.gazetteer import SETTLEMENT_FEATURES, haversine_km
from ..kb.matcher import name_key
from ..kb.nisbas import accusative_nationality, nationality_of
from ..kb.places import is_name_head
from .docindex import DocIndex, forms_of, prev_keys, spans_in, token_range
from .numbers import find_casualties
from .quotes import load_speech_verbs
from .triggers import Happening, TriggerMatch, load_triggers


# Words right before an actor that make it the target (actor2) of the event.
TARGET_CUES = frozenset(name_key(w) for w in (
    # (the verb "استهدف" is left out: in VSO the actor right after it is its subject)
    "على", "ضد", "استهداف", "طالت", "مواقع", "موقع", "مقرات", "مقر", "نقاط", "نقطة",
    "تجمعات", "تجمع", "تجمعا", "آليات", "دورية", "حاجز", "ثكنة", "معاقل", "معقل", "باتجاه", "against", "targeting", "on",
    # the people a struck vehicle carries: "حافلة تقل الجنود"
    "تقل", "يقل", "تنقل", "ينقل", "carrying",
    # English: "fired rockets at a base hosting U.S. troops"
    "at", "hosting", "housing",
))

# "سيطرت عليه قوات X": a preposition carrying a pronoun has its object already; the actor after
# it is the verb's subject, not a target.
PRONOUN_PREPS = frozenset(name_key(w) for w in (
    "عليه", "عليها", "عليهم", "عليهما", "عليهن", "ضده", "ضدها", "ضدهم", "ضدهما",
))

# "مناطق خاضعة لسيطرة X" / "areas under X's control": X holds the place struck or taken.
CONTROL_NOUNS = frozenset(name_key(w) for w in ("سيطرة", "لسيطرة", "control"))
UNDER_WORDS = frozenset(name_key(w) for w in ("خاضعة", "الخاضعة", "خاضع", "الخاضع", "الخاضعين", "تحت", "under"))
HELD_WORDS = frozenset(("held", "controlled"))

# Verbs whose object is the thing struck: "استهدف كمينا للجيش" (the ambush post belongs to the army).
TARGET_VERBS = frozenset(name_key(w) for w in (
    "استهدف", "استهدفت", "يستهدف", "تستهدف", "استهدفوا", "هاجم", "هاجمت", "هاجموا",
))

AIMING_VERBS = frozenset(name_key(w) for w in ("استهدف", "استهدفت", "يستهدف", "تستهدف"))
# "اعتقلت القوات قياديا في تنظيم داعش": the member taken, as the member struck.
TAKING_VERBS = frozenset(name_key(w) for w in (
    "اعتقل", "اعتقلت", "اعتقلوا", "يعتقل", "تعتقل", "أوقف", "أوقفت", "اختطف", "اختطفت", "خطف", "خطفت", "أسر", "أسرت",
    "arrested", "detained", "captured", "abducted", "kidnapped",
    # (and the member killed: "اغتالت مسيرة إسرائيلية قياديا في حركة حماس")
    "اغتال", "اغتالت", "اغتالوا", "يغتال", "تغتال", "قتل", "قتلت", "قتلوا", "assassinated", "killed"))

# Words right before an actor that make it the agent of a passive or nominal clause.
BEFORE, THAT = name_key("قبل"), name_key("أن")
AFTER_AR = name_key("بعد")
LATER_OPENERS = frozenset({"before", "until", "after"})
# People counted ("14 شخصا", "شخصان") as victims of a strike or attack.
PEOPLE_TWO = frozenset(name_key(w) for w in ("شخصان", "شخصين"))
PEOPLE_WORDS = PEOPLE_TWO | frozenset(name_key(w) for w in (
    "شخصا", "شخصاً", "أشخاص", "اشخاص", "people", "persons",
    # people counted by their nationality ("killing three Palestinians", "مقتل خمسة سوريين")
    # (not "سوريا", "ليبيا": the countries themselves)
    "فلسطينيا", "فلسطينيين", "سوريين", "عراقيا", "عراقيين", "يمنيا", "يمنيين", "سودانيا", "سودانيين",
    "لبنانيا", "لبنانيين", "ليبيين", "صوماليا", "صوماليين", "أفغانيا", "أفغان", "مصريا", "مصريين",
    "Palestinians", "Syrians", "Iraqis", "Yemenis", "Sudanese", "Lebanese", "Libyans", "Somalis", "Afghans",
    "Egyptians", "Israelis", "Malians", "Nigerians", "Pakistanis"))
# English singular people, counted by "a"/"an" ("shot dead a Palestinian man")
EN_ONE_PERSON = frozenset({"man", "woman", "boy", "girl", "teenager", "child", "youth", "civilian"})
PEOPLE_TARGETED_TYPES = frozenset({"attack", "suicide_bomb", "remote_explosive_ied", "airstrike", "arrest", "abduction",
                                   "shelling_artillery_missile", "violence_against_civilians"})
CLITIC_PREFIXES = frozenset({"ب", "بال", "ل", "لل", "و", "وال", "ال", "ف", "فال", "وب", "وبال"})
# Members named by a bare noun before the force they belong to ("جنود الجيش الإسرائيلي").
BARE_FORCE_WORDS = frozenset(name_key(w) for w in (
    "جنود", "عناصر", "قوات", "مقاتلي", "مقاتلو", "أفراد", "ضباط", "جنديا", "جنديين", "جنديان", "soldiers", "troops"))
# "أعلنت كتائب القسام استهداف ...": the act an announcement names right after the party.
OWN_ACT_NOUNS = frozenset(name_key(w) for w in (
    "استهداف", "قصف", "تنفيذ", "شن", "إطلاق", "اغتيال", "تفجير", "أسر", "اعتقال", "تدمير", "إسقاط", "اقتحام"))
# "باتجاه جنوب المملكة", "نحو إسرائيل", "towards Israel": where a missile was aimed.
TOWARDS_WORDS = frozenset(name_key(w) for w in ("باتجاه", "نحو", "صوب", "towards", "toward"))
AGENT_CUES = frozenset(name_key(w) for w in (
    "قبل", "نفذته", "نفذها", "شنته", "شنها", "شنتها", "تبناه", "تبنته", "لطائرات", "طائرات", "طائرة", "مقاتلات",
    # "قتل عنصر ... برصاص الجيش": by the army's bullets, fire; "على يد مسلحين": at their hands
    "برصاص", "بنيران", "يد", "أيدي",
    "by",
))

NON_STATE_KINDS = frozenset({"rebel_group", "jihadist_group", "militia", "political_party"})
UNKNOWN_DESTINATIONS = frozenset(name_key(w) for w in ("جهة مجهولة", "جهات مجهولة", "مكان مجهول"))
TO_WORDS = frozenset(name_key(w) for w in ("إلى", "الى", "to"))
# "نفذها", "شنته": a verb whose object is the act itself, and whose subject comes next or was told.
# Happenings a state's force reports, never carries out as its own operation.
REPORTED_BY_THE_STATE = frozenset({"remote_explosive_ied", "suicide_bomb", "abduction"})
# Who claims a happening: the party right after a claim verb ("وتبنت حركة الشباب الهجوم") or
# right before its responsibility ("أعلنت الحركة مسؤوليتها", "the group claimed responsibility").
CLAIM_VERBS = frozenset(name_key(w) for w in ("تبنى", "تبنت", "يتبنى", "تتبنى", "تبنوا"))
CLAIMED_RESPONSIBILITY = re.compile(
    r"\s*(?:مسؤوليت|مسئوليت|المسؤولية|المسئولية)|\s+(?:has\s+|have\s+|had\s+)?claimed\b")
ENEMY_DEATH_NOUNS = frozenset(name_key(w) for w in ("مقتل", "تحييد", "القضاء"))
IN_AN_OPERATION = re.compile(r"(?:في|خلال|إثر|اثر) (?:ال)?(?:عملي(?:ة|ات)|اشتباكات|مواجهات|كمين|مداهم(?:ة|ات))")
ITS_DEED = frozenset(name_key(w) for w in ("نفذته", "نفذها", "نفذتها", "شنته", "شنها", "شنتها"))
# The agent word right before an actor after a killing: who shot, not who fell.
BY_FIRE_OF = frozenset(name_key(w) for w in ("by", "برصاص", "بنيران", "يد", "أيدي"))

SOURCE_CUES = frozenset(name_key(w) for w in (
    "أفاد", "أفادت", "ذكر", "ذكرت", "بحسب", "حسب", "وفق", "وفقا", "نقلت", "نقل", "نقلا", "قال", "قالت", "أعلن", "أعلنت",
    "أكد", "أكدت", "أوضح", "أوضحت", "according", "said", "reported", "told",
))
# The English verbs among them, which put the speaker after them only at a clause's end.
ENGLISH_SPEECH_CUES = frozenset(w for w in SOURCE_CUES if w.isascii()) - {"according"}
# English verbs whose object is the one a violent act was done to ("killed a senior commander").
ENGLISH_OBJECT_VERBS = frozenset((
    "killed", "killing", "attacked", "attacking", "struck", "striking", "targeted", "targeting", "hit", "hitting",
    "shelled", "shelling", "bombed", "bombing", "wounded", "wounding", "injured", "injuring", "abducted",
    "kidnapped", "arrested", "detained", "ambushed", "shot", "assassinated"))

# "موقع عسكري تابع له" / "one of its posts": the target belongs to the sentence's subject.
OWN_TARGET = re.compile(r"(?:^|\s)(?:ال)?تابع(?:ة|ا|ين|ان|تان)?\s+(?:له|لها|لهم)(?=\s|$|[،,.])|\bone of its (?:own )?\w+")

# Words that introduce an organisation's name: "تنظيم داعش", "حركة فتح".
ORG_NOUNS = frozenset(name_key(w) for w in ("تنظيم", "جماعة", "حركة", "ميليشيا", "ميليشيات", "مليشيا", "قوات", "جهاز",
                                              "the"))

TRIGGER_ADJECTIVES = frozenset(name_key(w) for w in ("مسلح", "مسلحا", "مسلحة", "إرهابي", "إرهابيا", "إرهابية",
                                                      "ارهابي", "ارهابيا", "ارهابية", "armed", "terrorist"))

# Forces that disperse or fire on a protest take part in it (ACLED's "protest with intervention").
# "تبادل الطرفان القصف", "exchanged fire": each side fired at the other.
EXCHANGE_WORDS = frozenset(name_key(w) for w in (
    "تبادل", "تبادلت", "تبادلا", "تبادلوا", "يتبادل", "يتبادلان", "تتبادل", "تبادلتا", "exchanged", "traded"))
DISPERSAL_WORDS = frozenset(name_key(w) for w in (
    "تفريق", "لتفريق", "فرقت", "فرق", "فض", "لفض", "فضت", "قمع", "قمعت", "المسيل", "disperse", "dispersed", "tear",
))

FROM_WORDS = frozenset(name_key(w) for w in ("من", "from"))

CAMP_WORDS = frozenset(name_key(w) for w in ("مخيم", "مخيمات", "المخيم"))

BETWEEN = frozenset({name_key("بين"), "between"})
ENGLISH_ARTICLES = frozenset({"the", "a", "an"})
# (a capitalised word between: the nationality of an unnamed group, "and Palestinian gunmen")
AND_LINK = re.compile(r",?\s+and\s+(?:the\s+)?(?:[A-Z][a-z]+\s+)?|\s+و")
MUTUAL_TYPES = frozenset({"armed_clash", "ceasefire_or_agreement"})
# Two groups of one kind named as one party, each of them a side of a clash or a deal.
TWO_GROUPS = frozenset(name_key(w) for w in (
    "عشيرتين", "العشيرتين", "عشيرتان", "عشيرتي", "قبيلتين", "القبيلتين", "قبيلتان", "قبيلتي", "عائلتين",
    "العائلتين", "clans", "tribes"))
EN_OWN_BEFORE = re.compile(r"\b(?:its|their) $")
EN_POSSESSED_PLACE = re.compile(r"['’]s (?:[a-z-]+ ){0,3}")
# Words that may stand between an English speaker and its verb: a second speaker, where it speaks.
EN_SPEAKER_LINKS = frozenset({"and", "at", "in"})
EN_PASSIVE_AUX = frozenset({"was", "were", "been", "being", "be", "is", "are"})
# "its forces", "قواتها": the forces of the party named before (the speaker).
OWN_FORCES = re.compile(r"\b(?:its|their) (?:forces|troops|soldiers|fighters|units|warplanes|aircraft|jets|drones)\b|"
                        r"(?<!\S)[وف]?(?:قوات|جنود|عناصر|مقاتلي|وحدات|طائرات|مقاتلات|مسيرات)(?:ها|ه|هم)(?!\S)")
# ACLED interaction codes of armed parties: state forces, rebels, militias, external forces.
ARMED_INTERS = (1, 2, 3, 4, 8)
# "أعلن الجيش أنه نفذ ضربة", "قال الجيش إنه شن غارات": the speaker says it did it itself.
SELF_REPORT = re.compile(r"(?<!\S)[أإا]ن(?:ه|ها|هم)(?!\S)"
                         r"|\b(?:said|says|announced)\s+(?:that\s+)?(?:it|they)\s+(?:had\s+|has\s+|have\s+)?")
# Verbs of carrying out that may stand between "أنه" and the happening's noun.
CARRY_OUT_VERBS = frozenset(name_key(w) for w in (
    "قد", "نفذ", "نفذت", "نفذوا", "شن", "شنت", "شنوا", "أطلق", "أطلقت", "أطلقوا", "وجه", "وجهت", "وجهوا",
    "استهدف", "استهدفت", "استهدفوا", "قصف", "قصفت", "قصفوا", "هاجم", "هاجمت", "هاجموا",
    "launched", "carried", "out", "conducted", "fired"))
# "the Hamas-run enclave", "Iran-backed rebels": the name qualifies the noun after it; it is no side.
# "near a police station", "an army convoy": the force owns the thing struck, it is the target.
EN_OWNED_THING = re.compile(r"\s+(?:stations?|headquarters|bases?|posts?|outposts?|checkpoints?|convoys?|patrols?|"
                            r"vehicles?|barracks|compounds?|positions?)\b")
COMPOUND_MODIFIER = re.compile(r"-(?:run|backed|supported|"
                               r"sponsored|funded|armed|trained|administered|governed|dominated|operated|"
                               r"linked|allied|affiliated|aligned|inspired)\b")
SENTENCE_END = re.compile(r"[.!?؟\n]")
SOURCE_REACH = 200  # characters: a SOURCE span holding a place name is never longer
# A city's own neighbourhoods lie within this distance of its reference point (Gaza's, Aleppo's,
# Baghdad's within 10 km); a town this close to a named neighbourhood is the city it is in.
NEIGHBOURHOOD_REACH_KM = 12
PARTS_OF_A_CITY = frozenset({"neighbourhood", "landmark", "camp"})
# A settlement named right before a city it lies this close to is a district of it.
DISTRICT_REACH_KM = 10
# A place named inside a region ("بلدة كنصفرة في جبل الزاوية", "مدينة الباب بريف حلب") lies
# within this of the region's reference point (a mountain district, a city's countryside).
REGION_REACH_KM = 60
# The words between a neighbourhood and the city named as holding it.
CONTAINER_WORDS = frozenset(name_key(w) for w in (
    "في", "ب", "مدينة", "بمدينة", "المدينة", "شرقي", "غربي", "شمالي", "جنوبي", "شرق", "غرب", "شمال", "جنوب",
    "وسط", "ريف", "بريف", "،", ",",
    "of", "in", "the", "area", "district", "neighbourhood", "neighborhood", "quarter", "city", "eastern", "western",
    "northern", "southern", "central"))

BORDER_CUES = frozenset(name_key(w) for w in ("الحدود", "حدود", "الحدودية", "border"))

# "فروا إلى المساجد في صيدا": where people fled to is not where it happened.
FLIGHT_WORDS = frozenset(name_key(w) for w in (
    "الفرار", "فروا", "فرت", "فر", "هربوا", "الهرب", "نزحوا", "النزوح", "نزوح", "لجأوا", "اللجوء", "fled", "fleeing",
    "flee", "sheltered",
))
LAUNCH_VERBS = frozenset(name_key(w) for w in (
    "أطلق", "أطلقت", "أطلقه", "أطلقها", "أطلقوا", "أطلقته", "أطلقتها", "أطلقوه", "أطلقوها", "fired", "launched"))
# "قصف انطلاقا من مواقعها في مدينة سراقب": where fire came from is not where it fell.
ORIGIN_WORDS = frozenset(name_key(w) for w in ("انطلاقا", "مصدرها", "مصدره"))

# "على بعد 750 كيلومترا جنوب شرق طرابلس", "20 km north of X": X is a reference point, the
# place only when the sentence names no other (ACLED then codes the event near X).
# "موكب محافظ عدن", "وزارة الصحة في حكومة صنعاء", "المجلس البلدي لسوق الجمعة": the place an
# official, a government or a council governs names the office, not where it happened.
OFFICE_HOLDERS = frozenset(name_key(w) for w in ("محافظ", "والي", "حاكم", "عمدة", "حكومة", "سلطات", "البلدي",
                                                 "بلدية", "governor", "mayor"))
# "near Tarmiyah, north of Baghdad": a place a direction is given from locates another.
EN_DIRECTIONS = frozenset(name_key(w) for w in (
    "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
    "north-east", "north-west", "south-east", "south-west"))
EN_OF = frozenset({"of"})
# "أغلقوا الطريق المؤدي إلى حقل الرميلة": where a road leads is a reference point, not the place;
# so is where the dead were buried ("شيع المئات في أم درمان جثامين ثلاثة قتلوا في الفاشر").
REFERENCE_WORDS = frozenset(name_key(w) for w in (
    "المؤدي", "المؤدية", "leading", "شيع", "شيعت", "شيعوا", "تشييع", "يشيع", "funeral", "buried"))
DISTANCE_UNITS = frozenset(name_key(w) for w in (
    "كيلومتر", "كيلومترا", "كيلومترات", "كيلو", "كلم", "كم", "ميل", "ميلا", "أميال", "متر", "مترا", "أمتار",
    "km", "kilometres", "kilometers", "kilometre", "kilometer", "miles", "mile", "metres", "meters",
))

# Words right before an actor that make it a victim: "مقتل 4 جنود", "إصابة مدنيين".
# "12 people were killed when a suicide bomber ...": a new clause; who follows did it.
CLAUSE_OPENERS = frozenset(("when", "after", "as", "while", "عندما", "حين", "بعدما"))

VICTIM_CUES = frozenset(name_key(w) for w in (
    "مقتل", "قتل", "اصابة", "إصابة", "جرح", "استشهاد", "مصرع", "اعتقال", "اختطاف", "اعدام", "killing", "killed",
    "لقي", "لقيت", "لقيا", "لقوا",
    # Passive or intransitive only: whoever follows was hurt ("أصيب جنديان").
    "أصيب", "أصيبت", "أصيبا", "أصيبوا", "استشهد", "استشهدت", "استشهدوا",
    "wounding", "of",
))

# Members of a party, counted or struck ("ثلاثة من عناصر الشرطة", "قياديا في حركة الشباب").
MEMBER_NOUNS = frozenset(name_key(w) for w in (
    "عنصر", "عنصرا", "عناصر", "أفراد", "منتسبي", "قيادي", "قياديا", "قياديين", "قادة", "قائد", "قائدا",
    "مسؤول", "مسؤولا", "members", "member", "commander", "commanders", "leader", "leaders"))

# "انتحاري يرتدي زي الجيش": an actor whose uniform someone wears is a disguise, not a party.
DISGUISE_CUES = frozenset(name_key(w) for w in ("زي", "بزي", "أزياء", "ملابس", "بملابس", "لباس", "uniform", "uniforms"))

# Plural perfect verbs of doing, never passive in form: a counted group right before one did it
# ("ثمانية جنود نفذوا الغارة"), it is not among the casualties.
# Nouns of a unit of a force ("دورية للجيش", "مفرزة للجيش الوطني الشعبي").
UNIT_NOUNS = frozenset(name_key(w) for w in (
    "دورية", "مفرزة", "وحدة", "قوة", "كتيبة", "سرية", "فرقة", "رتل", "رتلا", "وحدات", "مفارز", "دوريات"))
# Places a state's forces hold, struck as a unit is ("قصفت الطائرات موقعا روسيا"); they never act.
STRUCK_UNIT_NOUNS = UNIT_NOUNS | frozenset(name_key(w) for w in ("موقع", "موقعا", "مقر", "مقرا", "نقطة", "نقاط"))
EN_OBJECT_VERBS = frozenset({"killed", "wounded", "injured", "shot", "abducted", "kidnapped", "attacked", "ambushed"})
EN_OBJECT_OPENERS = frozenset({"a", "an", "the", "at", "more", "dozens", "scores", "several", "many", "two"})
# Words after which a noun opens its clause as a subject.
SUBJECT_OPENERS = frozenset(name_key(w) for w in ("أن", "إن", "بأن", "حيث", "فيما", "بينما", "،", ","))
AGENT_VERBS_AFTER = frozenset(name_key(w) for w in (
    "نفذوا", "شنوا", "هاجموا", "أطلقوا", "اقتحموا", "داهموا", "فتحوا", "اختطفوا", "خطفوا", "اعتقلوا", "نصبوا",
    "carried", "launched", "attacked", "opened", "stormed", "raided",
))

MOUNT_PREPOSITIONS = frozenset(name_key(w) for w in ("على", "يستقلون", "يستقلان", "on", "in"))
# Kinds that take part in violence; others (governments, officials, parties) only when nothing armed is named.
FORCE_NOUNS = frozenset(name_key(w) for w in (
    "طائرات", "طائرة", "مقاتلات", "مقاتلة", "طيران", "مسيرة", "مسيرات", "قوات", "القوات", "مدفعية", "دبابات", "بوارج",
    "زوارق", "سفن", "صواريخ", "جنود", "الطائرات", "الطيران", "المدفعية", "الدبابات",
    "دبابة", "الدبابة", "مروحية", "مروحيات", "المروحية", "المروحيات", "زورق", "بارجة",
    "مدرعة", "مدرعات", "آليات", "قناص", "قناصة",
    # a unit as the subject ("قصفت دورية روسية مواقع"; not "بدورية أمريكية", the one struck)
    "دورية", "دوريات", "رتل", "مفرزة",
))

# "مسلحون بقيادة X", "militants led by X", "X-led militants": a generic group led by a named one is it.
LEADER_CUES = frozenset(name_key(w) for w in ("بقيادة", "يقودها", "يقوده", "تقودها", "تقوده", "led"))

# "مسلحين يعتقد انتماؤهم لتنظيم X": gunmen said to belong to X.
AFFILIATION_CUES = frozenset(name_key(w) for w in ("انتماؤهم", "انتمائهم", "انتماءهم", "المنتمين", "المنتمون", "ينتمي",
                                                    "ينتمون", "تنتمي", "belonging", "affiliated"))

# "مسلحون يعتقد أنهم من حركة الشباب", "gunmen believed to be from X": a hedge before the
# organisation still names it as the group's own.
HEDGE_CUES = frozenset(name_key(w) for w in ("يعتقد", "يرجح", "يشتبه", "يُعتقد", "يُرجح", "يُشتبه", "believed",
                                              "suspected", "thought"))

MEMBER_CUES = frozenset(name_key(w) for w in ("من", "تابعون", "تابعين", "ينتمون", "التابعين", "تابعة", "التابعة",
                                               "تابع", "التابع", "of", "from"))

SUBSET_WORDS = frozenset(name_key(w) for w in ("بينهم", "بينهن", "منهم", "منهن", "including"))
SUBSET_MARKERS = re.compile(r"(?:^|\s)(?:ب|و)?(?:بينهم|بينهن|منهم|منهن|including|among them)(?:\s|$)")
AIR_KINDS = frozenset({"state_military", "igo_mission"})
DRONE_WORDS = frozenset(name_key(w) for w in (
    "مسيرة", "مسيرات", "المسيرة", "المسيرات", "مسيرتين", "مسيرتان", "المسير", "مسير", "درون", "drone", "drones"))

# Forces named only by their allegiance are the party's own ("قوات موالية للحكومة"); militias
# and factions loyal to a state are their own party, the state backs them.
LOYAL_FORCE_NOUNS = frozenset(name_key(w) for w in ("قوات", "القوات", "وقوات", "forces", "troops"))

ARMED_KINDS = frozenset({"state_military", "police_security", "rebel_group", "jihadist_group", "militia", "generic",
                         "igo_mission"})

# "قوات موالية لـX" / "forces loyal to X": forces named only by their loyalty are X's own;
# other parties loyal to X ("جماعات موالية لتنظيم القاعدة") are backed by X.
LOYAL_CUES = frozenset(name_key(w) for w in ("الموالية", "الموالي", "الموالين", "الموالون", "موالية", "موال", "موالين",
                                              "موالون", "loyal"))

# "المدعومة من X" / "بدعم من X": X backs a party, it is an associated actor.
SUPPORT_CUES = frozenset(name_key(w) for w in ("المدعومة", "المدعوم", "المدعومين", "بدعم", "دعم", "بمساندة",
                                                "مساندة", "الموالية", "الموالي", "الموالين", "الموالون", "برفقة",
                                                "المتحالفة", "المتحالف", "المتحالفين", "متحالفة", "متحالفين", "allied",
                                                "بحماية", "حماية", "backed", "supported", "accompanied", "loyal",
                                                # "نفذها بالتعاون مع قوات الاتحاد الأفريقي": a partner in it
                                                "بالتعاون", "بالاشتراك", "بمشاركة",
                                                # "تظاهر الآلاف دعما للقوات المسلحة": the party a rally backs
                                                "دعما", "تأييدا", "تضامنا")) | LOYAL_CUES

# English support words take the supporter after "by"/"to" ("backed by X"); before a name in a
# compound ("Iran-backed Houthis") they describe the supported party.
EN_SUPPORT_LINKS = frozenset(("by", "to"))

# Place words that make the following place the event's location rather than a mention.
LOCATION_CUES = frozenset(name_key(w) for w in (
    "في", "ب", "قرب", "بالقرب", "شرقي", "غربي", "شمالي", "جنوبي", "شرق", "غرب", "شمال", "جنوب", "ريف", "بريف",
    "مدينة", "بلدة", "قرية", "محافظة", "حي", "مخيم", "منطقة", "أطراف", "محيط", "داخل", "in", "near", "at",
    # "the village of Huwara near Nablus": English names the kind of place before "of"
    "village", "town", "city", "camp", "district", "neighbourhood", "neighborhood",
))


def actor_record(span: Span | None) -> dict[str, Any] | None:
    if span is None:
        return None
    a = span.attrs.get("root") or span.attrs
    # A generic actor carries the story's country on its mention (ACLED's "Protesters (Israel)").
    return {"id": a.get("kb_id") or a.get("id"), "name": a.get("name"), "name_ar": a.get("name_ar"),
            "inter": a.get("inter"), "code": a.get("code"),
            "country": a.get("country") or span.attrs.get("country"), "text": span.text}


def location_record(span: Span | None) -> dict[str, Any] | None:
    if span is None:
        return None
    a = span.attrs
    return {k: a.get(k) for k in ("name", "name_ar", "admin1", "admin2", "country", "iso2", "lat", "lon",
                                  "geonameid", "geo_precision", "where_prec")} | {"text": span.text}


def assign_actors(doc: Document, sentence: Sentence, hap: Happening,
                   claimed: bool = False) -> tuple[Span | None, Span | None, list[Span]]:
    # "هجوم مسلح" (an armed attack): a generic word inside the trigger phrase describes the
    # attack, it names no party.
    in_scope = [a for a in spans_in(doc, "ACTOR", sentence.start, sentence.end)
                if not (a.attrs.get("kind") == "generic" and (_qualifies_trigger(hap, a) or _describes_camp(doc, a)
                                                              or _destination(doc, a)))
                and not prev_keys(doc, a.start, 1) & DISGUISE_CUES
                and not COMPOUND_MODIFIER.match(doc.text, a.end) and not _possessor_of_actor(doc, a)
                and not _country_of_dateline(doc, a) and not _parent_of_named(doc, a)]
    # A party announcing its own operation, gains or attack is its agent; otherwise a speaker is a source.
    # English "..., officials said" after the event told: the speaker is a source, whatever it announced.
    in_scope = [a for a in in_scope if not (a.start >= hap.anchor.end and _speaks_next(doc, a))]
    # "shot dead a Palestinian man who allegedly tried to stab soldiers": a party in a relative
    # clause about the victim is no side of the shooting.
    in_scope = [a for a in in_scope if not (a.start >= hap.anchor.end and a.text.isascii()
                                            and EN_RELATIVE.search(doc.text, hap.anchor.end, a.start))]
    # "..., said Alfred Alabo, a spokesman for the state police command": the body a speaker after
    # the event speaks for is a source, no side.
    speakers = [s for s in spans_in(doc, "SOURCE", hap.anchor.end, sentence.end) if s.attrs.get("kb_id")]
    if speakers:
        in_scope = [a for a in in_scope if not (a.attrs.get("kind") != "generic" and any(
            a.start >= s.start and a.attrs.get("kb_id") == s.attrs["kb_id"] for s in speakers))]
    # "Hamas said Israeli forces killed ...": the speaker of a report naming another party.
    # ("Hamas's armed wing said its fighters fired ...": its own fighters are no other party.)
    in_scope = [a for a in in_scope if not (a.end <= hap.anchor.start and _speaks_next(doc, a) and any(
        a.end < b.start < hap.anchor.start and not is_victim(doc, b)
        and not EN_OWN_BEFORE.search(doc.text, max(0, b.start - 7), b.start) for b in in_scope))]
    # "Medics at a hospital in Omdurman said ...": an unarmed English speaker is a source, no side.
    # "Iraqi Kurdish authorities said a drone attack hit ...": nor an armed one or a government
    # speaking of what befell, not of what it did ("said it", "said its jets").
    in_scope = [a for a in in_scope if not (a.end <= hap.anchor.start and a.text.isascii() and _speaks_next(doc, a)
                                            and not is_victim(doc, a) and (a.attrs.get("inter") not in ARMED_INTERS
                                                                          or hap.family != "strategic"
                                                                          and not _speaks_of_itself(doc, a)))]
    # ("said two women were killed": a counted victim after a speech verb is no speaker.)
    # (authorities announcing arrests made them: "أعلنت السلطات الليبية القبض على خلية")
    claimant = _claimant(doc, in_scope) if claimed else None
    actors = in_scope if hap.family == "strategic" or claimed and claimant is None else [
        a for a in in_scope if a is claimant or not _source_cued(doc, a) or is_victim(doc, a)
        or hap.type == "arrest" and a.attrs.get("kind") in ("government", "police_security")]
    actors = [_known_group(doc, a) for a in _specific_members(doc, actors)]
    announcer = claimant or (_announcer_of_own_forces(doc, in_scope, hap)
                             or _announcer_of_own_act(doc, in_scope, sentence)) if actors else None
    if announcer is not None:
        actors = [announcer] + [a for a in actors if a is not announcer]
    # "قال قيادي في حركة حماس إن الطائرات قتلت ...": the body its speaker speaks for is a source
    # (asked once per span: most of `actors` are spans of `in_scope`)
    spoken_for: dict[int, bool] = {}
    for a in (*in_scope, *actors):
        if a is not announcer and id(a) not in spoken_for:
            spoken_for[id(a)] = _speaker_body(doc, a, hap)
    if any(spoken_for.values()):
        actors = [a for a in actors if not spoken_for.get(id(a))]
        in_scope = [a for a in in_scope if not spoken_for.get(id(a))]
    if not actors and hap.anchor.definition.strength != "weak":
        # An armed party announcing its own operation ("أعلنت قيادة الدعم السريع أن قواتها ...");
        # a toll it gives ("..., said the health ministry") is no operation of its own.
        # (a state's force announcing a bombing's dead or an abduction reports it: neither is a
        # state's operation)
        actors = [a for a in in_scope if a.attrs.get("inter") in ARMED_INTERS
                  and not (a.attrs.get("inter") == 1 and hap.type in REPORTED_BY_THE_STATE)][:1]
        if actors and (OWN_TARGET.search(doc.text, actors[0].end, sentence.end)
                       or SUFFERED_BEFORE.search(doc.text, actors[0].end, hap.anchor.start)):
            # "أعلن الجيش استهداف موقع عسكري تابع له": the announcer owns the target; it was hit
            # (and "قالت القوات الأمريكية إن إحدى دورياتها تعرضت لهجوم").
            return None, _as_force(actors[0], hap.family), []
    if actors and hap.family != "strategic" and actors[0].end <= hap.anchor.start \
            and all(b.attrs.get("kb_id") == actors[0].attrs.get("kb_id") for b in actors[1:]) \
            and _speaks_next(doc, actors[0]) and OWN_TARGET.search(doc.text, actors[0].end, hap.anchor.start):
        # "The Israeli military said one of its soldiers was killed": the speaker lost the soldier
        # (no other party is named).
        return None, _as_force(actors[0], hap.family), []
    supporters = [a for a in actors if _supporter(doc, a)]
    actors = [a for a in actors if a not in supporters]
    # Clash between X and Y: the two sides named, whatever their kind ("بين الجيش وكتائب الوفاق").
    for i, a in enumerate(actors[:-1]):
        if _between_cued(doc, a):
            others = [b for b in actors[i + 1:] if b.attrs.get("kb_id") != a.attrs.get("kb_id")]
            if others:
                other = _other_side(doc, sentence, others)
                if hap.family == "demonstration" and a.attrs.get("inter") == 7:
                    a = _protesters_by_default(doc, hap, a)  # "مواجهات بين شبان وقوات الاحتلال": rioters
                return a, other, [b for b in others if b is not other] + supporters
    if hap.family != "strategic":
        # Civilians counted among the dead stay, as the targets ("two women were killed in an
        # Israeli strike"); authorities arrest ("Egyptian authorities detained ...").
        armed = [a for a in actors if a.attrs.get("kind") in ARMED_KINDS or a is announcer
                 or a.attrs.get("kind") == "generic" and a.attrs.get("inter") in (2, 3)  # "مسلحون"
                 or hap.family == "detention" and a.attrs.get("kind") == "government"
                 # (the party of those arrested: "بتهمة الانتماء لحركة الماك")
                 or hap.family == "detention" and a.attrs.get("kind") == "political_party"
                 or a.attrs.get("inter") == 7 and is_victim(doc, a)]
        # (civilians, a generic kind too, are no armed party: "استشهد طفلان جراء قصف إسرائيلي")
        actors = armed if any(a.attrs.get("kind") in ARMED_KINDS and a.attrs.get("inter") != 7 for a in armed) else actors
    anchor = hap.anchor
    if not actors:
        if hap.type == "military_operation_launch":
            return _official_announcer(doc, sentence), None, supporters
        # "قصفت طائرات روسية ...": no party named but by the nationality of its aircraft.
        agent = _demonym_agent(doc, anchor, sentence) or _protesters_by_default(doc, hap, None)
        target = _unit_of_nationality(doc, sentence, agent) if hap.family == "remote" else None
        if target is None and hap.type in PEOPLE_TARGETED_TYPES:
            target = _people_counted(doc, sentence, hap)
        return agent, target, supporters
    # Agents and targets ask the same of each actor: each answer is found once.
    victim = [is_victim(doc, a) for a in actors]
    holds = [_holds_place(doc, a) for a in actors]
    owner = [_owned_by(doc, a, anchor) for a in actors]
    suffered = [_suffered(doc, a, anchor) for a in actors]
    agents = [a for i, a in enumerate(actors)
              if not suffered[i] and a is announcer or ((_agent_cued(doc, a) and not _target_cued(doc, a, 1)
                                     # ("تظاهروا احتجاجا على مقتل مدنيين على يد قوات التحالف": who
                                     # killed those a protest mourns does not protest)
                                     and not (hap.family == "demonstration" and prev_keys(doc, a.start, 3) & BY_FIRE_OF))
                                    or owner[i] == "agent") and not victim[i] and not holds[i] and not suffered[i]]
    targets = [a for i, a in enumerate(actors) if a not in agents and (
        _target_cued(doc, a, 2) or victim[i] or owner[i] == "target" or holds[i] or suffered[i]
        # "استهدف قاعدة عين الأسد التي تستضيف قوات أمريكية": the party a relative clause puts in
        # the place struck
        or _in_relative_clause_after(doc, anchor, a.start)
        # "استعاد الجيش المدينة من داعش", "recaptured the province from the Houthis": the loser.
        or hap.type == "territorial_change" and _after_from(doc, a))]
    actor1 = actor2 = partner = None
    if agents:
        actor1 = agents[0]
    else:
        non_targets = [a for a in actors if a not in targets]
        # SVO: the closest actor before the trigger; VSO: the first actor right after it.
        # An actor inside the trigger phrase ("طيران التحالف") is its agent too.
        before = [a for a in non_targets if a.start < anchor.end]
        after = [a for a in non_targets if a.start >= anchor.end]
        if before:
            actor1 = before[-1]
            if len(before) > 1 and AND_LINK.fullmatch(doc.text, before[-2].end, before[-1].start):
                # "The army and the RSF agreed", "وقعت الحكومة السودانية وحركة تحرير السودان اتفاقا",
                # "Wagner mercenaries and Malian soldiers executed": a joint subject leads with its
                # first name; the second is the other side of a clash, a deal or an exchange of
                # fire ("تبادل الجيش والدعم السريع القصف"), else a partner in the deed.
                actor1, partner = before[-2], before[-1]
        elif after:
            # "استهدفت طائرة مسيرة تركية سيارة تقل قياديين في الوحدات": a subject named by its
            # nationality comes first in VSO; the party after it is the object.
            subject = _demonym_agent(doc, anchor, sentence)
            if subject is not None and subject.end <= after[0].start:
                actor1, targets = subject, targets + [after[0]]
            else:
                actor1 = after[0]
    if hap.type == "airstrike" and (actor1 is None or actor1.attrs.get("kind") not in AIR_KINDS):
        # Aircraft belong to states and coalitions: a non-state group named with a strike is its
        # target, unless the strike is by drone, which armed groups fly too.
        # Not a force counted among the dead, unless the strike is named in its span ("Israeli air strikes").
        flyers = [a for a in actors if a.attrs.get("kind") in AIR_KINDS
                  and (a not in targets or a.start <= anchor.start and anchor.end <= a.end)] or [
            # "أعلن الجيش المالي مقتل 30 مسلحا في عملية جوية": the force announcing the strike flew
            # it; a ministry announcing it speaks for its state's forces.
            # (not a drone attack its authorities report: "Kurdish authorities said a drone attack hit
            # the gas field" -- armed groups fly drones too)
            force for a in in_scope[:1] if a.end <= anchor.start and _source_cued(doc, a)
            and not OWN_TARGET.search(doc.text, a.end, sentence.end)
            and not _prev_keys_between(doc, sentence) & DRONE_WORDS
            and (force := _as_force(a, "remote")).attrs.get("kind") in AIR_KINDS]
        if flyers:
            actor1 = flyers[0]
            targets = targets + [a for a in actors if a.attrs.get("kind") not in AIR_KINDS]
        elif actor1 is not None and not _prev_keys_between(doc, sentence) & DRONE_WORDS:
            if actor1.attrs.get("kind") in ("rebel_group", "jihadist_group", "militia") or (
                    actor1.attrs.get("kind") == "generic" and actor1.attrs.get("inter") in (2, 3, 7)):
                targets = targets + [actor1]
            actor1 = None
    if actor1 is None:
        actor1 = _demonym_agent(doc, anchor, sentence)
    if actor1 is None and hap.type == "military_operation_launch":
        actor1 = _official_announcer(doc, sentence)
    rest = [a for a in actors if a is not actor1 and a.attrs.get("kb_id") != (actor1.attrs.get("kb_id") if actor1 else None)]
    if partner is not None and (hap.type in MUTUAL_TYPES or _prev_keys_between(doc, sentence) & EXCHANGE_WORDS) \
            and not any(a.start >= anchor.end and not is_victim(doc, a) for a in rest):
        # (a side named after the verb, "Saudi and Emirati troops clashed with Houthi fighters", is
        # the other side, and the joint subject fought together)
        actor2 = partner
        targets = []
    elif partner is not None:
        rest = [a for a in rest if a is not partner]
        supporters = supporters + [partner]
    tgt = [a for a in targets if a in rest]
    # "قتل 10 مسلحين ... من تنظيم داعش": the organisation named, not the gunmen counted.
    named = [a for a in tgt if a.attrs.get("kind") != "generic" and a.attrs.get("kind") in ARMED_KINDS]
    if tgt and named and tgt[0].attrs.get("kind") == "generic" and tgt[0].attrs.get("inter") in (2, 3):
        tgt = named + [a for a in tgt if a not in named]
    elif tgt and tgt[0].attrs.get("kind") == "generic" and hap.type in MUTUAL_TYPES:
        # "X clashed with Kurdish-led forces, leaving 11 fighters dead": the side named, not the dead counted
        side = next((a for a in rest if a not in tgt and a.attrs.get("kind") in ARMED_KINDS
                     and a.attrs.get("kind") != "generic" and not is_victim(doc, a)), None)
        tgt = [side] + tgt if side is not None else tgt
    if actor2 is None and tgt:
        actor2 = tgt[0]
    elif actor2 is None and (rest := [a for a in rest if not _opens_later_clause(doc, a)]) and (
            hap.family in ("violent", "detention") and hap.type != "arrest" or (
            hap.type == "territorial_change" and rest[0].attrs.get("kind") in ARMED_KINDS)):
        # Ground changes hands between the two armed parties a sentence names.
        actor2 = rest[0]
    elif actor2 is None and hap.type in MUTUAL_TYPES and actor1 is not None \
            and doc.forms_in(actor1.start, actor1.end) & TWO_GROUPS:
        # "اشتباكات بين عشيرتي البوشعبان والبكارة": each clan is a side
        actor2 = actor1
    elif actor2 is None and hap.type == "arrest" and actor1 is not None:
        # "اعتقلت قوات الأمن عشرات من أنصار جماعة الإخوان": a non-state party named after the
        # arrest is that of those taken (not a ministry or force announcing it).
        actor2 = next((a for a in rest if a.start >= anchor.end and a.attrs.get("kind") in NON_STATE_KINDS), None)
    # (the protesters may be named as workers or residents: they are protesters below)
    if (actor2 is None and hap.family == "demonstration" and (actor1 is None or actor1.attrs.get("inter") in (5, 6, 7))
            and rest and rest[0].attrs.get("kind") in ("state_military", "police_security")
            and _prev_keys_between(doc, sentence) & DISPERSAL_WORDS):
        # "فرقت قوات الأمن المحتجين": the forces facing a protest are its other side.
        actor2 = rest[0]
    elif actor2 is None and hap.type == "riot" and (force := next(
            (a for a in rest if a.attrs.get("inter") == 1 and a.start > hap.anchor.start), None)) is not None:
        # "رشق شبان قوات الاحتلال بالحجارة": the forces rioters pelted are the other side.
        actor2 = force
    if actor2 is None and hap.family != "strategic":
        # "أعلن الجيش اللبناني أن دورية تابعة له تعرضت لإطلاق نار من قبل مسلحين": the announcer
        # owns what was struck.
        owner = next((a for a in in_scope if a is not actor1 and a.end <= hap.anchor.start and a.attrs.get("inter") == 1
                      and _source_cued(doc, a) and OWN_TARGET.search(doc.text, a.end, hap.anchor.start)), None)
        if owner is not None:
            actor2 = _as_force(owner, hap.family)
    if actor2 is None and hap.type == "violence_against_civilians":
        actor2 = _kb_actor_at(doc, "CIVILIANS", hap)  # by its definition, against civilians
    if hap.family == "remote" and (actor2 is None or _owner_by_story(actor2)):
        # ("استهدفت مسيرة رتلا عسكريا تركيا ما أدى إلى مقتل جنديين": the soldiers are the convoy's)
        actor2 = _state_aimed_at(doc, sentence, hap, actor1) or _unit_of_nationality(doc, sentence, actor1) or actor2
    if actor2 is None and hap.type in PEOPLE_TARGETED_TYPES:
        actor2 = _people_counted(doc, sentence, hap)
    if (actor1 is not None and actor1.attrs.get("inter") == 7 and actor2 is None and hap.family != "demonstration"):
        # "داهمت قوة من الجيش منزل الأسير واعتقلته": civilians are the victims of violence, never its
        # agent; the armed party named before them is.
        armed = [a for a in actors if a.start < actor1.start and a.attrs.get("inter") in ARMED_INTERS
                 and a.attrs.get("kind") != "generic"]
        if armed:
            actor1, actor2 = armed[-1], actor1
    taken = {x.attrs.get("kb_id") for x in (actor1, actor2) if x is not None}
    assoc = [a for a in rest + supporters if a.attrs.get("kb_id") not in taken]
    if hap.family == "demonstration" and actor1 is not None and actor1.attrs.get("inter") == 1:
        actor2 = actor2 if actor2 is not None and actor2.attrs.get("inter") == 1 else actor1
    if (hap.family == "demonstration" and actor2 is not None and actor2.attrs.get("inter") == 7
            and not _target_cued(doc, actor2, 2) and (actor1 is None or actor1.attrs.get("inter") in (1, 7))):
        # "Hundreds of students staged a sit-in", "تظاهر مئات الطلاب": who protests, not whom the
        # protest is against.
        assoc = [actor2] + [a for a in assoc if a is not actor2]
        actor2 = None
    actor1 = _protesters_by_default(doc, hap, actor1)
    if actor1 is None or _owner_by_story(actor1):
        actor1 = _we_of_the_speaker(doc, hap) or actor1
    if actor2 is not None and actor1 is not None and actor2 is not actor1 \
            and actor2.attrs.get("kb_id") == actor1.attrs.get("kb_id"):
        actor2 = None  # (one party named twice; two clans named as one are both sides, above)
    if actor1 is not None:
        assoc = [a for a in assoc if a.attrs.get("kb_id") != actor1.attrs.get("kb_id")]
    if hap.type == "ceasefire_or_agreement":
        return _as_state(actor1), _as_state(actor2), assoc
    family = "violent" if hap.type == "military_operation_launch" else hap.family
    return _as_force(actor1, family), _as_force(actor2, hap.family), assoc


# ("العمليات التي قام بها العسكريون", "المجزرة التي ارتكبتها القوات")
DEED_VERBS = frozenset(name_key(w) for w in (
    "قام", "قامت", "قاموا", "ارتكب", "ارتكبت", "ارتكبها", "ارتكبته", "ارتكبتها", "تبنى", "تبنت", "تبناه", "تبنته"))
RELATIVE_PRONOUNS = frozenset(name_key(w) for w in ("التي", "الذي", "الذين", "اللتين", "اللذين", "اللواتي"))
MEMBERS_THINGS = frozenset(name_key(w) for w in ("سيارة", "منزل", "موكب", "مقر", "بيت", "مكتب", "سيارته", "منزله"))
EN_RELATIVE = re.compile(r"\b(?:who|whom)\b")
PARENT_CUES = frozenset(name_key(w) for w in ("التابع", "التابعة", "affiliated", "linked"))


def _parent_of_named(doc: DocIndex, actor: Span) -> bool:
    """"ولاية سيناء التابعة لتنظيم الدولة الإسلامية", "an Islamic State-affiliated group": the
    organisation a named group belongs to is no second party."""
    before = doc.words_before(actor.start, 1)
    if not before or not forms_of(before[0]) & PARENT_CUES:
        return False
    named = spans_in(doc, "ACTOR", max(0, before[0].start - 40), before[0].start)
    return bool(named) and named[-1].attrs.get("kind") != "generic" \
        and not doc.text[named[-1].end:before[0].start].strip(' "«»')


def _possessor_of_actor(doc: DocIndex, actor: Span) -> bool:
    """"Yemen's Houthis", "Sudan's army": the country whose party it is, not a second party."""
    if not doc.text.startswith(("'s ", "’s "), actor.end):
        return False
    following = spans_in(doc, "ACTOR", actor.end, actor.end + 40)
    return bool(following) and following[0].start == actor.end + 3


def _source_cued(doc: DocIndex, actor: Span) -> bool:
    """"قال الجيش", "according to the army", "..., said the army.": the actor is who speaks.
    English "said" puts the speaker after it only at a clause's end ("Hamas said Israeli forces
    killed ..." names the agent after it)."""
    cues = prev_keys(doc, actor.start, 2) & SOURCE_CUES
    if cues - ENGLISH_SPEECH_CUES:
        return True
    # (up to four words back: "said the Hamas-run health ministry.")
    return actor.text.isascii() and doc.text[actor.end:actor.end + 2].lstrip()[:1] in ("", ",", ".", ";", "\n") \
        and bool(prev_keys(doc, actor.start, 4) & (ENGLISH_SPEECH_CUES | {"according"}))


SPEAKER_MEMBERS = frozenset(name_key(w) for w in (
    "قيادي", "القيادي", "مسؤول", "المسؤول", "عضو", "العضو", "مصدر", "المصدر", "مصادر", "متحدث", "المتحدث",
    "ناطق", "الناطق", "official", "source", "sources", "spokesman", "spokeswoman", "member", "commander"))
SPEAKER_LINKS = frozenset(name_key(w) for w in ("في", "من", "باسم", "ب", "in", "of", "from", "for"))


def _speaker_body(doc: DocIndex, actor: Span, hap: Happening) -> bool:
    """"قال قيادي في حركة حماس إن ...": the body of the member who speaks, before the trigger,
    with a speech verb opening the clause.  (Not a state's: a ministry or army reporting strikes
    and arrests speaks of its own forces' work; nor a happening the speaker tells in a quotation,
    "«أقدمنا على اغتيال ...»", in the first person.)"""
    state = actor.attrs.get("inter") in (1, 8) and hap.type not in REPORTED_BY_THE_STATE
    if actor.start >= hap.anchor.start or state or any(a <= hap.anchor.start < b for a, b in doc.direct_quotes):
        return False
    before = doc.words_before(actor.start, 5)
    if len(before) < 3 or not forms_of(before[-1]) & SPEAKER_LINKS or not forms_of(before[-2]) & SPEAKER_MEMBERS:
        return False
    return any(forms_of(t) & load_speech_verbs().single_forms for t in before[:-2])


def _claimant(doc: DocIndex, in_scope: list[Span]) -> Span | None:
    """The armed party that claims the happening ("... في مقديشو، وتبنت حركة الشباب الهجوم"):
    its claim names the agent, whoever reported the deaths ("أعلنت الشرطة مقتل خمسة")."""
    for a in in_scope:
        if a.attrs.get("inter") in ARMED_INTERS and (prev_keys(doc, a.start, 1) & CLAIM_VERBS
                                                     or CLAIMED_RESPONSIBILITY.match(doc.text, a.end)):
            return a
    return None


def _announcer_of_own_forces(doc: DocIndex, in_scope: list[Span], hap: Happening) -> Span | None:
    """"أعلنت تركيا أن قواتها قتلت ...", "Iraq said its forces killed ...", "قال الجيش إنه شن
    غارات": the speaker or its own forces did it, so the speaker (set aside as a source) is the agent."""
    if not in_scope or not (OWN_FORCES.search(doc.text, in_scope[0].end, hap.anchor.start)
                            or SELF_REPORT.search(doc.text, in_scope[0].end, hap.anchor.start)):
        return None
    for a in in_scope:
        if a.end > hap.anchor.start or (a.attrs.get("inter") not in ARMED_INTERS and a.attrs.get("kind") != "government"):
            continue
        own = OWN_FORCES.search(doc.text, a.end, hap.anchor.start)
        if own is not None and SUFFERED_BEFORE.search(doc.text, own.end(), hap.anchor.start):
            return None  # ("إن إحدى دورياتها تعرضت لهجوم": its own forces suffered it)
        if own is not None:
            # Right before the verb: "its soldiers were attacked" makes them its targets, not its agents.
            between = doc.text[own.end():hap.anchor.start].split()
            if set(between) <= {"have", "has", "had", "قد"}:
                return a
            # English: "its fighters fired rockets", "its fighters had killed dozens of soldiers in the
            # battle" (the trigger is the deed's object or circumstance); "its soldiers had been
            # attacked" makes them targets.
            if own.group().isascii() and not set(between[:2]) & EN_PASSIVE_AUX:
                return a
        said = SELF_REPORT.search(doc.text, a.end, hap.anchor.start)
        # (the trigger may start after its clitics: "أنه استهدف بالصواريخ")
        if said is not None and {name_key(w) for w in doc.text[said.end():hap.anchor.start].split()} - CLITIC_PREFIXES \
                <= CARRY_OUT_VERBS:
            return a
    return None


def _announcer_of_own_act(doc: DocIndex, in_scope: list[Span], clause: Sentence) -> Span | None:
    """"أعلنت كتائب القسام استهداف دبابة ميركافا": an armed party announcing an act, named right
    after it as a verbal noun, did it (unless what was struck was its own: "موقع تابع له")."""
    for a in in_scope:
        announced = prev_keys(doc, a.start, 1) & load_triggers()[1]["announcement"]
        if a.attrs.get("inter") not in ARMED_INTERS or not announced:
            continue
        i = bisect_left(doc.token_starts, a.end)
        if i < len(doc.tokens) and (doc.token_forms[i] & OWN_ACT_NOUNS or _carried_out_by_it(doc, a, clause)
                                    or _enemies_killed_in_operation(doc, a, i, in_scope, clause)) \
                and not OWN_TARGET.search(doc.text, a.end, clause.end):
            return a
    return None


def _enemies_killed_in_operation(doc: DocIndex, force: Span, i: int, in_scope: list[Span], clause: Sentence) -> bool:
    """"أعلن الجيش الباكستاني مقتل سبعة مسلحين في عملية أمنية": a state's force announcing the
    death of armed men in an operation killed them (not so its own soldiers, nor without one)."""
    if force.attrs.get("inter") != 1 or not doc.token_forms[i] & ENEMY_DEATH_NOUNS:
        return False
    dead = [a for a in in_scope if a.start > force.end]
    return bool(dead) and all(a.attrs.get("inter") in (2, 3) for a in dead) \
        and IN_AN_OPERATION.search(doc.text, doc.tokens[i].end, clause.end) is not None


def _carried_out_by_it(doc: DocIndex, announcer: Span, clause: Sentence) -> bool:
    """"أعلن الجيش مقتل 17 مسلحا في عملية نفذها": the act's verb points back to the announcer
    (no other party is named right after it)."""
    lo, hi = token_range(doc, announcer.end, clause.end)
    for k in range(lo, hi):
        if doc.token_forms[k] & ITS_DEED and not spans_in(
                doc, "ACTOR", doc.tokens[k].end, doc.tokens[min(k + 2, hi - 1)].end):
            return True
    return False


def _as_state(span: Span | None) -> Span | None:
    """An agreement binds states: an office or ministry that announces a truce speaks for its
    state ("مكتب رئيس الوزراء الإسرائيلي" -> Israel).  States are keyed by their ISO 3166 alpha-3."""
    if span is None or span.attrs.get("kind") != "government" or not span.attrs.get("country"):
        return span
    import pycountry

    country = pycountry.countries.get(alpha_2=span.attrs["country"])
    state = load_kb().actors.by_id.get(country.alpha_3) if country else None
    if state is None or state.kind != "government":
        return span
    return _standing_for(state, span)


def _opens_later_clause(doc: DocIndex, actor: Span) -> bool:
    """"..., killing nine people before security forces ended the siege", "قبل أن تتدخل
    قوات الأمن": the subject of what came after is no side of the happening."""
    words = [t.norm for t in doc.words_before(actor.start, 3)]
    return bool(words) and (words[-1] in LATER_OPENERS or any(
        a in (BEFORE, AFTER_AR) and b == THAT for a, b in zip(words, words[1:])))


def _kb_actor_at(doc: DocIndex, actor_id: str, hap: Happening) -> Span | None:
    """The knowledge base's `actor_id` as a span over the happening's trigger (an actor the
    type itself implies)."""
    actor = load_kb().actors.by_id.get(actor_id)
    return actor_span(actor, hap.anchor.start, hap.anchor.end, doc.text) if actor else None


def _official_announcer(doc: DocIndex, clause: Sentence) -> Span | None:
    """"أعلن الرئيس التركي إطلاق العملية العسكرية": an operation a state's official announces is
    carried out by that state's armed forces."""
    for person in spans_in(doc, "PERSON", clause.start, clause.end):
        if person.attrs.get("kind") == "official" and person.attrs.get("country"):
            force = load_kb().actors.for_country_kind(person.attrs["country"], "state_military")
            if force is not None:
                return actor_span(force, person.start, person.end, doc.text)
    return None


def _after_from(doc: DocIndex, actor: Span) -> bool:
    before = doc.words_before(actor.start, 2)
    if before and before[-1].norm in ORG_NOUNS:
        before = doc.words_before(before[-1].start, 1)
    return bool(before) and before[-1].norm in FROM_WORDS


def _agent_cued(doc: DocIndex, actor: Span) -> bool:
    """An agent word among the three words before the actor ("من قبل", "برصاص"); "قبل أن"
    is "before", not "by"."""
    if not prev_keys(doc, actor.start, 3) & AGENT_CUES:
        return False
    words = doc.words_before(actor.start, 3)
    return any(forms_of(t) & AGENT_CUES and not (t.norm == BEFORE and i + 1 < len(words) and words[i + 1].norm == THAT)
               for i, t in enumerate(words))


def _qualifies_trigger(hap: Happening, actor: Span) -> bool:
    """"هجوم مسلح", "هجوما إرهابيا": an adjective closing the trigger phrase, not a party (in
    "أطلق مسلح النار" the word between a verb and its object is the subject)."""
    # The span test first: it is cheap, and few generic mentions sit inside a trigger phrase.
    return any(t.start < actor.start and actor.end == t.end for t in hap.triggers) and (
        name_key(actor.text) in TRIGGER_ADJECTIVES)


def _destination(doc: DocIndex, actor: Span) -> bool:
    """"واقتادوه إلى جهة مجهولة": where someone was taken, an unknown place, not an unknown party."""
    return name_key(actor.text) in UNKNOWN_DESTINATIONS and bool(prev_keys(doc, actor.start, 1) & TO_WORDS)


def _describes_camp(doc: DocIndex, actor: Span) -> bool:
    """"مخيم جنين للاجئين": the people a camp is for name the place, not a party."""
    return doc.text[actor.start - 1:actor.start] == "ل" and bool(prev_keys(doc, actor.start, 4) & CAMP_WORDS)


def _people_counted(doc: DocIndex, clause: Sentence, hap: Happening) -> Span | None:
    """"قتل 14 شخصا في هجوم على سوق", "arrested 15 Palestinians": people counted among the victims
    of a bombing, strike or attack, or among those arrested or abducted, with no party named as
    its target, are civilians (as ACLED codes them).  Not in a clash (fighters are people too)
    and not in a protest."""
    for i in sorted(doc.tokens_with(PEOPLE_WORDS) + doc.tokens_with(EN_ONE_PERSON)):
        tok = doc.tokens[i]
        if clause.start <= tok.start < clause.end and (
                forms_of(tok) & PEOPLE_TWO
                or tok.norm in EN_ONE_PERSON and any(t.norm in ("a", "an") for t in doc.words_before(tok.start, 2))
                or any(n.end >= tok.start - 3 for n in spans_in(doc, "NUMBER", tok.start - 40, tok.start))):
            # (the number right before the word: "at least five people", "ما لا يقل عن 25 شخصا")
            civilians = load_kb().actors.by_id.get("CIVILIANS")
            return actor_span(civilians, tok.start, tok.end, doc.text) if civilians else None
    return None


def _we_of_the_speaker(doc: DocIndex, hap: Happening) -> Span | None:
    """'"We have arrested three suspects," said a police spokesman': "we" in a direct quote is
    the body its speaker speaks for."""
    anchor = hap.anchor
    if not doc.direct_quotes or anchor.start >= len(doc.text) or not doc.text[anchor.start].isascii():
        return None
    for q in doc.quotes:
        if q.get("kind") != "direct" or not q["start"] <= anchor.start < q["end"]:
            continue
        org = (q.get("speaker") or {}).get("org_id")
        we = next((t for t in doc.tokens[bisect_left(doc.token_starts, q["start"]):anchor.first_token]
                   if t.norm == "we"), None)
        actor = load_kb().actors.by_id.get(org) if org else None
        if we is not None and actor is not None:
            return actor_span(actor, we.start, we.end, doc.text)
    return None


def _owner_by_story(actor: Span) -> bool:
    """Soldiers or policemen the text names no owner for, given the story country's force."""
    return any(c in OWNERLESS_FORCES for c in actor.attrs.get("candidates") or ())


def _state_aimed_at(doc: DocIndex, clause: Sentence, hap: Happening, agent: Span | None) -> Span | None:
    """"صواريخ أطلقها الحوثيون باتجاه جنوب المملكة العربية السعودية": a missile or drone fired
    towards another country, or a town of a state other than the agent's, or a military base of
    one, is aimed at that state (its armed forces, as ACLED codes it)."""
    for place in spans_in(doc, "LOC", clause.start, clause.end):
        # ("استهدفوا موقع المالكية الإسرائيلي بالأسلحة الصاروخية": a military post struck is its army's)
        if place.attrs.get("feature") != "base" and (
                place.start < hap.anchor.end or not prev_keys(doc, place.start, 2) & TOWARDS_WORDS):
            continue
        iso2 = place.attrs.get("iso2")
        # (a town is in another state than a known agent's; a country is named as such)
        if not iso2 or (agent.attrs.get("country") == iso2 if agent is not None else place.attrs.get("feature") != "country"):
            return None
        force = load_kb().actors.for_country_kind(iso2, "state_military")
        return actor_span(force, place.start, place.end, doc.text) if force else None
    return None


def _unit_of_nationality(doc: DocIndex, clause: Sentence, agent: Span | None) -> Span | None:
    """"انفجرت عبوة ناسفة بدورية أمريكية", "برتل تركي", "استهدفت رتلا عسكريا تركيا": a unit named
    by its nationality, struck, is that state's forces."""
    lo, hi = token_range(doc, clause.start, clause.end)
    units = doc.tokens_with(STRUCK_UNIT_NOUNS)
    for i in units[bisect_left(units, lo):bisect_left(units, hi)]:
        if not _unit_struck(doc, doc.tokens[i]):
            continue  # ("قصفت دورية روسية مواقع": the unit is the subject)
        for j in range(i + 1, min(i + 3, hi)):
            tok = doc.tokens[j]
            iso2 = nationality_of(tok) or accusative_nationality(doc.tokens, doc.text, j)  # ("رتلا عسكريا تركيا")
            if iso2 and (agent is None or agent.attrs.get("country") != iso2):
                force = load_kb().actors.for_country_kind(iso2, "state_military")
                return actor_span(force, tok.start, tok.end, doc.text) if force else None
    return None


def _unit_struck(doc: DocIndex, unit: Any) -> bool:
    """A unit noun written as what was struck: after a preposition ("بدورية"), a target word or
    an aiming verb ("استهدفت عبوة ناسفة دورية"), or in the accusative ("قصفت الطائرات رتلا")."""
    before = doc.words_before(unit.start, 1)
    return unit.text.startswith(("ب", "ل")) or unit.norm.endswith("ا") or bool(before and forms_of(before[0]) & TARGET_CUES) \
        or bool(doc.prev_keys(unit.start, 3) & AIMING_VERBS)


# "تعرضت القوات الأمريكية لهجوم", "the convoy came under fire": who suffers the happening.
_SUFFER = ("تعرض", "تعرضت", "تعرضوا", "يتعرض", "تتعرض", "يتعرضون")
SUFFER_VERBS = frozenset(map(name_key, _SUFFER))
SUFFERED = re.compile(rf"\s*(?:(?:قد\s+)?[وف]?(?:{'|'.join(_SUFFER)})\s+(?:\S+\s+){{0,2}}?ل"
                      r"|(?:has\s+|have\s+|had\s+)?(?:came|come|comes|coming)\s+under\s+)$")


# (the same verb anywhere before the trigger: "إن إحدى دورياتها تعرضت لهجوم")
SUFFERED_BEFORE = re.compile(rf"(?<!\S)[وف]?(?:{'|'.join(_SUFFER)})\s+(?:\S+\s+){{0,2}}?ل$"
                             r"|\b(?:came|come|comes|coming)\s+under\s+$")
# (VSO, the verb before the subject: what stands between the subject and the trigger)
_SUFFERED_VSO_TAIL = re.compile(r"\s*(?:\S+\s+){0,2}?ل")


def _suffered(doc: DocIndex, actor: Span, anchor: Any) -> bool:
    """"القوات الأمريكية تعرضت لهجوم في الرمادي": the subject of "was subjected to" before the
    trigger is its target."""
    if actor.end > anchor.start or anchor.start - actor.end > 40:
        return False
    between = doc.text[actor.end:anchor.start]
    # ("تعرضت قوات الجيش لهجوم": VSO, the verb before the subject)
    return bool(SUFFERED.match(between)) or bool(prev_keys(doc, actor.start, 1) & SUFFER_VERBS) \
        and bool(_SUFFERED_VSO_TAIL.fullmatch(between))


def _target_cued(doc: DocIndex, actor: Span, n: int) -> bool:
    """A target word among the n words before the actor ("على", "ضد", "مواقع"), not counting a
    preposition that carries its own object pronoun ("سيطرت عليه قوات X": X is the subject)."""
    words = [t for t in doc.words_before(actor.start, n) if t.norm not in PRONOUN_PREPS
             and not SENTENCE_END.search(doc.text, t.end, actor.start)]  # "... on Friday. The militants"
    return any(forms_of(t) & TARGET_CUES for t in words) or _object_of_event_verb(doc, actor) \
        or _object_of_english_verb(doc, actor) \
        or bool(actor.text.isascii() and EN_OWNED_THING.match(doc.text, actor.end))


def _object_of_english_verb(doc: DocIndex, actor: Span) -> bool:
    """"A US drone strike killed a senior al-Qaeda leader": an English actor after a violent
    verb, with only an article, a count or adjectives between, is its object."""
    if not actor.text.isascii():
        return False
    before = doc.words_before(actor.start, 3)
    for i in range(len(before) - 1, -1, -1):
        if before[i].norm in ENGLISH_OBJECT_VERBS:
            between = before[i + 1:]
            # ("arrested 12 suspected al-Shabaab members": a count in figures is no name either)
            # ("were killed when Islamic State militants ambushed ...": a new clause's subject)
            return all(t.text.isascii() and (t.text.islower() or t.text.isdigit()) and t.norm != "by"
                       and t.norm not in CLAUSE_OPENERS for t in between) and \
                not SENTENCE_END.search(doc.text, before[i].end, actor.start)
    return False


def _object_of_event_verb(doc: DocIndex, actor: Span) -> bool:
    """"هجوم آخر استهدف الجيش": a targeting verb right after the event noun has that noun as its
    subject (a relative clause), so the actor after the verb is its object."""
    before = doc.words_before(actor.start, 4)
    if not before or not forms_of(before[-1]) & AIMING_VERBS:
        return False
    nouns = [t for t in before[:-1] if forms_of(t) & _trigger_words()]
    # "وعبر القصف، استهدف الاحتلال": after a clause break the verb has its own subject.
    return bool(nouns) and not re.search(r"[،,.:;؛()]", doc.text[nouns[-1].end:before[-1].start])


def _holds_place(doc: DocIndex, actor: Span) -> bool:
    """"مناطق خاضعة لسيطرة X", "تحت سيطرة X", "areas under X control", "X-held areas": X is the
    party holding the place, the target of a strike or the loser of ground, never the agent."""
    forms = doc.forms_before(actor.start, 3)
    for i, f in enumerate(forms):
        if f & CONTROL_NOUNS and any(g & UNDER_WORDS for g in forms[:i]):
            return True
    after = doc.text[actor.end:actor.end + 14].lower()
    return after.startswith(("-held", "-controlled", " held ", " controlled "))


# "بين الجيش والقوة المشتركة من جهة والدعم السريع من جهة أخرى": the party named before it is
# the other side; those before "من جهة" fight beside the first.
OTHER_SIDE = re.compile(r"(?<!\w)من\s+جهة\s+(?:أخرى|اخرى|ثانية)|(?<!\w)on the other(?:\s+side)?(?!\w)")


def _other_side(doc: DocIndex, sentence: Sentence, others: list[Span]) -> Span:
    """The other side of a clash "between" the first party and `others`: the first of them,
    unless the sentence marks its sides ("... من جهة و Y من جهة أخرى")."""
    m = OTHER_SIDE.search(doc.text, others[0].end, sentence.end)
    if m is None:
        return others[0]
    before = [b for b in others if b.end <= m.start()]
    return before[-1] if before else others[0]


def _between_cued(doc: DocIndex, actor: Span) -> bool:
    """"بين X و Y", also through forces named by their loyalty: "بين القوات الموالية لـX و Y";
    English "between the army and X"."""
    before = [t for t in doc.words_before(actor.start, 4) if t.norm not in ENGLISH_ARTICLES][-3:]
    if before and _is_between(before[-1]):
        return True
    return (len(before) == 3 and _is_between(before[0])
            and bool(forms_of(before[2]) & LOYAL_CUES) and _loyal_forces_only(doc, before[2]))


def _is_between(tok: Any) -> bool:
    # "بينهم" (among them) names a subset, not two sides: the word must end with "بين".
    return any(f in BETWEEN and e == tok.end for f, _s, e in tok.variants)


def _supporter(doc: DocIndex, actor: Span) -> bool:
    """"المدعومة من X", "بدعم X", "backed by X", "فصائل موالية لتركيا": X backs a party.  Not a
    supporter: the party itself in "Iran-backed Houthis", and X in "قوات موالية لـX" (forces
    named only by their loyalty are X's)."""
    # (words of another party's name are no cue: "بين جهاز دعم الاستقرار وجهاز الردع")
    named = spans_in(doc, "ACTOR", max(0, actor.start - 40), actor.start)
    before = [t for t in doc.words_before(actor.start, 2) if not any(n.start <= t.start < n.end for n in named)]
    if not before:
        return False
    forms = [forms_of(t) for t in before]
    if before[-1].norm.isascii():
        if not (len(before) == 2 and before[-1].norm in EN_SUPPORT_LINKS and forms[0] & SUPPORT_CUES):
            return False
        cue_i = 0
    elif not any(f & SUPPORT_CUES for f in forms):
        return False
    else:
        cue_i = max(i for i, f in enumerate(forms) if f & SUPPORT_CUES)
    if forms[cue_i] & LOYAL_CUES:
        return not _loyal_forces_only(doc, before[cue_i])
    return True


def _loyal_forces_only(doc: DocIndex, cue: Any) -> bool:
    """Whether the word before a loyalty cue is a bare force noun ("القوات الموالية لـ", "قوات
    موالية لـ") rather than a named party ("فصائل الجيش الوطني الموالية لتركيا")."""
    prev = doc.words_before(cue.start, 1)
    if not prev:
        return False
    named = [a for a in spans_in(doc, "ACTOR", prev[0].start, cue.start)
             if a.end >= prev[0].end and a.attrs.get("kind") != "generic"]
    if named:
        return False
    return bool(forms_of(prev[0]) & LOYAL_FORCE_NOUNS)


def _prev_keys_between(doc: DocIndex, sentence: Sentence) -> frozenset[str]:
    return doc.forms_in(sentence.start, sentence.end)


def _protesters_by_default(doc: DocIndex, hap: Happening, actor1: Span | None) -> Span | None:
    """A protest with no named organiser (or only "residents") is held by protesters; forces
    dispersing it are the other side (the caller keeps them as actor2)."""
    if hap.family != "demonstration" or (actor1 is not None and actor1.attrs.get("inter") not in (1, 7)):
        return actor1
    # An unnamed crowd that riots are rioters, as ACLED codes them.
    return _kb_actor_at(doc, "RIOTERS" if hap.type == "riot" else "PROTESTERS", hap) or actor1


def loser_by_default(doc: DocIndex, hap: Happening, taker: Span | None) -> Span | None:
    """Ground a rebel group or militia takes, with no loser named, is taken from the forces of
    the story's country ("سيطرت قوات الدعم السريع على المطار" in a Sudan story), as ACLED codes
    a non-state actor overtaking territory."""
    country = doc.meta.get("story_country")
    if taker is None or taker.attrs.get("inter") not in (2, 3, 4) or not country:
        return None

    force = load_kb().actors.for_country_kind(country, "state_military")
    if force is None or force.id == taker.attrs.get("kb_id"):
        return None
    return actor_span(force, hap.anchor.start, hap.anchor.end, doc.text)


def _in_relative_clause_after(doc: DocIndex, anchor: TriggerMatch, start: int) -> bool:
    """A relative pronoun opens a clause between the trigger and `start`, within three words
    ("استهدف قاعدة عين الأسد التي تستضيف قوات أمريكية"; not "التي سيطرت عليها قوات", whose
    clause holds the trigger itself)."""
    if start < anchor.end:
        return False
    before = doc.words_before(start, 3)
    for k, t in enumerate(before):
        if t.start >= anchor.end and forms_of(t) & RELATIVE_PRONOUNS:
            # ("الأهداف التي قصفها الطيران", "الهجوم الذي نفذه مسلحون": a clause telling the deed
            # names its agent)
            verb = before[k + 1] if k + 1 < len(before) else None
            return verb is None or not forms_of(verb) & (CARRY_OUT_VERBS | ITS_DEED | DEED_VERBS | _trigger_words())
    return False


def _demonym_agent(doc: DocIndex, anchor: TriggerMatch, clause: Sentence) -> Span | None:
    """A nationality adjective names the force: "Israeli air strikes" (before an English
    trigger), "طائرات روسية" / "طائرة مسيرة تركية" (after a weapon or force noun)."""
    if doc.language == "en":
        candidates = doc.words_before(anchor.start, 2)[::-1]
    else:
        # "غارات أمريكية على صنعاء": right after the trigger noun, too, or closing the trigger
        # phrase ("بضربة أمريكية").
        lo, hi = token_range(doc, clause.start, clause.end)
        candidates = _after_force_nouns(doc, lo, hi) + doc.tokens[
            max(anchor.first_token + 1, anchor.last_token - 1):min(anchor.last_token + 1, hi)]
    named = spans_in(doc, "ACTOR", clause.start, clause.end)
    for tok in candidates:
        if any(a.start <= tok.start and tok.end <= a.end + 2 for a in named) or any(
                0 <= tok.start - a.end <= 2 and tok.text.startswith("و") for a in named):
            continue  # "على القوات المصرية", "للقوات العراقية والأمريكية": actors already weighed
        if _in_relative_clause_after(doc, anchor, tok.start):
            continue  # "قاعدة عين الأسد التي تستضيف قوات أمريكية": forces the place struck hosts
        iso2 = demonyms().get(tok.norm) if doc.language == "en" else nationality_of(tok)
        if iso2:
            force = load_kb().actors.for_country_kind(iso2, "state_military")
            return actor_span(force, tok.start, tok.end, doc.text) if force else None
    return None


def _after_force_nouns(doc: DocIndex, lo: int, hi: int) -> list[Any]:
    """The one or two tokens after each agent force noun of tokens[lo:hi], in text order."""
    nouns = doc.tokens_with(FORCE_NOUNS)
    after = {k for i in nouns[bisect_left(nouns, lo):bisect_left(nouns, hi)]
             if _agent_force_noun(doc, doc.tokens[i]) for k in range(i + 1, min(i + 1 + _reach(doc, i), hi))}
    return [doc.tokens[k] for k in sorted(after)]


def _reach(doc: DocIndex, i: int) -> int:
    """Tokens after force noun i that may hold its nationality: two ("طائرات حربية روسية"),
    four past a hedge ("طائرات حربية يعتقد أنها روسية")."""
    return 4 if any(forms_of(t) & HEDGE_CUES for t in doc.tokens[i + 1:i + 3]) else 2


def _agent_force_noun(doc: DocIndex, tok: Any) -> bool:
    """A force or weapon noun that can carry the agent's nationality: not one owned by a target
    ("دورية للقوات الأمريكية") or struck ("على القوات الروسية")."""
    if not forms_of(tok) & FORCE_NOUNS or tok.text.startswith("لل") \
            or forms_of(tok) & UNIT_NOUNS and _unit_struck(doc, tok):
        return False
    before = doc.words_before(tok.start, 1)
    return not (before and forms_of(before[0]) & TARGET_CUES)


def _owned_by(doc: DocIndex, actor: Span, anchor: TriggerMatch | None = None) -> str | None:
    """An actor written with the possessive lam: right after the trigger it is the agent
    ("هجوم لتنظيم الدولة"); after another noun it owns the target ("سيارة لحزب العمال"), also
    after an event noun other than the happening's own ("هاجم مسلحون كمينا للجيش")."""
    token_i = bisect_right(doc.token_ends, actor.start)
    if token_i >= len(doc.tokens):
        return None
    tok = doc.tokens[token_i]
    clitics = doc.text[tok.start:actor.start]
    # (the article's lam is no possessive: a span may start after "ال", "الجنود" read as "جنود")
    if not (clitics.endswith("ل") and not clitics.endswith("ال")) or token_i == 0:
        return None
    prev = doc.tokens[token_i - 1]
    prev_forms = forms_of(prev)
    if prev_forms & (MEMBER_CUES | LOYAL_CUES | SUPPORT_CUES | AFFILIATION_CUES):
        return None  # "عناصر تابعة لجماعة الحوثي", "قوات موالية للحكومة": members of X, whatever they did
    if prev_forms & UNIT_NOUNS:
        # "قتلت دورية للجيش ثلاثة مسلحين", "أن مفرزة للجيش قضت على ...": a unit of X that is the
        # subject (first in its clause, or right after a trigger verb) is X acting.
        before = doc.words_before(prev.start, 1)
        if not before or forms_of(before[0]) & SUBJECT_OPENERS or \
                forms_of(before[0]) & _trigger_words() and not forms_of(before[0]) & TARGET_VERBS:
            return "agent"
    if not prev_forms & _trigger_words():
        return "target"
    if anchor is not None and not (prev.start < anchor.end and anchor.start < prev.end):
        return "target"  # (the trigger may start after the word's clitic: "بهجوم لداعش")
    # "استهدف كمينا للجيش": the trigger noun is itself the object struck, X owns it.
    before = doc.words_before(prev.start, 1)
    return "target" if before and forms_of(before[0]) & TARGET_VERBS else "agent"


@lru_cache(maxsize=1)
def _trigger_words() -> frozenset[str]:
    matcher, _ = load_triggers()
    return frozenset(key for key in matcher.keys() if " " not in key)


def _specific_members(doc: DocIndex, actors: list[Span]) -> list[Span]:
    """"مسلحون من حركة الشباب", "مسلحون بقيادة X", "قوات موالية لـX", "X-led militants": a generic
    group named with its organisation, leader or allegiance is that organisation."""
    out = []
    for i, a in enumerate(actors):
        nxt = actors[i + 1] if i + 1 < len(actors) else None
        prv = actors[i - 1] if i else None
        if a.attrs.get("kind") == "generic" and nxt is not None and nxt.attrs.get("kind") != "generic" and (
                nxt.start - a.end <= 12 and prev_keys(doc, nxt.start, 2) & (MEMBER_CUES | LEADER_CUES)
                or nxt.start - a.end <= 32 and prev_keys(doc, nxt.start, 1) & MEMBER_CUES
                and prev_keys(doc, nxt.start, 4) & HEDGE_CUES
                or nxt.start - a.end <= 32 and prev_keys(doc, nxt.start, 2) & AFFILIATION_CUES
                or nxt.start - a.end <= 24 and prev_keys(doc, nxt.start, 2) & LOYAL_CUES and not _supporter(doc, nxt)):
            continue
        if (a.attrs.get("kind") == "generic" and prv is not None and prv.attrs.get("kind") != "generic"
                and re.fullmatch(r"\s*-\s*led\s+|\s+led\s+", doc.text[prv.end:a.start])):
            continue  # "Hamas-led militants"
        if nxt is not None and nxt.start - a.end <= 1 and name_key(a.text) in BARE_FORCE_WORDS:
            continue  # "جنود الجيش الإسرائيلي": the soldiers of the army named right after
        out.append(a)
    return out


def _known_group(doc: DocIndex, actor: Span) -> Span:
    """"المسلحين" / "the militants": a definite generic group refers back to the same group named
    earlier in the story with its organisation ("مسلحين ينتمون لتنظيم X") - it is X."""
    if actor.attrs.get("kind") != "generic" or not (
            actor.text.startswith(("ال", "the ", "The "))
            or doc.words_before(actor.start, 1) and doc.words_before(actor.start, 1)[0].norm == "the"):
        return actor
    earlier = spans_in(doc, "ACTOR", 0, actor.start)
    for i in range(len(earlier) - 2, -1, -1):
        a, nxt = earlier[i], earlier[i + 1]
        if a.attrs.get("kb_id") != actor.attrs.get("kb_id"):
            continue
        if nxt.attrs.get("kind") != "generic" and _specific_members(doc, [a, nxt]) == [nxt]:
            return _standing_for(load_actor(nxt.attrs.get("kb_id")), actor) if load_actor(nxt.attrs.get("kb_id")) else actor
        return actor  # the latest mention names no organisation
    return actor


def load_actor(actor_id: str | None) -> Any:
    return load_kb().actors.by_id.get(actor_id) if actor_id else None


def _as_force(span: Span | None, family: str) -> Span | None:
    """A government named as the agent or target of violence stands for its armed forces, as
    the agent of arrests for its police (ACLED's coding of "the authorities detained")."""
    if span is None or span.attrs.get("kind") != "government" or family not in ("violent", "remote", "detention"):
        return span

    kind = "police_security" if family == "detention" else "state_military"
    force = load_kb().actors.for_country_kind(span.attrs.get("country"), kind)
    return _standing_for(force, span) if force else span


def _standing_for(actor: Any, span: Span) -> Span:
    """A span of `actor` over the words of `span` (which names it indirectly)."""
    from dataclasses import replace

    return replace(actor_span(actor, 0, len(span.text), span.text), start=span.start, end=span.end)


def is_victim(doc: DocIndex, actor: Span) -> bool:
    """"مقتل 4 جنود" / "إصابة مدنيين": an actor counted as casualties (memoised per place in the
    text: several rules ask it of each actor)."""
    key = ("victim", actor.start, actor.end)
    found = doc.memo.get(key)
    if found is None:
        found = doc.memo[key] = _is_victim(doc, actor)
    return found


def _is_victim(doc: DocIndex, actor: Span) -> bool:
    before = doc.words_before(actor.start, 2)
    if not before:
        return False
    if _acts_next(doc, actor) or _counts_next(doc, actor):
        return False
    if before[-1].norm in BY_FIRE_OF:
        return False  # "were killed by RSF fighters", "استشهدوا برصاص قوات الاحتلال": the agent of a passive
    near = doc.words_before(actor.start, 4)
    fire = next((k for k in range(len(near) - 1, -1, -1) if near[k].norm in BY_FIRE_OF), None)
    if fire is not None and all(forms_of(t) & (MEMBER_NOUNS | ORG_NOUNS) or t.norm in ("من", "of")
                                for t in near[fire + 1:]):
        return False  # ("على أيدي عناصر من قوات الدعم السريع": its members were the agents)
    if before[-1].kind == "number" or spans_in(doc, "NUMBER", actor.start - 40, actor.start)[-1:] and (
            actor.start - spans_in(doc, "NUMBER", actor.start - 40, actor.start)[-1].end <= 2):
        return True
    if any(forms_of(t) & VICTIM_CUES for t in before) and before[-1].norm not in CLAUSE_OPENERS:
        return True
    # "ستة فلسطينيين بينهم طفلان": a part of a counted group is counted too.
    if forms_of(before[-1]) & SUBSET_WORDS and spans_in(doc, "NUMBER", actor.start - 50, before[-1].start):
        return True
    # "مقتل 9 عناصر من التنظيم": members counted, then their organisation.
    wider = doc.words_before(actor.start, 6)
    if wider and wider[-1].norm in ORG_NOUNS:
        wider = wider[:-1]  # "مقتل 9 عناصر من تنظيم داعش"
    if len(wider) >= 2 and forms_of(wider[-1]) & MEMBER_NOUNS and wider[-2].norm in ("من", "of"):
        wider = wider[:-1]  # "قتل ثلاثة من عناصر الشرطة": counted among its members
    wider = wider[-5:]
    # "قتل عنصر في قوات الدعم السريع": a member in it, as "من" a member of it.
    if not wider or wider[-1].norm not in ("من", "في", "of"):
        return False
    # ("ثلاثة عناصر من تنظيم داعش": a number word is no number token; its span is found)
    if any(t.kind == "number" for t in wider) or spans_in(doc, "NUMBER", wider[0].start, actor.start) or any(
            forms_of(t) & VICTIM_CUES for t in wider):
        return True
    # "ضربة استهدفت قياديا في حركة الشباب", "قتل ثلاثة من عناصر الشرطة": the member struck or taken.
    # ("اعتقلت السلطات التونسية أمس الثلاثاء القيادي في حركة النهضة": the verb may stand a subject
    # and a date before the member)
    # ("انفجرت عبوة ناسفة بسيارة القيادي في هيئة تحرير الشام": the member's car, home or convoy)
    return len(wider) >= 2 and bool(forms_of(wider[-2]) & MEMBER_NOUNS) and (any(
        forms_of(t) & (AIMING_VERBS | TAKING_VERBS) for t in doc.words_before(wider[-2].start, 6))
        or len(wider) >= 3 and bool(forms_of(wider[-3]) & MEMBERS_THINGS))


def _counts_next(doc: Document, actor: Span) -> bool:
    """"قتل مسلحون ثلاثة قرويين": unvocalised قتل reads as active when a count follows the
    actor -- the count is the object, the actor the one who killed (the passive puts the count
    first: "قُتل ثلاثة مسلحين")."""
    after = spans_in(doc, "NUMBER", actor.end, actor.end + 40)
    return bool(after) and not doc.text[actor.end:after[0].start].strip()


EN_SELF = frozenset({"it", "its", "they", "their", "we", "our"})


def _speaks_of_itself(doc: DocIndex, actor: Span) -> bool:
    """"The army said it struck ...", "said its forces": the speaker tells its own deed (the first
    words after the speech verb)."""
    i = bisect_left(doc.token_starts, actor.end)
    for k in range(i, min(i + 8, len(doc.tokens))):
        if doc.tokens[k].norm in _english_speech_verbs():
            return any(t.norm in EN_SELF for t in doc.tokens[k + 1:k + 7])  # ("said in a statement that it")
    return True  # (no speech verb found: left as it was)


def _speaks_next(doc: DocIndex, actor: Span) -> bool:
    """English "..., officials said": the actor right before a speech verb (the quotes' list,
    `speech_verbs.yaml`) is a source."""
    i = bisect_left(doc.token_starts, actor.end)
    if i < len(doc.tokens) and doc.tokens[i].norm in EN_SPEAKER_LINKS and actor.text.isascii():
        # "residents and a local official said": the first of two speakers; "Medics at a hospital
        # in Omdurman said": a speaker placed.
        places = spans_in(doc, "LOC", actor.end, actor.end + 60)
        for tok in doc.tokens[i + 1:i + 7]:
            if tok.norm in _english_speech_verbs():
                return True
            if tok.kind == "punct" or not (tok.text.islower() or any(p.start <= tok.start < p.end for p in places)):
                return False
        return False
    return i < len(doc.tokens) and doc.tokens[i].norm in _english_speech_verbs()


@lru_cache(maxsize=1)
def _english_speech_verbs() -> frozenset[str]:
    from .quotes import load_speech_verbs

    return frozenset(f for f in load_speech_verbs().single_forms if f.isascii())


def _acts_next(doc: Document, actor: Span) -> bool:
    """The actor is the subject of the verb of doing right after it ("جنود نفذوا الغارة")."""
    i = bisect_left(doc.token_starts, actor.end)
    if i >= len(doc.tokens):
        return False
    if doc.token_forms[i] & AGENT_VERBS_AFTER:
        return True
    if doc.tokens[i].norm in MOUNT_PREPOSITIONS:
        # ("عشرات المسلحين على دراجات نارية هاجموا القرية": a short aside on how they came)
        for k in range(i + 1, min(i + 4, len(doc.tokens))):
            if doc.tokens[k].kind == "punct":
                break
            if doc.token_forms[k] & AGENT_VERBS_AFTER:
                return True
    # "Three gunmen killed four policemen": an English verb with its object after it (not
    # "two soldiers killed in a bombing", a headline's passive)
    return doc.tokens[i].norm in EN_OBJECT_VERBS and i + 1 < len(doc.tokens) and (
        doc.tokens[i + 1].norm in EN_OBJECT_OPENERS or bool(spans_in(doc, "NUMBER", doc.tokens[i + 1].start,
                                                                      doc.tokens[i + 1].end)))


def best_location(doc: Document, spans: Iterable[Span]) -> Span | None:
    # "قرب الحدود مع مالي": a neighbour named as a landmark is not where it happened.
    spans = [s for s in spans if not prev_keys(doc, s.start, 2) & BORDER_CUES]
    spans = _without_reference_points(doc, _without_possessors(doc, spans))
    if not spans:
        return None
    cued = [s for s in spans if prev_keys(doc, s.start, 2) & LOCATION_CUES]
    best = min(cued or spans, key=_finest_first)
    if (best.attrs.get("geo_precision") or 4) >= 3:
        # "وفي السودان، سيطرت القوات على مطار مروي": the town inside the country named with "في".
        # (a province is inside its country too: "وفي العراق، ... في وادي الشاي بمحافظة كركوك")
        inside = [s for s in spans if s.attrs.get("iso2") == best.attrs.get("iso2") and
                  _finest(s) < _finest(best)]
        best = min(inside, key=_finest) if inside else best
    return _neighbourhood_in(doc, best, spans) or _town_in(doc, best, spans) or best


def _without_possessors(doc: DocIndex, spans: list[Span]) -> list[Span]:
    """"central Mali's Mopti region", "Baghdad's heavily fortified Green Zone": the place before an
    English possessive says where the next one is."""
    return [s for s in spans if not any(EN_POSSESSED_PLACE.fullmatch(doc.text, s.end, o.start) for o in spans
                                        if s.end < o.start <= s.end + 40)]


def _finest_first(span: Span) -> tuple[int, int]:
    return (span.attrs.get("geo_precision") or 4, span.start)


def _finest(span: Span) -> tuple[int, int, int]:
    return (span.attrs.get("geo_precision") or 4, span.attrs.get("where_prec") or 6, span.start)


def _without_reference_points(doc: Document, spans: list[Span]) -> list[Span]:
    """The places it may have happened at: not where people fled to ("فروا إلى صيدا"), not a
    source named as a place ("according to Nasser Hospital"), and a town a distance is
    measured from, a source speaks from or an official governs only when no other place is named."""
    kept: list[Span] = []
    fallback: list[Span] = []
    for s in spans:
        role = _place_role(doc, s)
        if role == "reference":
            fallback.append(s)
        elif role is None:
            kept.append(s)
    return kept or fallback


def _direction_from(doc: DocIndex, place: Span, near: list[frozenset[str]]) -> bool:
    """"near Tarmiyah, north of Baghdad": a place a direction is given from, right after another
    place, locates that one ("positions east of El Fasher" alone is near El Fasher)."""
    if not (len(near) > 1 and near[-1] & EN_OF and near[-2] & EN_DIRECTIONS):
        return False
    before = doc.words_before(place.start, 2)[0]
    comma = doc.text.rfind(",", 0, before.start)
    return comma >= 0 and not doc.text[comma + 1:before.start].strip() and bool(
        doc.spans_in("LOC", max(0, comma - 60), comma))


def is_reference_point(doc: Document, place: Span) -> bool:
    """A place named to locate something else: a town a distance is measured from, where a
    source speaks from, a dateline, the place an official governs, where a missile was fired
    from ("صاروخ أطلقه الحوثيون من اليمن")."""
    return _place_role(doc, place) == "reference"


def _place_role(doc: DocIndex, place: Span) -> str | None:
    """None for a place something may have happened at; "elsewhere" for where people fled to,
    where fire came from or a source named as a place; "reference" for a reference point."""
    key = ("place role", place.start, place.end)
    if key in doc.memo:
        return doc.memo[key]
    # ("قرية كفر روما": the head of a place's name is no ك + "فر", fled)
    near = [frozenset((t.norm,)) if is_name_head(t.norm) else forms_of(t) for t in doc.words_before(place.start, 5)]
    last = near[-1] if near else frozenset()
    last4 = frozenset().union(*near[-4:])
    if last4 & FLIGHT_WORDS or frozenset().union(*near) & ORIGIN_WORDS or _is_source(doc, place):
        role: str | None = "elsewhere"
    elif last4 & DISTANCE_UNITS or last4 & REFERENCE_WORDS or last & OFFICE_HOLDERS or last & FROM_WORDS and last4 & LAUNCH_VERBS \
            or _direction_from(doc, place, near) \
            or _where_source_is(doc, place) or _dateline(doc, place):
        role = "reference"
    else:
        role = None
    doc.memo[key] = role
    return role


# "BEIRUT, March 11 (Reuters) - ", "إدلب - ", "بيروت (رويترز) - ": where the story was filed.
DATELINE_TAIL = re.compile(r"\s*(?:,[^\n\-–—]{0,40}?)?\s*(?:\([^()\n]{0,40}\)\s*)?(?:--|[-–—])\s")


def _dateline(doc: DocIndex, place: Span) -> bool:
    """The place opens its line as a dateline: where the report was filed, the event's place
    only when the report names no other."""
    line_start = doc.text.rfind("\n", 0, place.start) + 1
    return not doc.text[line_start:place.start].strip() and DATELINE_TAIL.match(doc.text, place.end) is not None


# "KYIV, Ukraine (Reuters) - ": the country after the dateline's city.
DATELINE_CITY = re.compile(r"[A-Z][A-Za-z.'’ -]{1,40},\s*")


def _country_of_dateline(doc: DocIndex, actor: Span) -> bool:
    """A country named in an English dateline tells where the story was filed: it is no party."""
    if not doc.text[actor.start].isascii():
        return False
    line_start = doc.text.rfind("\n", 0, actor.start) + 1
    return (DATELINE_CITY.fullmatch(doc.text, line_start, actor.start) is not None
            and DATELINE_TAIL.match(doc.text, actor.end) is not None)


# What a source says opens right after the place it speaks from.
REPORTED_OPENER = re.compile(r"\s*[،,]?\s*(?:إن|أن|بأن)\s")


def _where_source_is(doc: DocIndex, place: Span) -> bool:
    """"قالت مصادر طبية في مدينة غزة إن …": where the source speaks from, the place only when
    the report names no other."""
    key = ("source's place", place.start)
    found = doc.memo.get(key)
    if found is None:
        nearby = spans_in(doc, "SOURCE", place.start - SOURCE_REACH, place.start)
        # (container words between are a few short ones: a long gap is not looked into)
        found = doc.memo[key] = bool(nearby) and (place.start - nearby[-1].end <= 24 and {
            name_key(w) for w in doc.text[nearby[-1].end:place.start].split()} <= CONTAINER_WORDS
            # ("قال مصدر طبي في مستشفى الجمهورية بعدن إن …": the last words before what is said)
            or place.start - nearby[-1].end <= 60 and REPORTED_OPENER.match(doc.text, place.end) is not None
            and not SENTENCE_END.search(doc.text, nearby[-1].end, place.start))
    return found


def _is_source(doc: Document, place: Span) -> bool:
    nearby = spans_in(doc, "SOURCE", place.start - SOURCE_REACH, place.end + SOURCE_REACH)
    return any(src.start <= place.start and place.end <= src.end for src in nearby)


# "طريق بغداد - كركوك", "الطريق الواصل بين حلب والرقة": a road named by the towns it links.
ROAD_WORDS = frozenset(name_key(w) for w in ("طريق", "الطريق", "أوتوستراد", "الأوتوستراد", "road", "highway"))
ROAD_LINKS = frozenset(name_key(w) for w in ("-", "–", "و", "إلى", "الى", "to", "and"))


def localities(doc: Document, sentence: Sentence) -> list[Span]:
    locs = _without_reference_points(doc, _without_possessors(doc, spans_in(doc, "LOC", sentence.start, sentence.end)))
    out: list[Span] = []
    for s in locs:
        if out and _road_far_end(doc, out[-1], s):
            continue  # one road, not a second place
        if s.attrs.get("geo_precision") == 1:
            out.append(s)
    # (a city named after one of its neighbourhoods is no second place, wherever else it is named:
    # "مراسلنا في بغداد ... المنطقة الخضراء وسط بغداد")
    containers = {s.attrs.get("kb_id") for s in out if _neighbourhood_in(doc, s, out) is not None}
    seen: set[Any] = set()
    places = []
    for s in out:
        kb_id = s.attrs.get("kb_id")
        if kb_id not in seen and kb_id not in containers:
            seen.add(kb_id)
            places.append(s)
    return places


def _road_far_end(doc: Document, near: Span, place: Span) -> bool:
    between = doc.text[near.end:place.start].split()
    if len(between) != 1 or name_key(between[0]) not in ROAD_LINKS:
        return False
    after = doc.text[place.end:place.end + 12].split()[:1]  # "the Mosul-Kirkuk road"
    return bool(prev_keys(doc, near.start, 3) & ROAD_WORDS) or bool(after) and name_key(after[0]) in ROAD_WORDS


def _neighbourhood_in(doc: Document, place: Span, places: list[Span]) -> Span | None:
    """"حي الزيتون في مدينة غزة", "the Tuffah area of Gaza City", "ساحة التحرير وسط بغداد": a city
    named right after one of its own neighbourhoods or landmarks says where it is; it is no second
    place."""
    if place.attrs.get("feature") not in SETTLEMENT_FEATURES:
        return None
    # ("في مدينة الصدر ببغداد": a district the gazetteer counts as a city of its own)
    return _named_inside(doc, place, places, lambda p: p.attrs.get("feature") in PARTS_OF_A_CITY,
                         NEIGHBOURHOOD_REACH_KM) or _named_inside(
        doc, place, places, lambda p: p.attrs.get("feature") in SETTLEMENT_FEATURES
        and p.attrs.get("kb_id") != place.attrs.get("kb_id"), DISTRICT_REACH_KM)


def _town_in(doc: DocIndex, region: Span, places: list[Span]) -> Span | None:
    """"غارات على بلدة كنصفرة في جبل الزاوية": a region named right after a town says where the
    town is; the town, though not cued by "في", is where it happened."""
    if region.attrs.get("geo_precision") != 2:
        return None
    return _named_inside(doc, region, places, lambda p: p.attrs.get("geo_precision") == 1, REGION_REACH_KM)


def _named_inside(doc: DocIndex, outer: Span, places: list[Span], is_inner, reach_km: float) -> Span | None:
    """The place of `places` that `is_inner`, named right before `outer` with only container
    words between ("X في Y", "X of Y") and within `reach_km` of it."""
    if outer.attrs.get("lat") is None:
        return None
    for p in places:
        if (is_inner(p) and p.attrs.get("lat") is not None and p.end <= outer.start
                and {name_key(w) for w in doc.text[p.end:outer.start].split()} <= CONTAINER_WORDS
                and haversine_km(p.attrs["lat"], p.attrs["lon"], outer.attrs["lat"], outer.attrs["lon"]) <= reach_km):
            return p
    return None


# A definite place noun refers back to the place last named ("القرية", "the town").
PLACE_BACK_REFERENCES = frozenset(name_key(w) for w in (
    "القرية", "البلدة", "المدينة", "المخيم", "الحي", "المنطقة", "الحقل", "القاعدة", "المطار", "village", "town",
    "camp"))


def context_location(doc: Document, sentence: Sentence) -> Span | None:
    """The location of an event whose sentence names none: the closest earlier place in the
    paragraph, else (for a place referred back to, or a paragraph that goes on with the speaker
    before) that of a paragraph before, else the title's place."""
    para_start = doc.text.rfind("\n", 0, sentence.start) + 1
    earlier = spans_in(doc, "LOC", para_start, sentence.start)
    if earlier:
        return best_location(doc, earlier[-2:])
    # "اشتبكت قواتها ... في محيط القرية" opening a paragraph: the village of the nearest paragraph
    # before that names a place (up to three back; the title is not one of them).
    if para_start > 0 and (doc.forms_in(sentence.start, sentence.end) & PLACE_BACK_REFERENCES
                           or continues_previous_paragraph(doc, para_start)):
        prev_end = para_start - 1
        for _ in range(3):
            while prev_end > 0 and doc.text[prev_end - 1].isspace():  # (past blank lines)
                prev_end -= 1
            prev_start = doc.text.rfind("\n", 0, prev_end) + 1
            if prev_start == 0:
                break
            earlier = spans_in(doc, "LOC", prev_start, prev_end)
            if earlier:
                return best_location(doc, earlier[-2:])
            prev_end = prev_start - 1
    first_line_end = doc.text.find("\n")
    if first_line_end > 0:
        return best_location(doc, spans_in(doc, "LOC", 0, first_line_end))
    return None


def date_for(doc: Document, sentence: Sentence) -> tuple[Span | None, bool]:
    """The date span for the sentence and whether the sentence is about history."""
    # A wire dateline's day is when the story was filed, as a publication date is: no event's day.
    dates = [d for d in spans_in(doc, "DATE", sentence.start, sentence.end)
             if d.attrs.get("kind") not in ("time",) and d.attrs.get("marker") != "dateline"]
    history = any(d.attrs.get("history") or d.attrs.get("marker") == "since" for d in dates)
    current = [d for d in dates if not d.attrs.get("history") and d.attrs.get("kind") != "year"]
    if current:
        # ("police said on Tuesday that gunmen attacked the village on Monday": the day it happened)
        return next((d for d in current if not day_of_saying(doc, d)), current[0]), history
    # "قتل جندي في اشتباك يوم 12 تموز" told in late August: an earlier happening, with its own day.
    dated = [d for d in dates if d.attrs.get("precision") == 1 and d.attrs.get("date") and d.attrs.get("marker") != "since"]
    if dated:
        return dated[0], history
    earlier = [d for d in spans_in(doc, "DATE", 0, sentence.start)
               if d.attrs.get("kind") not in ("time", "year") and not d.attrs.get("history")
               and d.attrs.get("marker") != "dateline"]
    return (earlier[-1] if earlier else None), history


# The day a report was given, not the day of what it tells: "..., police said on Tuesday",
# "قال مسؤول أمني، الثلاثاء، إن ...".
SAID_ON = re.compile(r"\b(?:said|says|told\s+\S+(?:\s+\S+)?|reported|announced|added|confirmed|stated)\s+(?:on\s+)?$")
THAT_AFTER = re.compile(r"\s*[،,]?\s*(?:إن|ان|أن|بأن|بان)(?!\w)")


def day_of_saying(doc: DocIndex, day: Span) -> bool:
    return bool(SAID_ON.search(doc.text, max(0, day.start - 40), day.start) or THAT_AFTER.match(doc.text, day.end))


FIELD_OF_KIND = {"killed": "fatalities", "injured": "injured", "arrested": "arrested", "abducted": "arrested"}


def counts_for(doc: DocIndex, sentence: Sentence, updated: bool = False) -> dict[str, int | None]:
    """Killed, injured and arrested in the sentence: the lowest specific figure of each, or
    the highest when the sentence updates a toll ("ارتفعت الحصيلة إلى خمسة بعد وفاة اثنين")."""
    key = ("counts", sentence.start, sentence.end, updated)
    if key not in doc.memo:
        doc.memo[key] = _counts(doc, sentence, max if updated else min)
    return doc.memo[key]


def _counts(doc: DocIndex, sentence: Sentence, pick) -> dict[str, int | None]:
    counts: dict[str, int | None] = {"fatalities": None, "injured": None, "arrested": None}
    parts: dict[str, int] = {}
    for c in _casualties_in(doc, sentence):
        if c.cumulative:
            continue  # a running total over a war is no event's toll
        key = FIELD_OF_KIND.get(c.kind)
        value = c.value
        if c.subset:
            # "سبعة مدنيين بينهم طفلان قُتلوا": the verb counts the whole group, not the subset.
            value = _group_before_subset(doc, sentence, c.number.start)
            if value is None and key is not None and c.value is not None:
                parts[key] = min(parts.get(key, c.value), c.value)
        if key is None or value is None:
            continue
        # Conservative, as ACLED: the lowest specific figure.
        counts[key] = value if counts[key] is None else pick(counts[key], value)
    for key, value in parts.items():
        # "ما أدى إلى مقتل اثنين منهم", "مقتله": a part is the count when no whole is told.
        if counts[key] is None:
            counts[key] = value
    return counts


def counts_by_place(doc: DocIndex, sentence: Sentence, places: list[Span]) -> list[dict[str, int | None]]:
    """Counts for each of several places a sentence reports on ("قتل 5 في A، كما قتل 3 في B").
    A kind told once for several places is a total, which belongs to none of them; a kind
    told once per place, as many figures as places, pairs with the places in text order."""
    figures: dict[str, list[int | None]] = {}
    for c in _casualties_in(doc, sentence):
        if not (c.subset or c.cumulative) and c.kind in FIELD_OF_KIND:
            figures.setdefault(FIELD_OF_KIND[c.kind], []).append(c.value)
    out: list[dict[str, int | None]] = [{"fatalities": None, "injured": None, "arrested": None} for _ in places]
    order = sorted(range(len(places)), key=lambda i: places[i].start)
    for key, values in figures.items():
        if len(values) == len(places):
            for i, v in zip(order, values):
                out[i][key] = v
    return out


def _document_casualties(doc: DocIndex) -> list[Any]:
    """Casualty figures of the whole document, found once (numbers and dates are scanned once)."""
    if "casualties" not in doc.memo:
        doc.memo["casualties"] = find_casualties(doc.text, 0, len(doc.text), keep_all=True, names=[
            (a.start, a.end) for a in doc.by_label.get("ACTOR", ())], places=[
            (p.start, p.end) for p in doc.by_label.get("LOC", ())])
    return doc.memo["casualties"]


def _casualties_in(doc: DocIndex, sentence: Sentence) -> list[Any]:
    """The document's casualty figures whose number starts in the sentence, in the document's
    order (the order `find_casualties` gives): found by bisection on their numbers' starts,
    sorted once per document, rather than by a pass over all of them for every sentence."""
    index = doc.memo.get("casualty_starts")
    if index is None:
        casualties = _document_casualties(doc)
        by_start = sorted(range(len(casualties)), key=lambda i: casualties[i].number.start)
        index = doc.memo["casualty_starts"] = (casualties, by_start, [casualties[i].number.start for i in by_start])
    casualties, by_start, starts = index
    inside = by_start[bisect_left(starts, sentence.start):bisect_left(starts, sentence.end)]
    return [casualties[i] for i in sorted(inside)]


def _group_before_subset(doc: DocIndex, sentence: Sentence, subset_start: int) -> int | None:
    numbers = [n for n in spans_in(doc, "NUMBER", sentence.start, subset_start) if n.attrs.get("value")]
    if not numbers:
        return None
    between = doc.text[numbers[-1].end:subset_start]
    return numbers[-1].attrs["value"] if SUBSET_MARKERS.search(between) and len(between) < 40 else None


def source_for_sentence(doc: DocIndex, sentence: Sentence) -> Span | None:
    """The first source in the sentence, else the paragraph's last before it, else its first
    after it ("Police fired tear gas to disperse them, witnesses said" after the protest), else
    the document's first."""
    sources = doc.by_label.get("SOURCE", [])
    starts = doc.label_starts.get("SOURCE", [])
    i = bisect_left(starts, sentence.start)
    j = bisect_left(starts, sentence.end)
    if i < j:
        return sources[i]
    para_start = doc.text.rfind("\n\n", 0, sentence.start) + 1
    line_start = doc.text.rfind("\n", 0, sentence.start) + 1
    if i > 0 and (starts[i - 1] >= para_start or continues_previous_paragraph(doc, line_start)):
        return sources[i - 1]  # (also "وأضاف المصدر أن ...": the speaker of the paragraph before)
    para_end = doc.text.find("\n\n", sentence.end)
    if j < len(starts) and (para_end < 0 or starts[j] < para_end):
        return sources[j]
    if sources and starts[0] < para_start and (_opens_country_section(doc, para_start)
                                               or NEW_ITEM_OPENER.match(doc.text, para_start)):
        # ("وفي العراق، اعتقلت ...", "من جهة أخرى، خرج مئات المحتجين ...": a digest's item about
        # another country, or another item of the story, is not the lead's)
        return None
    return sources[0] if sources else None


# "وأضاف المصدر أن ...", "وتابع": a paragraph opening with a verb of adding goes on with the
# speaker (and the place) of the paragraph before.
CONTINUATION_OPENER = re.compile(r"\s*[وف](?:أضاف|اضاف|تابع|أردف|اردف|مضى)(?:ت)?(?!\w)|\s*He\s+added\b|\s*She\s+added\b")


def continues_previous_paragraph(doc: DocIndex, para_start: int) -> bool:
    return bool(CONTINUATION_OPENER.match(doc.text, para_start))


# A paragraph opening another item of the story: its facts are not the lead source's.
NEW_ITEM_OPENER = re.compile(
    r"\s*(?:و?(?:من|على)\s+(?:جهة|ناحية|صعيد)\s+(?:أخرى|اخرى|آخر|اخر)|و?في\s+(?:سياق|تطور|حادث)\s+(?:آخر|اخر|منفصل)"
    r"|(?:Separately|Elsewhere|In\s+(?:another|a\s+separate)\s+(?:development|incident))\b)")


def _opens_country_section(doc: DocIndex, para_start: int) -> bool:
    """The paragraph opens with a country and a comma: "وفي اليمن،", "In Iraq,"."""
    return any(str(s.attrs.get("kb_id")).startswith("ctry:") and opens_section(doc.text, s.start, s.end)
               for s in spans_in(doc, "LOC", para_start, para_start + 30))
