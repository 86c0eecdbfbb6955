"""Standard pronunciation against the examples printed in 표준 발음법, the CLI, properties."""

from __future__ import annotations

import re
import unicodedata

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from cryfeed.cli import main
from cryfeed.korean import RULES, pronounce, romanize, sound_changes

# The examples printed in 표준 발음법 (표준어 규정 제2부, 문교부 고시 제88-2호, 1988; current
# text 문화체육관광부 고시 제2017-13호), as published by 국립국어원:
#     https://korean.go.kr/kornorms/regltn/regltnView.do?regltn_code=0002
# (articles 20-22 checked against http://woorimal.net/language/pyojun/2pyo-20-22.htm and
# 17-19 against http://woorimal.net/language/pyojun/2pyo-17-19.htm). One line per group of
# an article: "article|written said|written said|...". Vowel length (the long mark) is not shown by the
# engine and is left out; where the text gives a principle and an allowed form (냇가
# [내까/낻까]), the principle is expected. Examples of several words are compared with
# the spaces taken out, as the rule text writes them, read with phrase=True.
EXAMPLES = """제5항|가져 가저|쪄 쩌|다쳐 다처
제5항|늴리리 닐리리|닁큼 닝큼|무늬 무니|띄어쓰기 띠어쓰기|씌어 씨어|틔어 티어|희어 히어|희떱다 히떱따|희망 히망|유희 유히
제5항|주의 주의|협의 혀븨|우리의 우리의|강의의 강의의
제9항|닦다 닥따|키읔 키윽|키읔과 키윽꽈|옷 옫|웃다 욷따|있다 읻따|젖 젇|빚다 빋따|꽃 꼳|쫓다 쫃따|솥 솓|뱉다 밷따|앞 압|덮다 덥따
제10항|넋 넉|넋과 넉꽈|앉다 안따|여덟 여덜|넓다 널따|외곬 외골|핥다 할따|값 갑|없다 업따
제10항|밟다 밥따|밟소 밥쏘|밟지 밥찌|밟는 밤는|밟게 밥께|밟고 밥꼬|넓죽하다 넙쭈카다|넓둥글다 넙뚱글다
제11항|닭 닥|흙과 흑꽈|맑다 막따|늙지 늑찌|삶 삼|젊다 점따|읊고 읍꼬|읊다 읍따|맑게 말께|묽고 물꼬|얽거나 얼꺼나
제12항|놓고 노코|좋던 조턴|쌓지 싸치|많고 만코|않던 안턴|닳지 달치
제12항|각하 가카|먹히다 머키다|밝히다 발키다|맏형 마텽|좁히다 조피다|넓히다 널피다|꽂히다 꼬치다|앉히다 안치다
제12항|옷 한 벌 오탄벌|낮 한때 나탄때|꽃 한 송이 꼬탄송이|숱하다 수타다
제12항|닿소 다쏘|많소 만쏘|싫소 실쏘|놓는 논는|쌓네 싼네|않네 안네|않는 안는|뚫네 뚤레|뚫는 뚤른
제12항|낳은 나은|놓아 노아|쌓이다 싸이다|많아 마나|않은 아는|닳아 다라|싫어도 시러도
제13항|깎아 까까|옷이 오시|있어 이써|낮이 나지|꽂아 꼬자|꽃을 꼬츨|쫓아 쪼차|밭에 바테|앞으로 아프로|덮이다 더피다
제14항|넋이 넉씨|앉아 안자|닭을 달글|젊어 절머|곬이 골씨|핥아 할타|읊어 을퍼|값을 갑쓸|없어 업써
제15항|밭 아래 바다래|늪 앞 느밥|젖어미 저더미|맛없다 마덥따|겉옷 거돋|헛웃음 허두슴|꽃 위 꼬뒤|맛있다 마딛따|멋있다 머딛따
제15항|넋 없다 너겁따|닭 앞에 다가페|값어치 가버치|값있는 가빈는
제16항|디귿이 디그시|디귿을 디그슬|디귿에 디그세|지읒이 지으시|지읒을 지으슬|지읒에 지으세|치읓이 치으시|치읓을 치으슬|치읓에 치으세|키읔이 키으기|키읔을 키으글|키읔에 키으게|티읕이 티으시|티읕을 티으슬|티읕에 티으세|피읖이 피으비|피읖을 피으블|피읖에 피으베|히읗이 히으시|히읗을 히으슬|히읗에 히으세
제17항|곧이듣다 고지듣따|굳이 구지|미닫이 미다지|땀받이 땀바지|밭이 바치|벼훑이 벼훌치|굳히다 구치다|닫히다 다치다|묻히다 무치다
제18항|먹는 멍는|국물 궁물|깎는 깡는|키읔만 키응만|몫몫이 몽목씨|긁는 긍는|흙만 흥만|닫는 단는|짓는 진는|옷맵시 온맵씨|있는 인는|맞는 만는|젖멍울 전멍울|쫓는 쫀는|꽃망울 꼰망울|붙는 분는|놓는 논는|잡는 잠는|밥물 밤물|앞마당 암마당|밟는 밤는|읊는 음는|없는 엄는
제18항|책 넣는다 챙넌는다|흙 말리다 흥말리다|옷 맞추다 온맏추다|밥 먹는다 밤멍는다|값 매기다 감매기다
제19항|담력 담녁|침략 침냑|강릉 강능|항로 항노|대통령 대통녕|막론 망논|석류 성뉴|협력 혐녁|법리 범니
제20항|난로 날로|신라 실라|천리 철리|광한루 광할루|대관령 대괄령|칼날 칼랄|물난리 물랄리|줄넘기 줄럼끼|할는지 할른지|닳는 달른|뚫는 뚤른|핥네 할레
제20항|의견란 의견난|임진란 임진난|생산량 생산냥|결단력 결딴녁|공권력 공꿘녁|동원령 동원녕|상견례 상견녜|횡단로 횡단노|이원론 이원논|입원료 이붠뇨|구근류 구근뉴
제21항|감기 감기|옷감 옫깜|있고 읻꼬|꽃길 꼳낄|젖먹이 전머기|문법 문뻡|꽃밭 꼳빧
제22항|피어 피어|되어 되어|이오 이오|아니오 아니오
제23항|국밥 국빱|깎다 깍따|넋받이 넉빠지|삯돈 삭똔|닭장 닥짱|칡범 칙뻠|뻗대다 뻗때다|옷고름 옫꼬름|있던 읻떤|꽂고 꼳꼬|꽃다발 꼳따발|낯설다 낟썰다|밭갈이 받까리|솥전 솓쩐|곱돌 곱똘|덮개 덥깨|옆집 엽찝|넓죽하다 넙쭈카다|읊조리다 읍쪼리다|값지다 갑찌다
제24항|신고 신꼬|껴안다 껴안따|앉고 안꼬|얹다 언따|삼고 삼꼬|더듬지 더듬찌|닮고 담꼬|젊지 점찌|안기다 안기다|감기다 감기다|굶기다 굼기다|옮기다 옴기다
제25항|넓게 널께|핥다 할따|훑소 훌쏘|떫지 떨찌
제26항|갈등 갈뜽|발동 발똥|절도 절또|말살 말쌀|불소 불쏘|일시 일씨|갈증 갈쯩|물질 물찔|발전 발쩐|몰상식 몰쌍식|불세출 불쎄출|허허실실 허허실실|절절하다 절절하다
제27항|할 것을 할꺼슬|갈 데가 갈떼가|할 바를 할빠를|할 수는 할쑤는|할 적에 할쩌게|갈 곳 갈꼳|할 도리 할또리|만날 사람 만날싸람
제27항|할걸 할껄|할밖에 할빠께|할세라 할쎄라|할수록 할쑤록|할지라도 할찌라도|할지언정 할찌언정|할진대 할찐대
제28항|문고리 문꼬리|눈동자 눈똥자|신바람 신빠람|산새 산쌔|손재주 손째주|길가 길까|물동이 물똥이|발바닥 발빠닥|굴속 굴쏙|술잔 술짠|바람결 바람껼|그믐달 그믐딸|아침밥 아침빱|잠자리 잠짜리|강가 강까|초승달 초승딸|등불 등뿔|창살 창쌀|강줄기 강쭐기
제29항|솜이불 솜니불|홑이불 혼니불|막일 망닐|삯일 상닐|맨입 맨닙|꽃잎 꼰닙|내복약 내봉냑|한여름 한녀름|남존여비 남존녀비|신여성 신녀성|색연필 생년필|직행열차 지캥녈차|늑막염 능망념|콩엿 콩녇|담요 담뇨|눈요기 눈뇨기|영업용 영엄뇽|식용유 시굥뉴|백분율 백뿐뉼|밤윷 밤뉻
제29항|이죽이죽 이중니죽|야금야금 야금냐금|검열 검녈|욜랑욜랑 욜랑뇰랑|금융 금늉
제29항|들일 들릴|솔잎 솔립|설익다 설릭따|물약 물략|불여우 불려우|서울역 서울력|물엿 물렫|휘발유 휘발류|유들유들 유들류들
제29항|한 일 한닐|옷 입다 온닙따|서른여섯 서른녀섣|먹은 엿 머근녇|할 일 할릴|잘 입다 잘립따|스물여섯 스물려섣|먹을 엿 머글렫
제29항|송별연 송벼련|등용문 등용문
제30항|냇가 내까|샛길 새낄|빨랫돌 빨래똘|콧등 코뜽|깃발 기빨|대팻밥 대패빱|햇살 해쌀|뱃속 배쏙|뱃전 배쩐|고갯짓 고개찓
제30항|콧날 콘날|아랫니 아랜니|툇마루 퇸마루|뱃머리 밴머리
제30항|베갯잇 베갠닏|깻잎 깬닙|나뭇잎 나문닙|도리깻열 도리깬녈|뒷윷 뒨뉻
"""
RULE_TEXT_EXAMPLES = [
    (article, " ".join(item.split(" ")[:-1]), item.split(" ")[-1])
    for line in EXAMPLES.strip().splitlines()
    for article, *items in [line.split("|")]
    for item in items
]

KNOWN_MISSES = {
    "줄넘기": "stem tensing (제24항) inside a compound noun: 넘 is listed only at a word start",
    "공권력": "lexical tensing in 공권 [공꿘], which no article predicts",
    "문법": "lexical tensing in 문법 [문뻡], which no article predicts",
    "만날 사람": "만날: -ㄹ after 나 is too often the noun 날 to be read as the ending",
    "막일": "left out of the ㄴ-insertion list: it hides inside 마지막일지도 (no insertion)",
}  # fmt: skip


@pytest.mark.parametrize(
    ("article", "written", "said"),
    [
        pytest.param(
            article,
            written,
            said,
            id=f"{article}-{written}",
            marks=[pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[written])]
            if written in KNOWN_MISSES
            else [],
        )
        for article, written, said in RULE_TEXT_EXAMPLES
    ],
)
def test_rule_text_examples(article: str, written: str, said: str) -> None:
    # The phrase examples (옷 한 벌) are read as one breath group, as the text reads them.
    assert pronounce(written, phrase=" " in written).text.replace(" ", "") == said


def test_rule_text_score() -> None:
    # The score reported in the issue: every example, and the share the engine gets right.
    right = sum(
        pronounce(written, phrase=" " in written).text.replace(" ", "") == said
        for _, written, said in RULE_TEXT_EXAMPLES
    )
    assert len(RULE_TEXT_EXAMPLES) == 372
    assert right == len(RULE_TEXT_EXAMPLES) - len(KNOWN_MISSES)


def test_every_article_from_5_to_30_is_tested() -> None:
    articles = {article for article, _, _ in RULE_TEXT_EXAMPLES}
    expected = {f"제{number}항" for number in (5, *range(9, 31))}
    assert articles == expected


@pytest.mark.parametrize(
    ("written", "explained"),
    [
        ("있어줘요", ["있어 → 이써: liaison (연음), 표준 발음법 제13항"]),
        (
            "잊지",
            [
                "잊지 → 읻지: final-consonant neutralization (받침의 대표음), 표준 발음법 제9항",
                "읻지 → 읻찌: tensing (경음화), 표준 발음법 제23항",
            ],
        ),
        (
            "색연필",
            [
                "색연 → 색년: ㄴ insertion (ㄴ 첨가), 표준 발음법 제29항",
                "색년 → 생년: nasalization (비음화), 표준 발음법 제18항",
            ],
        ),
        ("희망", ["희 → 히: ㅢ reading (ㅢ의 발음), 표준 발음법 제5항"]),
        ("햇살", ["햇살 → 해쌀: sai-siot (사이시옷), 표준 발음법 제30항"]),
        ("묵호", ["묵호 → 무코: aspiration (격음화), 표준 발음법 제12항"]),
        ("좋아", ["좋아 → 조아: ㅎ deletion (ㅎ 탈락), 표준 발음법 제12항"]),
        (
            "왕십리",
            [
                "십리 → 십니: ㄹ said ㄴ (ㄹ의 비음화), 표준 발음법 제19항",
                "십니 → 심니: nasalization (비음화), 표준 발음법 제18항",
            ],
        ),
        ("사랑", []),
    ],
)
def test_changes_name_rule_and_article(written: str, explained: list[str]) -> None:
    assert [change.explain() for change in pronounce(written).changes] == explained


def test_changes_point_at_the_syllables() -> None:
    changes = sound_changes("비가 오는 날엔 국물 같이")
    assert [(c.rule.key, c.start, c.before, c.after) for c in changes] == [
        ("liaison", 6, "날엔", "나렌"),
        ("nasalization", 9, "국물", "궁물"),
        ("palatalization", 12, "같이", "가치"),
    ]


def test_phrase_reads_words_as_one_breath_group() -> None:
    said = pronounce("I love 옷 한 벌!", phrase=True)
    assert said.text == "I love 오 탄 벌!"
    assert [(c.start, c.before, c.after) for c in said.changes] == [
        (7, "옷 한", "옫 한"),  # 제12항 붙임 2: the ㅅ is said [ㄷ] first,
        (7, "옫 한", "오 탄"),  # then merges with the ㅎ
    ]
    assert pronounce("낮 한때", phrase=True).text == "나 탄때"  # said [낟] first: not [나찬때]
    assert pronounce("할 일", phrase=True).text == "할 릴"
    assert romanize("옷 한 벌") == "ot han beol"  # romanization never crosses a space


def test_analyser_decides_the_word_dependent_tensing() -> None:
    pytest.importorskip("kiwipiepy")
    assert pronounce("난 안다").text == "난 안따"  # the letters read 안다 as "hugs"
    assert pronounce("난 안다", analyse=True).text == "난 안다"  # 알다 "know" + -ㄴ다
    assert pronounce("만날 사람", analyse=True).text == "만날 싸람"  # a known miss without it
    assert pronounce("앉을 자리", analyse=True).text == "안즐 짜리"
    assert pronounce("신발을 신고", analyse=True).text == "신바를 신꼬"
    result = CliRunner().invoke(main, ["pronounce", "--analyse", "--explain", "만날 사람"])
    assert result.output == ("[만날 싸람]\n  날 사 → 날 싸: tensing (경음화), 표준 발음법 제27항\n")


def test_adnominal_tensing_crosses_one_space() -> None:
    said = pronounce("사랑할 수 없어")
    assert said.text == "사랑할 쑤 업써"
    assert said.changes[0].explain() == "할 수 → 할 쑤: tensing (경음화), 표준 발음법 제27항"
    # 을 is usually the object particle: only a dependent noun after it is tensed.
    assert pronounce("마음을 다해").text == "마으믈 다해"
    assert pronounce("잊을 수 없어").text == "이즐 쑤 업써"


@pytest.mark.parametrize(
    ("written", "said"),
    [
        # A final ㄹ before a space is the -(으)ㄹ ending only before a dependent noun word
        # (or in 할, 갈, 기다릴 …): nouns and the particle 을 end in ㄹ too.
        ("며칠 더", "며칠 더"), ("일을 지금도", "이를 지금도"), ("말을 걸었어요", "마를 거러써요"),
        ("점심을 거의", "점시믈 거의"), ("오늘 밤", "오늘 밤"),
        ("바꿀 수", "바꿀 쑤"), ("이룰 거야", "이룰 꺼야"), ("싸울 거예요", "싸울 꺼예요"),
        ("할 것을", "할 꺼슬"), ("갈 곳", "갈 꼳"),
    ],
)  # fmt: skip
def test_tensing_after_the_l_ending_across_a_space(written: str, said: str) -> None:
    assert pronounce(written).text == said


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("있어줘요", "이써줘요"), ("잊지", "읻찌"), ("같이", "가치"), ("신라", "실라"),
        ("국물", "궁물"), ("기다릴게", "기다릴께"), ("잊을게", "이즐께"), ("눈빛", "눈삗"),
        ("꽃잎", "꼰닙"), ("혼술하고", "혼술하고"), ("괜찮아", "괜차나"), ("사랑했지만", "사랑핻찌만"),
        ("마지막일지도", "마지마길찌도"), ("힘들게", "힘들게"), ("시간이 지날수록", "시가니 지날쑤록"),
        ("행복했던", "행보캗떤"), ("좋습니다", "조씀니다"), ("첫사랑", "첟싸랑"),
        ("가을밤", "가을빰"),
    ],
)  # fmt: skip
def test_ballad_words(written: str, said: str) -> None:
    assert pronounce(written).text == said


def test_romanization_is_the_same_reading_without_tensing() -> None:
    # One engine: the romanizer writes the pronunciation's consonants, minus tensing.
    assert romanize("눈빛") == "nunbit" and pronounce("눈빛").text == "눈삗"
    assert romanize("흙과") == "heukgwa"  # 제11항: 흙 is a noun, [흑꽈]
    assert romanize("햇살") == "haetsal"  # the allowed [핻쌀], as 샛별 saetbyeol


def test_rules_have_both_names() -> None:
    assert all(rule.korean and rule.english for rule in RULES.values())
    assert {
        change.rule.key for _, w, _ in RULE_TEXT_EXAMPLES for change in sound_changes(w)
    } == set(RULES)


syllables = st.text(st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3), min_size=1)


@given(st.text())
def test_never_raises_and_keeps_what_is_not_hangul(text: str) -> None:
    for phrase in (False, True):
        said = pronounce(text, phrase)
        outside = re.sub("[\uac00-\ud7a3]", "", unicodedata.normalize("NFC", text))
        assert re.sub("[\uac00-\ud7a3]", "", said.text) == outside


@given(syllables)
def test_one_syllable_said_for_each_written(text: str) -> None:
    said = pronounce(text)
    assert len(said.text) == len(text)
    assert all(0 <= change.start < len(text) for change in said.changes)


def test_text_around_hangul_is_kept() -> None:
    assert pronounce("I love 너, 같이!").text == "I love 너, 가치!"
    assert pronounce("").text == ""


def test_cli_pronounce_prints_one_line_per_argument() -> None:
    result = CliRunner().invoke(main, ["pronounce", "있어줘요", "잊지", "같이", "신라", "국물"])
    assert result.exit_code == 0, result.output
    assert result.output == "[이써줘요]\n[읻찌]\n[가치]\n[실라]\n[궁물]\n"


def test_cli_pronounce_explain() -> None:
    result = CliRunner().invoke(main, ["pronounce", "--explain", "있어줘요", "잊지", "사랑"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "[이써줘요]\n"
        "  있어 → 이써: liaison (연음), 표준 발음법 제13항\n"
        "[읻찌]\n"
        "  잊지 → 읻지: final-consonant neutralization (받침의 대표음), 표준 발음법 제9항\n"
        "  읻지 → 읻찌: tensing (경음화), 표준 발음법 제23항\n"
        "[사랑]\n"
    )


def test_cli_pronounce_phrase() -> None:
    result = CliRunner().invoke(main, ["pronounce", "--phrase", "--explain", "옷 한 벌", "신 라"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "[오 탄 벌]\n"
        "  옷 한 → 옫 한: final-consonant neutralization (받침의 대표음), 표준 발음법 제9항\n"
        "  옫 한 → 오 탄: aspiration (격음화), 표준 발음법 제12항\n"
        "[실 라]\n"
        "  신 라 → 실 라: lateralization (유음화), 표준 발음법 제20항\n"
    )
    # Without --phrase each word is said on its own.
    assert CliRunner().invoke(main, ["pronounce", "옷 한 벌"]).output == "[옫 한 벌]\n"


def test_cli_pronounce_needs_text() -> None:
    assert CliRunner().invoke(main, ["pronounce"]).exit_code == 2
