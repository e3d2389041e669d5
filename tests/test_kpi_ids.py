# ruff: noqa: E501  (real KPI names are long; they are kept whole so they can be searched for)
"""KPI identity across quarters and years, on real wordings from the 2018/19 and 2023/24 QPRs
(Kent County Council) and the cover reports that quote them."""

from __future__ import annotations

import pytest

from extractor.schemas.kpi_ids import (
    KpiRegistry,
    differing_words_are_variants,
    new_kpi_id,
    normalise_name,
    registry,
    similarity,
)

# The same KPI worded differently; normalisation and fuzzy matching alone must join these,
# with no registry entry for either wording.
MECHANICAL_REWORDINGS = [
    (
        "Percentage of municipal waste recycled or converted to energy and not taken to landfill - rolling 12 months",
        "% of municipal waste recycled or converted to energy and not taken to landfill – rolling 12 months",
    ),
    (
        "Percentage of care leavers in education, employment or training (of those KCC is in touch with)",
        "% of care leavers in education, employment or training (of those KCC is in touch with)",
    ),
    (
        "The number of first time entrants to the Youth Justice system in the last 12 months",
        "Number of first-time entrants to youth justice system – rolling 12 months",
    ),
    (
        "Percentage of complaints responded to within timescale",
        "% of complaints responded to within timescale",
    ),
    (
        "Percentage of Education, Health Care Plans (EHCPs) issued within 20 weeks",
        "% of Education, Health Care Plans (EHCPs) issued within 20 weeks – rolling 12 months",
    ),
    (
        "Percentage of case holding posts filled by permanent qualified social workers",
        "% of case holding posts filled by permanent qualified social workers",
    ),
    (
        "Percentage of Freedom of Information Act (Fol) requests completed within 20 working days",
        "% of Freedom of Information Act (FOI) requests completed within 20 working days",
    ),
    (
        "Rate of Children in Care (including UASC) per 10,000 child population – snapshot at quarter end",
        "Rate of Children in Care (including UASC) per 10,000 child population – snapshot at Quarter end",
    ),
    (
        "Number of other local authority children in care placed into Kent – snapshot at quarter end",
        "Number of other local authority children in care placed into Kent – snapshot at Quarter end",
    ),
    (
        "Greenhouse Gas emissions from KCC estate (excluding schools) in tonnes – rolling 12 months",
        "Greenhouse Gas emissions from KCC estate (excluding schools) in tonnes - rolling 12 months",
    ),
    (
        "Average number of days between becoming a child in care and moving in with an adoptive family",
        "Average no. of days between becoming a child in care and moving in with an adoptive family – rolling 12 months",
    ),
    (
        "Percentage of annual Education, Health and Care Plan reviews waiting over 12 months",
        "Percentage of annual EHCP reviews waiting over 12 months",
    ),
]

# Rewordings beyond normalisation: joined by the registry's aliases (2018/19 wording, 2023/24 wording).
REGISTRY_REWORDINGS = [
    (
        "Satisfaction with Contact Point advisors",
        "% of callers to Contact Point who rated the advisor who dealt with their call as good",
    ),
    (
        "the percentage of calls answered by Contact Point",
        "% of phone calls to Contact Point which were answered",
    ),
    ("The percentage of complaints dealt with on time", "% of complaints responded to within timescale"),
    ("Complaints responded to in timescale", "% of complaints responded to within timescale"),
    (
        "Percentage of Live Well clients who would recommend the service to family, friends or someone in a "
        "similar situation in the most deprived quintiles.",
        "% of Live Well clients who would recommend the service to family, friends or someone in a similar situation",
    ),
    (
        "The percentage of new Education, Health and Care Plans (EHCPs) issued within the statutory 20 weeks",
        "% of Education, Health Care Plans (EHCPs) issued within 20 weeks – rolling 12 months",
    ),
    (
        "The percentage of case holding social worker posts held by permanent qualified social workers",
        "% of case holding posts filled by permanent qualified social workers",
    ),
    (
        "the percentage of foster care placements with KCC in-house fostering or friends and relatives",
        "% of foster care placements which are in-house or with relatives and friends (excluding UASC)",
    ),
    (
        "The percentage of Early Years settings which were rated Good or Outstanding",
        "% of Early Years settings with Good or Outstanding Ofsted inspection judgements (childcare on non-domestic premises)",
    ),
    (
        "The percentage of schools which are good or outstanding",
        "% of all schools with Good or Outstanding Ofsted inspection judgements",
    ),
    (
        "The number of universal checks delivered by the Health Visiting service",
        "Number of mandated universal checks delivered by the health visiting service – rolling 12 months",
    ),
    (
        "The number of NHS Health Checks delivered",
        "Number of eligible people receiving an NHS Health Check – rolling 12 months",
    ),
    (
        "Numbers successfully completed drug and alcohol treatment",
        "Successful completion of drug and alcohol treatment",
    ),
    (
        "Adoption timeliness",
        "Average no. of days between becoming a child in care and moving in with an adoptive family – rolling 12 months",
    ),
    (
        "The rate of re-referrals within 12 months",
        "% of children social care referrals that were repeat referrals within 12 months",
    ),
    (
        "The percentage of children becoming subject to a child protection plan for a second or subsequent time",
        "% of child protection plans that were repeat plans",
    ),
    (
        "Rate of SCS referrals per 10,000 population aged under 18 – rolling 12 months",
        "Rate of CSW referrals per 10,000 population aged under 18 – rolling 12 months",
    ),
    (
        "Rate of indigenous Children in Care per 10,000 child population – snapshot at quarter end",
        "Rate of Children in Care (excluding UASC) per 10,000 child population – snapshot at Quarter end",
    ),
]

# Different KPIs with similar names: must never share an id.
DISTINCT_BUT_SIMILAR = [
    (
        "The percentage of Early Help cases closed with outcomes achieved",
        "Percentage of Early Help cases closed with outcomes achieved that come back to Early Help / Social Work "
        "teams within 3 months",
    ),
    (
        "Contacts resolved at first point of contact",
        "% of people who have their contact resolved by ASCH but then make contact again within 3 months",
    ),
    (
        "% of routine pothole repairs completed within 28 days",
        "% of routine highway repairs reported by residents completed within 28 days",
    ),
    (
        "% of all schools with Good or Outstanding Ofsted inspection judgements",
        "% of Early Years settings with Good or Outstanding Ofsted inspection judgements (childcare on non-domestic premises)",
    ),
    (
        "Rate of Children in Care (excluding UASC) per 10,000 child population – snapshot at Quarter end",
        "Rate of Children in Care (including UASC) per 10,000 child population – snapshot at Quarter end",
    ),
    (
        "% of Freedom of Information Act (Fol) requests completed within 20 working days",
        "% of Data Protection Act (DPA) Subject Access requests completed within statutory timescales",
    ),
    (
        "% of children social care referrals that were repeat referrals within 12 months",
        "% of child protection plans that were repeat plans",
    ),
    (
        "Number of eligible people receiving an NHS Health Check – rolling 12 months",
        "Number of mandated universal checks delivered by the health visiting service – rolling 12 months",
    ),
    (
        "% of Education, Health Care Plans (EHCPs) issued within 20 weeks – rolling 12 months",
        "Percentage of annual EHCP reviews waiting over 12 months",
    ),
    (
        "Percentage of Primary school applicants offered one of top three preferences",
        "Percentage of Secondary school applicants offered one of top three preferences",
    ),
    (
        "Number of pupils in Reception year (Kent state funded schools)",
        "Number of pupils in Year 7 (Kent state funded schools)",
    ),
    (
        "Number of older people supported in permanent residential care",
        "Number of older people supported in permanent nursing care",
    ),
    (
        "Percentage of population aged 16 to 64 in employment",
        "Percentage of population aged 16 to 64 claiming unemployment benefits",
    ),
    (
        "Number of learning disability clients in residential care",
        "Number of people with mental health needs in residential care",
    ),
    (
        "Rate of children with Child Protection Plans per 10,000 child population – snapshot at quarter end",
        "Rate of Children in Care (including UASC) per 10,000 child population – snapshot at quarter end",
    ),
    (
        "Number of Early Help notifications processed by the Single Front Door",
        "Number of open Early Help cases managed by Units",
    ),
    (
        "Rate of CSW referrals per 10,000 population aged under 18 – rolling 12 months",
        "CSW caseload per 10,000 child population – snapshot at Quarter end",
    ),
    (
        "% of phone calls to Contact Point which were answered",
        "% of callers to Contact Point who rated the advisor who dealt with their call as good",
    ),
    (
        "% of emergency highway incidents attended within 2 hours of notification",
        "% of routine highway repairs reported by residents completed within 28 days",
    ),
]


def test_enough_real_pairs() -> None:
    assert len(MECHANICAL_REWORDINGS) + len(REGISTRY_REWORDINGS) >= 15
    assert len(DISTINCT_BUT_SIMILAR) >= 15


@pytest.mark.parametrize(("older", "newer"), MECHANICAL_REWORDINGS)
def test_rewordings_join_without_any_registry_entry(older: str, newer: str) -> None:
    empty = KpiRegistry(threshold=registry().threshold)
    first = empty.resolve(newer, "Some Area")
    second = empty.resolve(older, "Some Area")
    assert first.method == "new" and second.method in ("exact", "fuzzy")
    assert second.kpi_id == first.kpi_id


@pytest.mark.parametrize(("older", "newer"), MECHANICAL_REWORDINGS + REGISTRY_REWORDINGS)
def test_rewordings_share_one_registry_id(older: str, newer: str) -> None:
    reg = registry()
    assert reg.resolve(older).kpi_id == reg.resolve(newer).kpi_id


@pytest.mark.parametrize(("one", "other"), DISTINCT_BUT_SIMILAR)
def test_similar_but_different_kpis_never_merge(one: str, other: str) -> None:
    for reg in (registry(), KpiRegistry(threshold=registry().threshold)):
        assert reg.resolve(one).kpi_id != reg.resolve(other).kpi_id
        assert reg.resolve(one).kpi_id == reg.resolve(one).kpi_id


def test_threshold_separates_the_real_pairs() -> None:
    """Every mechanical rewording scores at or above the threshold; every distinct pair that scores
    above it is stopped by the differing-word guard."""
    threshold = registry().threshold
    for a, b in MECHANICAL_REWORDINGS:
        assert similarity(normalise_name(a), normalise_name(b)) >= threshold, (a, b)
    high = 0
    for a, b in DISTINCT_BUT_SIMILAR:
        na, nb = normalise_name(a), normalise_name(b)
        if similarity(na, nb) >= threshold:
            high += 1
            assert not differing_words_are_variants(na, nb), (a, b)
    assert high >= 1  # the guard is needed: the threshold alone would merge 'excluding' and 'including'


# Spelling slips and variants (constructed from real names): only fuzzy matching joins these.
SPELLING_VARIANTS = [
    (
        "% of all schools with Good or Outstanding Ofsted inspection judgments",
        "children-young-people-education/schools-good-outstanding",
    ),
    (
        "Greenhouse Gas emmissions from KCC estate (excluding schools) in tonnes",
        "environment-transport/estate-greenhouse-gas-emissions",
    ),
    (
        "% of pupils permanantly excluded from schools – rolling 12 months",
        "children-young-people-education/permanent-exclusions",
    ),
    (
        "Developer contributions secured as a percentage of the amount sought",
        "growth-economic-development-communities/developer-contributions-secured",
    ),
]


@pytest.mark.parametrize(("name", "kpi_id"), SPELLING_VARIANTS)
def test_spelling_variants_match_fuzzily(name: str, kpi_id: str) -> None:
    resolution = registry().resolve(name)
    assert (resolution.method, resolution.kpi_id) == ("fuzzy", kpi_id)
    assert resolution.score >= registry().threshold


def test_unseen_kpi_gets_a_stable_id_from_its_normalised_name() -> None:
    name = "Percentage of libraries open on Sundays – rolling 12 months"
    kpi_id = registry().resolve(name, "Growth, Economic Development & Communities").kpi_id
    assert kpi_id == "growth-economic-development-communities/pct-libraries-open-sundays"
    assert kpi_id == new_kpi_id("% of libraries open on Sundays", "Economic Development & Communities")
    long = new_kpi_id("Number of " + " ".join(f"word{i}" for i in range(30)), None)
    assert long.startswith("unassigned/number-word0-") and len(long.split("/")[1]) <= 70


def test_normalisation_forms() -> None:
    assert normalise_name("Average no. of days") == "average number of days"
    assert normalise_name("The Percentage of pupils (with EHCP's)") == "% of pupils (with ehcp)"
    assert (
        normalise_name("Number of first-time entrants – rolling 12 months") == "number of first time entrants"
    )
