"""The band keys an article is stored under, the confirmation of candidates, and the check
that tells a store built under other parameters to run ``unionwatch dedup rebuild``."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from crawler import dedup
from crawler.cli import main
from crawler.fingerprint import content_hash, normalize_for_fingerprint
from storage import ArticleRecord, SaveOutcome, Store, ensure_schema, open_engine
from storage.clusters import lsh_keys_are_current

NOW = datetime(2025, 4, 1, tzinfo=UTC)
LEAD = (
    "本报讯　3月12日，市总工会召开全市职工技能竞赛总结表彰大会，"
    "表彰了在今年竞赛中涌现出的一批技术能手和优秀组织单位。"
)
REST = (
    "会议指出，过去一年全市各级工会围绕重点产业开展岗位练兵和技能比武，"
    "参赛职工超过十二万人次，一批青年职工脱颖而出。",
    "会议要求，各级工会要健全职工技能提升的长效机制，把竞赛成果转化为企业的生产力和职工的获得感。",
    "来自制造业、交通运输和医疗卫生等行业的二十名职工代表在会上领奖，"
    "其中三人将代表本市参加全省职工职业技能大赛。",
    "会后，与会人员参观了职工创新成果展，展出的八十余项成果中，"
    "有十余项已在生产一线推广应用，累计为企业节约成本数千万元。",
)


def record(n: int, body: str, keys: tuple[int, ...] | None = None) -> ArticleRecord:
    return ArticleRecord(
        site="s1",
        url=f"http://s1.test/{n}",
        canonical_url=f"http://s1.test/{n}",
        title=f"t{n}",
        body=body,
        content_hash=content_hash(body),
        extractor_version="t",
        published_at=NOW,
        published_precision="minute",
        lsh_keys=dedup.lsh_keys_for(body) if keys is None else keys,
    )


def test_keys_are_the_full_texts_bands_then_the_openings() -> None:
    keys = dedup.lsh_keys_for("\n".join((LEAD, *REST)))
    assert len(keys) == dedup.BANDS + dedup.OPEN_BANDS
    assert len(set(keys)) == len(keys)


def test_a_text_no_longer_than_its_opening_keeps_the_two_key_sets_apart() -> None:
    short = normalize_for_fingerprint(LEAD)
    assert len(short) <= dedup.OPENING
    full = dedup.band_keys(dedup.signature(short))
    assert not set(full) & set(dedup.opening_keys(short))


def test_a_text_too_short_to_compare_has_no_keys() -> None:
    assert dedup.lsh_keys_for("市总工会召开会议。") == ()


def test_an_excerpt_shares_every_opening_key_with_its_original() -> None:
    original = dedup.lsh_keys_for("\n".join((LEAD, *REST)))
    excerpt = dedup.lsh_keys_for("\n".join((LEAD, *REST[:2])))
    assert set(original[dedup.BANDS :]) == set(excerpt[dedup.BANDS :])


def test_the_shingle_hashes_count_like_the_shingle_strings() -> None:
    a = normalize_for_fingerprint("\n".join((LEAD, *REST)))
    b = normalize_for_fingerprint("\n".join((LEAD, *REST[:2])))
    sa, sb = dedup.shingles(a), dedup.shingles(b)
    found = dedup.similarity(a, b)
    assert len(dedup.shingle_set(a)) == len(sa)
    assert found.jaccard == len(sa & sb) / len(sa | sb)
    assert found.containment == len(sa & sb) / min(len(sa), len(sb))


def test_a_prepared_body_confirms_its_excerpt_and_rejects_another_story() -> None:
    is_copy = dedup.TextCopies().copies_of("\n".join((LEAD, *REST)))
    assert is_copy("\n".join((LEAD, *REST[:2])))
    assert not is_copy("\n".join(reversed(REST[2:])) + "市总工会举行职工书画展，展出作品两百余幅。")


def test_the_signature_estimates_the_jaccard_of_the_shingles() -> None:
    a = normalize_for_fingerprint("\n".join((LEAD, *REST)))
    b = normalize_for_fingerprint("\n".join((LEAD, *REST[:2])))
    assert (dedup.signature(a) == dedup.signature_of(dedup.shingle_set(a))).all()
    agreeing = float((dedup.signature(a) == dedup.signature(b)).mean())
    assert abs(agreeing - dedup.similarity(a, b).jaccard) < 0.15


def test_a_remembered_body_is_compared_as_it_was_handed_over() -> None:
    original, excerpt = "\n".join((LEAD, *REST)), "\n".join((LEAD, *REST[:2]))
    other = normalize_for_fingerprint("市总工会举行职工书画展，展出作品两百余幅。" * 5)
    copies = dedup.TextCopies()
    copies.remember(original, dedup.shingle_set(other), len(other))  # not normalized again
    assert not copies.copies_of(original)(excerpt)


def test_only_the_last_remembered_bodies_are_kept() -> None:
    original, excerpt = "\n".join((LEAD, *REST)), "\n".join((LEAD, *REST[:2]))
    other = normalize_for_fingerprint("市总工会举行职工书画展，展出作品两百余幅。" * 5)
    copies = dedup.TextCopies(remember=1)
    copies.remember(original, dedup.shingle_set(other), len(other))
    copies.remember(excerpt, *_prepared(excerpt))  # pushes the original out
    assert copies.copies_of(original)(excerpt)  # its own text, normalized again


def _prepared(body: str) -> tuple[dedup.ShingleSet, int]:
    normalized = normalize_for_fingerprint(body)
    return dedup.shingle_set(normalized), len(normalized)


def test_keys_made_under_other_parameters_are_detected_until_a_rebuild(engine: Engine) -> None:
    ensure_schema(engine)
    store = Store(engine, near=dedup.TextCopies())
    body = "\n".join((LEAD, *REST))
    store.save_article(record(1, body, keys=(1, 2, 3)), run_id=None, now=NOW)
    with Session(engine) as session:
        assert not lsh_keys_are_current(session, dedup.lsh_keys_for)
    assert store.rebuild_clusters(dedup.lsh_keys_for, NOW) == (1, 0)
    with Session(engine) as session:
        assert lsh_keys_are_current(session, dedup.lsh_keys_for)
    outcome, _ = store.save_article(record(2, "\n".join((LEAD, *REST[:2]))), run_id=None, now=NOW)
    assert outcome is SaveOutcome.COPY


REVISED = (
    "本报讯　4月2日，区总工会在职工服务中心举办春季招聘会，"
    "六十余家企业带来一千二百多个岗位，吸引了三千多名求职者到场。",
    "招聘会现场设立了政策咨询、法律援助和技能培训报名等服务台，"
    "工作人员为求职者讲解就业补贴和社会保险的办理流程。",
    "区总工会负责人介绍，今年将再举办十场线上线下招聘活动，"
    "重点帮助高校毕业生、退役军人和困难职工家庭成员实现就业。",
    "不少企业当场与求职者达成意向，一家物流企业的招聘负责人说，"
    "半天时间就收到了八十多份简历，其中二十多人已约定下周复试。",
)


def test_a_revised_article_is_found_by_copies_of_its_new_text(engine: Engine) -> None:
    store = Store(engine, near=dedup.TextCopies())
    first, article = store.save_article(record(1, "\n".join((LEAD, *REST))), run_id=None, now=NOW)
    revised, same = store.save_article(record(1, "\n".join(REVISED)), run_id=None, now=NOW)
    assert (first, revised, same) == (SaveOutcome.NEW, SaveOutcome.UPDATED, article)
    outcome, _ = store.save_article(record(2, "\n".join(REVISED[:3])), run_id=None, now=NOW)
    assert outcome is SaveOutcome.COPY


def test_dedup_check_tells_to_rebuild_then_passes(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/uw.db"
    engine = open_engine(url, writer=True)
    ensure_schema(engine)
    Store(engine).save_article(record(1, "\n".join((LEAD, *REST)), keys=(7,)), run_id=None, now=NOW)
    engine.dispose()
    stale = CliRunner().invoke(main, ["--db", url, "dedup", "check"])
    assert stale.exit_code == 1
    assert "unionwatch dedup rebuild" in stale.output
    assert CliRunner().invoke(main, ["--db", url, "dedup", "rebuild"]).exit_code == 0
    current = CliRunner().invoke(main, ["--db", url, "dedup", "check"])
    assert current.exit_code == 0, current.output
    assert dedup.LSH_VERSION in current.output
