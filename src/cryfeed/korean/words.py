"""The words whose pronunciation the letters do not tell: the engine's small, documented lists."""

from __future__ import annotations

import re

# Each list maps a word to the index of the syllable whose initial the rule changes (the
# second syllable of the pair involved). The words are matched anywhere inside a run of
# Hangul, so 물결이 finds 물결; the rule text's own examples come first, then words of the
# kind ballads are made of, each checked against 표준국어대사전 (Standard Korean Dictionary).
# Pronunciations are not guessed: a word goes in only with its dictionary pronunciation.

# 제29항 ㄴ insertion: in a compound or a derived word, a second part starting with 이, 야,
# 여, 요 or 유 gets a ㄴ (after ㄹ it becomes ㄹ, 제29항 붙임 1). 막일 [망닐] is left out on
# purpose: it hides inside 마지막일지도 ("might be the last"), which has no insertion.
N_INSERTION = {
    "솜이불": 1, "홑이불": 1, "삯일": 1, "맨입": 1, "꽃잎": 1, "내복약": 2, "한여름": 1,
    "남존여비": 2, "신여성": 1, "색연필": 1, "직행열차": 2, "늑막염": 2, "콩엿": 1,
    "담요": 1, "눈요기": 1, "영업용": 2, "식용유": 2, "백분율": 2, "밤윷": 1,
    # 다만: said with the ㄴ (or as written); the standard lists the ㄴ form first.
    "이죽이죽": 2, "야금야금": 2, "검열": 1, "욜랑욜랑": 2, "금융": 1,
    # 붙임 1: after ㄹ the added ㄴ is said ㄹ.
    "들일": 1, "솔잎": 1, "설익": 1, "물약": 1, "불여우": 1, "서울역": 2, "물엿": 1,
    "휘발유": 2, "유들유들": 2,
    # 붙임 2: number words written as one.
    "서른여섯": 2, "스물여섯": 2,
    # 제30항 3: a written sai-siot before 이 is said ㄴㄴ.
    "베갯잇": 2, "깻잎": 1, "나뭇잎": 2, "도리깻열": 3, "뒷윷": 1,
    # 국어의 로마자 표기법 제3장 제1항 examples, and ballad words.
    "학여울": 1, "알약": 1, "앞일": 1, "뒷일": 1, "옛일": 1,
}  # fmt: skip

# 제20항 다만: in these Sino-Korean words ㄴ+ㄹ is said ㄴㄴ, not ㄹㄹ.
L_AS_N = {
    "의견란": 2, "임진란": 2, "생산량": 2, "결단력": 2, "공권력": 2, "동원령": 2,
    "상견례": 2, "횡단로": 2, "이원론": 2, "입원료": 2, "구근류": 2,
    "신문로": 2,  # 국어의 로마자 표기법 제3장 제1항 example: Sinmunno
}  # fmt: skip

# 제26항: in Sino-Korean words ㄷ, ㅅ, ㅈ after ㄹ are tense (갈등 [갈뜽]); native words and
# repeated roots are not (허허실실, 절절하다), so only listed words get it.
SINO_L_TENSING = {
    "갈등": 1, "발동": 1, "절도": 1, "말살": 1, "불소": 1, "일시": 1, "갈증": 1, "물질": 1,
    "발전": 1, "몰상식": 1, "불세출": 1, "결단": 1,
    "절대": 1, "열정": 1, "일생": 1, "결심": 1, "실수": 1, "실제": 1, "열심": 1, "일상": 1,
    "출신": 1, "발생": 1, "결정": 1, "솔직": 1, "활동": 1, "질서": 1, "일주일": 1,
}  # fmt: skip

# 제28항: compounds whose first part links to the second like a genitive, without a
# written ㅅ, tense the second part's first consonant (눈빛 [눈삗], 물결 [물껼]).
COMPOUND_TENSING = {
    "문고리": 1, "눈동자": 1, "신바람": 1, "산새": 1, "손재주": 1, "길가": 1, "물동이": 1,
    "발바닥": 1, "굴속": 1, "술잔": 1, "바람결": 2, "그믐달": 2, "아침밥": 2, "잠자리": 1,
    "강가": 1, "초승달": 2, "등불": 1, "창살": 1, "강줄기": 1,
    "눈빛": 1, "손길": 1, "발길": 1, "물결": 1, "봄바람": 1, "밤길": 1, "눈가": 1,
    "손가락": 1, "달빛": 1, "별빛": 1, "창가": 1, "잠결": 1, "꿈결": 1, "발자국": 1,
    "발걸음": 1, "손등": 1, "길거리": 1, "산길": 1, "봄비": 1, "밤바다": 1, "눈길": 1,
    "보름달": 2, "물방울": 1, "손바닥": 1, "발소리": 1, "물소리": 1,
    # Seasons' nights, 가을밤 in a catalog title (found by the teacher's second pass).
    "가을밤": 2, "겨울밤": 2, "여름밤": 2,
}  # fmt: skip

# 제30항 1: a written sai-siot before ㄱ, ㄷ, ㅂ, ㅅ, ㅈ is silent and tenses the next
# consonant ([내까]); saying it as ㄷ ([낻까]) is allowed too, and romanization writes that
# (샛별 saetbyeol). Other ㅅ finals are ordinary (옷고름 [옫꼬름], 첫사랑 [첟싸랑]).
SAI_SIOT = {
    "냇가": 1, "샛길": 1, "빨랫돌": 2, "콧등": 1, "깃발": 1, "대팻밥": 2, "햇살": 1,
    "뱃속": 1, "뱃전": 1, "고갯짓": 2,
    "바닷가": 2, "햇빛": 1, "햇볕": 1, "촛불": 1, "귓가": 1, "잿빛": 1, "빗소리": 1,
    "빗방울": 1, "핏줄": 1, "뒷골목": 1, "찻잔": 1, "나뭇가지": 2, "날갯짓": 2, "샛별": 1,
    "빗길": 1, "뱃길": 1, "혓바늘": 1,
}  # fmt: skip

# 제15항: before a whole word (not an ending) starting with ㅏ, ㅓ, ㅗ, ㅜ, ㅟ, a final is
# first reduced to its plain sound, then linked (맛없다 [마덥따], not [마섭따]).
WHOLE_WORD_LINK = {
    "맛없": 1, "멋없": 1, "겉옷": 1, "헛웃음": 1, "젖어미": 1, "값어치": 1, "값있": 1,
    "맛있": 1, "멋있": 1, "첫인상": 1, "웃어른": 1,
}  # fmt: skip

# 제16항: the names of the letters ㄷ, ㅈ, ㅊ, ㅋ, ㅌ, ㅍ, ㅎ link their final as ㅅ, ㄱ or ㅂ.
LETTER_NAMES = {"디귿": 2, "지읒": 2, "치읓": 2, "키읔": 2, "티읕": 2, "피읖": 2, "히읗": 2}

# 제24항: verb stems ending in ㄴ or ㅁ tense an ending's ㄱ, ㄷ, ㅅ, ㅈ (신고 [신ː꼬],
# 삼고 [삼ː꼬]); nouns do not (한강, 감기). Stems are matched at the start of a word and
# only before these endings, which is why 남자 ("man") is left alone.
NM_STEMS = ("껴안", "더듬", "신", "안", "삼", "감", "남", "참", "담", "넘", "품", "숨", "심")
NM_ENDINGS = ("고", "다", "던", "도록", "지", "게", "소", "습", "겠", "거")
NM_STEM_WORD = re.compile(f"(?:{'|'.join(NM_STEMS)})(?={'|'.join(NM_ENDINGS)})")

# 제27항 붙임: endings that start with the -(으)ㄹ of the future adnominal tense what
# follows (기다릴게 [기다릴께], 할수록 [할쑤록]). The letters do not show whether a ㄹ is
# that ending (할게) or part of a stem (길게 "long", 힘들게): only the syllables listed
# here, a vowel stem plus -ㄹ, count.
L_ENDING_SYLLABLES = frozenset("을할될갈올볼줄일릴칠낼랄킬날")
L_ENDING = re.compile(
    f"[{''.join(sorted(L_ENDING_SYLLABLES))}](?=게|걸|거|건|겁|지|수록|진대|세라|밖에)"
)
# 제27항: after the adnominal -(으)ㄹ a following word's ㄱ, ㄷ, ㅂ, ㅅ, ㅈ is tense (할 것을
# [할꺼슬], 갈 곳 [갈꼳]). 을 is far more often the object particle (마음을 다해), so after
# 을 only dependent nouns, which cannot follow a particle, count.
DEPENDENT_NOUNS = frozenset("것거걸건게겁데바수적줄지듯뻔법")

# Nouns whose final cluster is not a verb stem: 제11항 다만 (ㄺ before ㄱ said ㄹ) and
# 제24-25항 (tensing after stems) do not apply (흙과 [흑꽈], 삶과 [삼ː과]).
CLUSTER_NOUNS = frozenset("닭흙칡삵삶앎덟")

# Every listed word, with what each rule does where: a longer word also carries the rules of
# the listed words inside it (결단력 is 결단 [결딴] plus 제20항 다만), since the scan finds
# one word at each place.
_TABLES = (
    ("insert", N_INSERTION),
    ("nn", L_AS_N),
    ("t26", SINO_L_TENSING),
    ("t28", COMPOUND_TENSING),
    ("sai", SAI_SIOT),
    ("link", WHOLE_WORD_LINK),
    ("letter", LETTER_NAMES),
)
WORD_RULES: dict[str, tuple[tuple[str, int], ...]] = {}
for _word in sorted({word for _, table in _TABLES for word in table}):
    WORD_RULES[_word] = tuple(
        (kind, _word.index(inner) + index)
        for kind, table in _TABLES
        for inner, index in table.items()
        if inner in _word
    )
WORD_PATTERN = re.compile("|".join(sorted(WORD_RULES, key=len, reverse=True)))
