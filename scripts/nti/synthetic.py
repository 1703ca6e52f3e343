"""Synthetic maternity publications in the exact public layouts, for offline demos and tests.

Writes, under one output folder:
- `msds_monthly/msds-<mon><yyyy>-exp-{data,measures,dq}.csv` for every month of the range, and
  optionally the latest month again as a `Provisional` set with slightly different numbers;
- `maternity_stats_annual/hosp-epis-stat-mat-msdscsv-<yyyy>-<yy>.csv` for each financial year the
  range covers fully (or the years asked for; 2019-20 is written in its own lower-case layout);
- `ods/etr.csv` and `ods/succ.csv` (headerless, every field quoted).

Every number is generated here (seeded `random.Random`, never the global generator or the
clock): the same seed and arguments give byte-identical files. Only category labels, dimension
and indicator names and the order of magnitude of national rates follow the real publications.

Built in: trusts of realistic size (about 150-900 deliveries a month), a trust random effect on
each key rate, trusts whose PPH and 3rd/4th degree tear rates rise (deteriorating) or fall
(improving) steadily over the range, one merger of two trusts into a new successor code, CQIM
data-quality failures (`Low DQ`), late submitters (`DNS`) and suppressed small rates (`*`).

Disclosure control as the publisher's: 0 stays 0, 1-7 becomes 5, anything else goes to the
nearest 5; averages are not rounded. `Rate` (percent, 1 decimal) is computed from the rounded
numerator and denominator; `Rate per Thousand` from the unrounded counts (see METHODS.md).

Usage: python -m nti.synthetic --out DIR [--trusts N] [--months M] [--start YYYY-MM] [--seed S]
       [--scale small|national]
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from nti.config import SYNTHETIC_MARKER

# ============================================================================================
# Catalogue: organisations, dimensions, categories, indicators and national rates
# ============================================================================================

MONTH_ABBR = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MISSING = "Missing Value / Value outside reporting parameters"
ANNUAL_MISSING = "Missing value / Value outside reporting parameters"  # 2023-24 onwards spelling

# code, exp-data / annual name, 2019-20 name, share of trusts, GOR code (ODS etr field 23)
REGIONS: tuple[tuple[str, str, str, float, str], ...] = (
    ("Y56", "LONDON COMMISSIONING REGION", "London", 0.15, "H"),
    ("Y58", "SOUTH WEST COMMISSIONING REGION", "South West", 0.11, "K"),
    ("Y59", "SOUTH EAST COMMISSIONING REGION", "South East", 0.14, "J"),
    ("Y60", "MIDLANDS COMMISSIONING REGION", "Midlands", 0.17, "F"),
    ("Y61", "EAST OF ENGLAND COMMISSIONING REGION", "East of England", 0.11, "G"),
    ("Y62", "NORTH WEST COMMISSIONING REGION", "North West", 0.16, "B"),
    ("Y63", "NORTH EAST AND YORKSHIRE COMMISSIONING REGION", "North East and Yorkshire", 0.16, "D"),
)
REGION_NAMES = {r[0]: r[1] for r in REGIONS}

# MBRRACE comparator groups: code, name in exp-measures (exp-data upper-cases it)
MBRRACE_GROUPS: dict[str, tuple[str, str]] = {
    "1": ("Group 1. Level 3 NICU & NS",
          "Group 1. Level 3 Neonatal Intensive Care Unit (NICU) and Neonatal Surgery"),
    "2": ("Group 2. Level 3 NICU", "Group 2. Level 3 NICU"),
    "3": ("Group 3. 4,000 or more", "Group 3. 4,000 or more births per annum at 24 weeks or later"),
    "4": ("Group 4. 2,000 - 3,999",
          "Group 4. 2,000 - 3,999 births per annum at 24 weeks or later"),
    "5": ("Group 5. Under 2,000", "Group 5. Under 2,000 births per annum at 24 weeks or later"),
}

# Syllables for invented place names (trusts, ICBs, local authorities, sites).
_PLACE_HEADS = ("ASHER", "BRAMBLE", "CALDER", "DUNMORE", "ELSTRE", "FARRING", "GLENMOR", "HALLOW",
                "IVERS", "KESTER", "LANGSET", "MARLOW", "NORTHOL", "OAKEN", "PENDRY", "QUARRY",
                "RAVENS", "STANMER", "THORNEY", "UPLAND", "WELLAN", "YARROW", "ALDER", "BEXLEA")
_PLACE_TAILS = ("BROOK", "FORD", "MERE", "WICK", "FIELD", "HOLT", "TON", "BURY", "DALE", "HAM",
                "LEY", "MOOR")
_HOSPITAL_KINDS = ("GENERAL HOSPITAL", "HOSPITAL")
_COMMUNITY_KINDS = ("HEALTH CENTRE", "COMMUNITY MIDWIFERY HUB", "FAMILY HUB")
_TRUST_SUFFIXES = ("HOSPITALS NHS FOUNDATION TRUST", "UNIVERSITY HOSPITALS NHS TRUST",
                   "TEACHING HOSPITALS NHS FOUNDATION TRUST", "HEALTHCARE NHS TRUST",
                   "AND DISTRICT HOSPITALS NHS FOUNDATION TRUST")


@dataclass(frozen=True)
class Dim:
    """An exp-data dimension: categories with national shares of a base population."""

    name: str
    count_of: str  # Women or Babies (monthly files)
    base: str  # bookings, deliveries, babies or vaginal
    shares: tuple[tuple[str, float], ...]
    effects: tuple[tuple[str, str], ...] = ()  # (category, trust effect that scales its share)
    site: str = ""  # also published per "booking" or "delivery" site


_DECILES = ("01 - Most deprived", "02", "03", "04", "05", "06", "07", "08", "09",
            "10 - Least deprived")
_GESTATION_PRETERM = ("27 weeks and under", "28 to 31 weeks", "32 to 33 weeks", "34 to 36 weeks")
_BIRTHWEIGHT_LOW = ("Under 1500g", "1500g to 1999g", "2000g to 2499g")

DIMS: tuple[Dim, ...] = (
    Dim("AgeAtBookingMotherGroup", "Women", "bookings", (
        ("Under 20", 0.027), ("20 to 24", 0.112), ("25 to 29", 0.258), ("30 to 34", 0.354),
        ("35 to 39", 0.201), ("40 to 44", 0.0435), ("45 or Over", 0.0039),
        ("Value outside reporting parameters", 0.0001)), site="booking"),
    Dim("ComplexSocialFactorsInd", "Women", "bookings", (
        ("Y", 0.109), ("N", 0.834), ("Missing Value", 0.057)), site="booking"),
    Dim("DeprivationDecileAtBooking", "Women", "bookings", (
        *zip(_DECILES, (0.127, 0.121, 0.117, 0.107, 0.096, 0.094, 0.090, 0.084, 0.084, 0.0735),
             strict=True),
        ("Pseudo postcode recorded (includes no fixed abode or resident overseas)", 0.0032),
        ("Resident Elsewhere in UK, Channel Islands or Isle of Man", 0.001),
        (MISSING, 0.0018)), site="booking"),
    Dim("EthnicCategoryMotherGroup", "Women", "bookings", (
        ("White", 0.636), ("Asian or Asian British", 0.183), ("Black or Black British", 0.073),
        ("Mixed", 0.030), ("Any other ethnic group", 0.043), ("Not Stated", 0.0235),
        ("Not known", 0.0078), (MISSING, 0.0037)), site="booking"),
    Dim("FolicAcidSupplement", "Women", "bookings", (
        ("Has been taking prior to becoming pregnant", 0.168),
        ("Started taking once pregnancy confirmed", 0.562),
        ("Not taking folic acid supplement", 0.077),
        ("Not Stated (Person asked but declined to provide a response)", 0.017),
        (MISSING, 0.176)), site="booking"),
    Dim("GestAgeFormalAntenatalBookingGroup", "Women", "bookings", (
        ("0 to 70 days", 0.647), ("71 to 90 days", 0.215), ("91 to 140 days", 0.065),
        ("141+ days", 0.0645), (MISSING, 0.0085)), site="booking"),
    Dim("PreviousCaesareanSectionsGroup", "Women", "bookings", (
        ("At least one Caesarean", 0.182),
        ("At least one Previous Birth, zero Caesareans", 0.329),
        ("Zero Previous Births", 0.480), (MISSING, 0.0098)), site="booking"),
    Dim("PreviousLiveBirthsGroup", "Women", "bookings", (
        ("No previous live births", 0.480), ("1", 0.3265), ("2", 0.118), ("3", 0.040),
        ("4", 0.0158), ("5+", 0.0123), (MISSING, 0.007)), site="booking"),
    Dim("SmokingStatusGroupBooking", "Women", "bookings", (
        ("Smoker", 0.076), ("Non-Smoker / Ex-Smoker", 0.874), ("Unknown", 0.0001),
        (MISSING, 0.049)), effects=(("Smoker", "smoking_booking"),), site="booking"),
    Dim("DeliveryMethodBabyGroup", "Women", "deliveries", (
        ("Spontaneous", 0.445), ("Instrumental", 0.1015), ("Elective caesarean section", 0.188),
        ("Emergency caesarean section", 0.254), ("Other", 0.0038), (MISSING, 0.0077)),
        effects=(("Elective caesarean section", "caesarean"),
                 ("Emergency caesarean section", "caesarean")), site="delivery"),
    Dim("CO_Concentration_Delivery", "Women", "deliveries", (
        ("0 ppm", 0.0078), ("Between 0 and 4 ppm", 0.037), ("4 and over ppm", 0.0024),
        (MISSING, 0.953)), site="delivery"),
    Dim("GenitalTractTraumaticLesionGroup", "Women", "vaginal", (
        ("At least one traumatic lesion", 0.647), ("No traumatic lesion reported", 0.353)),
        site="delivery"),
    Dim("ApgarScore5TermGroup7", "Babies", "babies", (
        ("0 to 6", 0.0095), ("7 to 10", 0.7805), (MISSING, 0.11)),
        effects=(("0 to 6", "apgar"),), site="delivery"),
    Dim("BabyFirstFeedBreastMilkStatus", "Babies", "babies", (
        ("Maternal or Donor Breast Milk", 0.67), ("Not Breast Milk", 0.252), (MISSING, 0.078)),
        effects=(("Maternal or Donor Breast Milk", "breastfeeding"),), site="delivery"),
    Dim("BirthweightTermGroup", "Babies", "babies", (
        *zip(_BIRTHWEIGHT_LOW, (0.0008, 0.0013, 0.0226), strict=True),
        ("2500g to 2999g", 0.145), ("3000g to 3499g", 0.337), ("3500g to 3999g", 0.263),
        ("4000g to 4999g", 0.0787), ("5000g and over", 0.0007), (MISSING, 0.151)),
        effects=tuple((label, "lbw") for label in _BIRTHWEIGHT_LOW), site="delivery"),
    Dim("GestationLengthBirth", "Babies", "babies", (
        *zip(_GESTATION_PRETERM, (0.005, 0.0063, 0.0072, 0.0515), strict=True),
        ("37 weeks", 0.0948), ("38 weeks", 0.160), ("39 weeks", 0.344), ("40 weeks", 0.2075),
        ("41 weeks", 0.1017), ("42 weeks", 0.0089), ("43 weeks and over", 0.0003),
        (MISSING, 0.0044)),
        effects=tuple((label, "preterm") for label in _GESTATION_PRETERM), site="delivery"),
    Dim("PlaceTypeActualDeliveryMidwifery", "Babies", "babies", (
        ("NHS Obstetric unit (including theatre)", 0.725),
        ("NHS Alongside midwifery unit", 0.0805),
        ("NHS Freestanding midwifery unit (FMU)", 0.0053), ("Home (NHS care)", 0.0106),
        ("Home (private care)", 0.0003), ("In transit (with NHS ambulance services)", 0.0006),
        ("In transit (with private ambulance services)", 0.0001),
        ("In transit (without healthcare services present)", 0.0001),
        ("Maternity assessment or triage unit/ area", 0.029),
        ("NHS ward/health care setting without delivery facilities", 0.0009),
        ("Non-domestic and non-health care setting", 0.0001),
        ("Not known (not recorded)", 0.0081), ("Other (not listed)", 0.0495),
        ("Private hospital", 0.0056), (MISSING, 0.0865)), site="delivery"),
    Dim("SkinToSkinContact1HourTerm", "Babies", "babies", (
        ("Y", 0.612), ("N", 0.205), (MISSING, 0.183)), site="delivery"),
)
DIMS_BY_NAME = {d.name: d for d in DIMS}
_DIM_EFFECT = {(d.name, label): eff for d in DIMS for label, eff in d.effects}

# Dimensions published as a regrouping of another: name -> (source, category -> group).
GROUPINGS: dict[str, tuple[str, dict[str, str]]] = {
    "BirthweightTermGroup2500": ("BirthweightTermGroup", {
        **{label: "Under 2500g" for label in _BIRTHWEIGHT_LOW}, MISSING: MISSING}),
    "GestationLengthBirthGroup37": ("GestationLengthBirth", {
        **{label: "<37 weeks" for label in _GESTATION_PRETERM}, MISSING: MISSING}),
}
GROUPING_DEFAULT = {"BirthweightTermGroup2500": "2500g and over",
                    "GestationLengthBirthGroup37": ">=37 weeks"}

# GenitalTractTraumaticLesion: share of women with at least one lesion who have each lesion
# (third / fourth degree come from the trust's tears instead).
LESIONS: tuple[tuple[str, float], ...] = (
    ("Perineal tear - first degree", 0.138), ("Perineal tear - second degree", 0.42),
    ("Episiotomy", 0.052), ("Labial tear", 0.28), ("Vaginal tear", 0.07),
    ("Urethral tear", 0.003), ("Cervical tear", 0.0007), ("Clitoral tear", 0.0003),
    ("Defibulation", 0.0003),
)

# Count-only dimensions (no Measure): name, Count_Of, base, site
TOTALS: tuple[tuple[str, str, str, str], ...] = (
    ("TotalBookings", "Women", "bookings", "booking"),
    ("TotalDeliveries", "Women", "deliveries", "delivery"),
    ("TotalBabies", "Babies", "babies", "delivery"),
)
# Care plans (no Measure): women with a plan per woman booked
PLANS: tuple[tuple[str, float], ...] = (
    ("CCP_Antenatal", 0.60), ("CCP_Any_Pathways", 0.633), ("CCP_Birth", 0.511),
    ("CCP_Postpartum", 0.492), ("PCP_Antenatal", 2.70), ("PCP_Any_Pathways", 2.82),
    ("PCP_Birth", 0.375), ("PCP_Postpartum", 2.10),
)
AVERAGE_DIM = "AgeAtBookingMotherAvg"
BOOKING_SITE_DIMS = frozenset(
    [d.name for d in DIMS if d.site == "booking"] + [p for p, _ in PLANS]
    + ["TotalBookings", AVERAGE_DIM])
DELIVERY_SITE_DIMS = frozenset(
    [d.name for d in DIMS if d.site == "delivery"] + list(GROUPINGS)
    + ["GenitalTractTraumaticLesion", "TotalDeliveries", "TotalBabies"])

# Quantities that are sums of categories: key -> parts
SUMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("vaginal", ("DeliveryMethodBabyGroup:Spontaneous", "DeliveryMethodBabyGroup:Instrumental")),
    ("caesarean", ("DeliveryMethodBabyGroup:Elective caesarean section",
                   "DeliveryMethodBabyGroup:Emergency caesarean section")),
    ("smoking_known", ("SmokingStatusGroupBooking:Smoker",
                       "SmokingStatusGroupBooking:Non-Smoker / Ex-Smoker")),
    ("apgar_known", ("ApgarScore5TermGroup7:0 to 6", "ApgarScore5TermGroup7:7 to 10")),
    ("bf_known", ("BabyFirstFeedBreastMilkStatus:Maternal or Donor Breast Milk",
                  "BabyFirstFeedBreastMilkStatus:Not Breast Milk")),
    ("gest_known", ("GestationLengthBirthGroup37:<37 weeks",
                    "GestationLengthBirthGroup37:>=37 weeks")),
    ("setting_midwife", ("setting_amu", "setting_fmu")),
)
# key = total - part
REMAINDERS: tuple[tuple[str, str, str], ...] = (
    ("instr_ventouse", "DeliveryMethodBabyGroup:Instrumental", "instr_forceps"),
    ("bmi_recorded", "bmi_den", "bmi:NotRecorded"),
)

# Continuity of carer splits: label, share of the denominator, rate multiplier
COC_ETHNICITY: tuple[tuple[str, float, float], ...] = (
    ("BAME", 0.30, 1.35), ("White", 0.63, 0.9), ("Other", 0.04, 1.0),
    ("Missing_Unknown", 0.03, 0.6))
COC_IMD: tuple[tuple[str, float, float], ...] = (
    ("01_Most_deprived", 0.127, 1.5), ("02", 0.121, 1.35), ("03", 0.117, 1.2),
    ("04", 0.107, 1.1), ("05", 0.096, 1.0), ("06", 0.094, 0.95), ("07", 0.090, 0.9),
    ("08", 0.084, 0.85), ("09", 0.084, 0.8), ("10_Least_deprived", 0.0735, 0.75),
    ("Missing_Unknown", 0.006, 0.6))
COC_MEASURES: tuple[tuple[str, str, float, float], ...] = (
    # indicator, key, denominator share of bookings, national rate
    ("COC_by_28weeks", "coc28", 0.98, 0.17),
    ("COC_receiving_ongoing", "cocon", 0.95, 0.15),
)
BMI_CLASSES: tuple[tuple[str, float], ...] = (
    ("Normal", 0.42), ("Overweight", 0.27), ("Obese", 0.15), ("SeverelyObese", 0.085),
    ("Underweight", 0.025), ("SeverelyUnderweight", 0.003), ("NotRecorded", 0.047))

# Binomial draws: key = Binomial(quantity[source], rate x trust effect)
BASE_DRAWS: tuple[tuple[str, str, float, str], ...] = (
    ("vts", "vaginal", 0.93, ""),  # singleton term vaginal births
    ("tears", "vts", 0.030, "tears"),  # 3rd / 4th degree tears
    ("pph", "deliveries", 0.030, "pph"),  # PPH >= 1,500 ml
    ("pph500", "deliveries", 0.28, ""),  # PPH >= 500 ml
    ("smkdel_den", "deliveries", 0.93, ""),
    ("smkdel_num", "smkdel_den", 0.060, "smoking_delivery"),
    ("vbac_den", "deliveries", 0.098, ""), ("vbac_num", "vbac_den", 0.136, "vbac"),
    ("rob1_den", "deliveries", 0.117, ""), ("rob1_num", "rob1_den", 0.087, "caesarean"),
    ("rob2_den", "deliveries", 0.20, ""), ("rob2_num", "rob2_den", 0.635, "caesarean"),
    ("rob5_den", "deliveries", 0.135, ""), ("rob5_num", "rob5_den", 0.83, ""),
    ("readm_den", "deliveries", 0.98, ""), ("readm_num", "readm_den", 0.052, ""),
    ("induction", "deliveries", 0.33, ""),
    ("instr_forceps", "DeliveryMethodBabyGroup:Instrumental", 0.65, ""),
    ("setting_dq", "deliveries", 0.97, ""), ("setting_obstetric", "deliveries", 0.72, ""),
    ("setting_amu", "deliveries", 0.12, "amu"), ("setting_fmu", "deliveries", 0.02, ""),
    ("setting_home", "deliveries", 0.02, ""), ("setting_other", "deliveries", 0.02, ""),
    ("setting_unknown", "deliveries", 0.03, "missing"),
    ("tr_amu", "setting_amu", 0.22, ""), ("tr_fmu", "setting_fmu", 0.18, ""),
    ("tr_home", "setting_home", 0.12, ""),
    ("ceph_den", "deliveries", 0.95, ""), ("ceph_num", "ceph_den", 0.40, ""),
    ("bmi_den", "bookings", 0.85, ""),
    ("sbl1ai_den", "bookings", 0.98, ""), ("sbl1ai_num", "sbl1ai_den", 0.915, ""),
    ("sbl1aii_den", "bookings", 0.85, ""), ("sbl1aii_num", "sbl1aii_den", 0.77, ""),
    ("sbl2d_den", "deliveries", 0.05, ""), ("sbl2d_num", "sbl2d_den", 0.36, ""),
    ("sbl2b_den", "bookings", 0.83, ""), ("sbl2b_num", "sbl2b_den", 0.18, ""),
    ("sbl3a_den", "deliveries", 0.03, ""), ("sbl3a_num", "sbl3a_den", 0.95, ""),
    ("sbl5_den", "deliveries", 0.96, ""), ("sbl5la_num", "sbl5_den", 0.004, ""),
    ("sbl5lb_num", "sbl5_den", 0.065, ""),
    ("aspirin_den", "bookings", 0.98, ""), ("aspirin_num", "aspirin_den", 0.078, ""),
    ("fnp_den", "bookings", 0.90, ""), ("fnp_num", "fnp_den", 0.01, ""),
    ("lmup_den", "bookings", 1.0, ""), ("lmup_num", "lmup_den", 0.05, ""),
    ("safe_den", "bookings", 0.80, ""), ("safe_a_num", "safe_den", 0.02, ""),
    ("safe_ab_num", "safe_den", 0.01, ""), ("safe_aob_num", "safe_den", 0.03, ""),
    ("safe_b_num", "safe_den", 0.02, ""),
    ("smokefree_den", "bookings", 0.95, ""), ("smokefree_num", "smokefree_den", 0.58, ""),
    ("cocdq05_den", "bookings", 0.012, ""), ("cocdq06_den", "bookings", 0.004, ""),
    ("cocdq07_den", "bookings", 0.004, ""), ("cocdq08_den", "bookings", 0.16, ""),
    ("cocdq09_den", "bookings", 0.004, ""),
)

# Trust random effects: log-normal multiplier with this spread, by effect name.
EFFECT_SD: dict[str, float] = {
    "pph": 0.25, "tears": 0.30, "apgar": 0.25, "preterm": 0.15, "lbw": 0.20,
    "smoking_booking": 0.40, "smoking_delivery": 0.40, "breastfeeding": 0.08, "caesarean": 0.12,
    "vbac": 0.20, "coc": 0.80, "missing": 0.60, "amu": 0.60,
}
# Trend trusts: effects that move over the range, and the multiplier reached by the last month.
TRENDS: dict[str, tuple[tuple[str, ...], float]] = {
    "deteriorating": (("pph", "tears"), 2.2),
    "improving": (("pph", "tears", "smoking_booking", "smoking_delivery"), 0.55),
}
TREND_MEASURES: dict[str, tuple[str, ...]] = {
    "deteriorating": ("CQIMPPH", "CQIMTears"),
    "improving": ("CQIMPPH", "CQIMTears", "CQIMSmokingBooking", "CQIMSmokingDelivery"),
}
# Categories a trust never records (structural zeros): (dimension, category) -> chance of
# being absent at a trust. Missing categories with a small share are also absent at some trusts.
ABSENT_CATEGORIES: dict[tuple[str, str], float] = {
    **{("PlaceTypeActualDeliveryMidwifery", label): p for label, p in (
        ("NHS Alongside midwifery unit", 0.35), ("NHS Freestanding midwifery unit (FMU)", 0.8),
        ("Home (NHS care)", 0.3), ("Home (private care)", 0.85),
        ("In transit (with NHS ambulance services)", 0.7),
        ("In transit (with private ambulance services)", 0.95),
        ("In transit (without healthcare services present)", 0.9),
        ("Maternity assessment or triage unit/ area", 0.6),
        ("NHS ward/health care setting without delivery facilities", 0.8),
        ("Non-domestic and non-health care setting", 0.95), ("Not known (not recorded)", 0.6),
        ("Other (not listed)", 0.6), ("Private hospital", 0.85), (MISSING, 0.3))},
    ("EthnicCategoryMotherGroup", "Not known"): 0.45,
    ("EthnicCategoryMotherGroup", "Not Stated"): 0.2,
    ("DeliveryMethodBabyGroup", "Other"): 0.5,
    **{("GenitalTractTraumaticLesion", label): 0.6 for label in (
        "Urethral tear", "Cervical tear", "Clitoral tear", "Defibulation")},
}
ABSENT_MISSING = 0.6  # chance that a trust records a dimension completely (small missing share)
NO_CO_RECORDING = 0.2  # chance that a trust records no CO readings at delivery

DNS_PROBABILITY = 0.02  # a trust-month not submitted (stable trusts excluded)
DQ_FAIL_PROBABILITY = 0.10  # a trust-month failing a CQIM data-quality measure
PARTIAL_SUBMISSION_SHARE = 0.3  # of those: too few births against HES (every CQIM fails)
# A measure failing data quality: published as Numerator 0, Denominator 0 and this rate text
# (as in the real files; blank is never written), with Result `Fail`.
FAILED_RATE_TEXT = "Low DQ"
PROVISIONAL_COMPLETENESS = 0.965  # share of the final records already in the provisional set


@dataclass(frozen=True)
class Measure:
    """An exp-measures indicator: numerator and denominator quantities and how it is published."""

    family: str
    indicator: str
    num: str
    den: str
    per_thousand: bool = False
    window: tuple[int, int] = (0, 0)  # months relative to the reporting month, inclusive
    rule: tuple[float, float] | None = None  # pass band of the unrounded percent -> Result row
    gates: tuple[str, ...] = ()  # groups that fail when this measure fails its rule
    group: str = ""  # the group gating this measure
    blank_on_fail: bool = False  # written as 0 / 0 / Low DQ when its group fails
    result: bool = False  # writes a Result row (the group's result)
    provider_only: bool = False
    dns_rows: bool = False  # written as DNS when the trust did not submit


# CQIMs: indicator, numerator, denominator, per 1,000, window (see METHODS.md)
CQIMS: tuple[tuple[str, str, str, bool, tuple[int, int]], ...] = (
    ("CQIMApgar", "ApgarScore5TermGroup7:0 to 6", "apgar_known", True, (-2, 0)),
    ("CQIMBreastfeeding", "BabyFirstFeedBreastMilkStatus:Maternal or Donor Breast Milk",
     "bf_known", False, (0, 0)),
    ("CQIMPPH", "pph", "deliveries", True, (-3, -1)),
    ("CQIMPreterm", "GestationLengthBirthGroup37:<37 weeks", "gest_known", True, (0, 0)),
    ("CQIMReadmissions", "readm_num", "readm_den", False, (-2, -1)),
    ("CQIMRobson01", "rob1_num", "rob1_den", False, (-2, 0)),
    ("CQIMRobson02", "rob2_num", "rob2_den", False, (-2, 0)),
    ("CQIMRobson05", "rob5_num", "rob5_den", False, (-2, 0)),
    ("CQIMSmokingBooking", "SmokingStatusGroupBooking:Smoker", "smoking_known", False, (0, 0)),
    ("CQIMSmokingDelivery", "smkdel_num", "smkdel_den", False, (-1, -1)),
    ("CQIMTears", "tears", "vts", True, (-2, 0)),
    ("CQIMVBAC", "vbac_num", "vbac_den", False, (-2, 0)),
)
CQIM_NAMES = tuple(c[0] for c in CQIMS)
CQIM_DQ_CODES = (2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18, *range(20, 35),
                 36, 37, 38, 39, 46, 47, 48, 49, 50)
# CQIM DQ measures with a meaning of their own: numerator, denominator, pass band, gated CQIMs
CQIM_DQ_SPECIAL: dict[int, tuple[str, str, tuple[float, float], tuple[str, ...]]] = {
    2: ("deliveries", "hes_deliveries", (70.0, 1000.0), CQIM_NAMES),
    3: ("bookings", "deliveries", (50.0, 400.0), CQIM_NAMES),
    5: ("SmokingStatusGroupBooking:Smoker", "smoking_known", (0.5, 50.0),
        ("CQIMSmokingBooking",)),
    7: ("smkdel_num", "smkdel_den", (0.5, 50.0), ("CQIMSmokingDelivery",)),
    11: ("pph500", "deliveries", (0.0, 60.0), ("CQIMPPH",)),
    12: ("pph", "deliveries", (0.0, 20.0), ("CQIMPPH",)),
}
_DQ_BASES = ("deliveries", "babies", "bookings")
_DQ_COMPLETENESS = (0.97, 0.99, 0.95, 0.985, 0.93, 0.995, 0.96, 0.98)
INJECTED_DQ_RATE = 0.45  # completeness of a DQ measure made to fail


def _completeness_dq() -> list[tuple[int, str, float, str]]:
    """Generic CQIM DQ measures (completeness >= 70%): code, base, completeness, gated CQIM."""
    generic = [c for c in CQIM_DQ_CODES if c not in CQIM_DQ_SPECIAL]
    return [(code, _DQ_BASES[i % len(_DQ_BASES)], _DQ_COMPLETENESS[i % len(_DQ_COMPLETENESS)],
             CQIM_NAMES[i % len(CQIM_NAMES)]) for i, code in enumerate(generic)]


COMPLETENESS_DQ = _completeness_dq()
INJECTABLE_DQ = tuple(f"dq{code:02d}_num" for code, _, _, _ in COMPLETENESS_DQ)


def _cqim_measures() -> list[Measure]:
    return [Measure("CQIM_Rate", name, num, den, per_thousand=per_k, window=window, group=name,
                    blank_on_fail=True, result=True, dns_rows=True)
            for name, num, den, per_k, window in CQIMS]


def _cqim_dq_measures() -> list[Measure]:
    out = []
    for code in CQIM_DQ_CODES:
        if code in CQIM_DQ_SPECIAL:
            num, den, band, gates = CQIM_DQ_SPECIAL[code]
        else:
            _, den, _, gate = next(g for g in COMPLETENESS_DQ if g[0] == code)
            num, band, gates = f"dq{code:02d}_num", (70.0, 1000.0), (gate,)
        out.append(Measure("CQIM_DQ_Measure", f"CQIMDQ{code:02d}", num, den, rule=band,
                           gates=gates, provider_only=True, dns_rows=True))
    return out


def _coc_measures() -> list[Measure]:
    out = []
    for indicator, key, _, _ in COC_MEASURES:
        out.append(Measure("COC_Rate", indicator, f"{key}_num", f"{key}_den", group="COC",
                           blank_on_fail=True, result=True))
        for kind, splits in (("Ethnicity", COC_ETHNICITY), ("IMD", COC_IMD)):
            for label, _, _ in splits:
                split = f"{key}:{kind}:{label}"
                out.append(Measure("COC_Rate", f"{indicator}_{kind}_{label}", f"{split}:num",
                                   split, group="COC", blank_on_fail=True))
    dq = (("COC_DQ04", "cocdq04_num", "coc28_den", 70.0), ("COC_DQ05", "cocdq05_num",
          "cocdq05_den", 70.0), ("COC_DQ06", "cocdq06_num", "cocdq06_den", 70.0),
          ("COC_DQ07", "cocdq07_num", "cocdq07_den", 70.0), ("COC_DQ08", "cocdq08_num",
          "cocdq08_den", 60.0), ("COC_DQ09", "cocdq09_num", "cocdq09_den", 70.0))
    out += [Measure("COC_DQ_Measure", name, num, den, rule=(low, 1000.0), gates=("COC",),
                    provider_only=True) for name, num, den, low in dq]
    return out


def _birth_measures() -> list[Measure]:
    method = "DeliveryMethodBabyGroup:"
    modes = (("Mode_Caesarean", "caesarean"),
             ("Mode_Caesarean_emergency", method + "Emergency caesarean section"),
             ("Mode_Caesarean_planned", method + "Elective caesarean section"),
             ("Mode_Instrumental", method + "Instrumental"),
             ("Mode_Instrumental_forceps", "instr_forceps"),
             ("Mode_Instrumental_ventouse", "instr_ventouse"), ("Mode_Other", method + "Other"),
             ("Mode_Spontaneous_vaginal", method + "Spontaneous"))
    out = [Measure("Birth", "Induction", "induction", "deliveries", rule=(10.0, 60.0))]
    out += [Measure("Birth", name, num, "deliveries") for name, num in modes]
    out.append(Measure("Birth", "Setting_DQ", "setting_dq", "deliveries", rule=(90.0, 1000.0),
                       gates=("Setting",)))
    for setting in ("AMU", "FMU", "Home", "Midwife", "Obstetric", "Other", "Unknown"):
        out.append(Measure("Birth", f"Setting_{setting}", f"setting_{setting.lower()}",
                           "deliveries", group="Setting", blank_on_fail=True, result=True))
    out.append(Measure("Birth", "Spontaneous_birth_Cephalic_presentation", "ceph_num",
                       "ceph_den"))
    for setting in ("AMU", "FMU", "Home", "Midwife"):
        num = "tr_midwife" if setting == "Midwife" else f"tr_{setting.lower()}"
        out.append(Measure("Birth", f"Transfer_{setting}_Obstetric", num,
                           f"setting_{setting.lower()}"))
    return out


def _other_measures() -> list[Measure]:
    out = [Measure("BMI_14+1Wks", "BMI_DQ", "bmi_recorded", "bmi_den", rule=(80.0, 1000.0))]
    out += [Measure("BMI_14+1Wks", f"BMI_{name}", f"bmi:{name}", "bmi_den")
            for name, _ in BMI_CLASSES]
    sbl = (("SBL_Element1_ProcessIndicator_a.i", "sbl1ai"),
           ("SBL_Element1_ProcessIndicator_a.ii", "sbl1aii"),
           ("SBL_Element2_OutcomeIndicator_d", "sbl2d"),
           ("SBL_Element2_ProcessIndicator_b", "sbl2b"),
           ("SBL_Element3_ProcessIndicator_a", "sbl3a"))
    out += [Measure("SBL", name, f"{key}_num", f"{key}_den") for name, key in sbl]
    out += [Measure("SBL", "SBL_Element5_OutcomeIndicator_l.a", "sbl5la_num", "sbl5_den"),
            Measure("SBL", "SBL_Element5_OutcomeIndicator_l.b", "sbl5lb_num", "sbl5_den")]
    pregnancy = (("FNP_support", "fnp_num", "fnp_den"),
                 ("LMUP_score_recorded", "lmup_num", "lmup_den"),
                 ("SafeguardingConcern_Adult", "safe_a_num", "safe_den"),
                 ("SafeguardingConcern_Adult_and_UnbornChild", "safe_ab_num", "safe_den"),
                 ("SafeguardingConcern_Adult_or_UnbornChild", "safe_aob_num", "safe_den"),
                 ("SafeguardingConcern_UnbornChild", "safe_b_num", "safe_den"),
                 ("Smokefree_pregnancy", "smokefree_num", "smokefree_den"))
    out.append(Measure("Pregnancy", "Aspirin_MeetCriteria", "aspirin_num", "aspirin_den",
                       rule=(2.0, 40.0)))
    out += [Measure("Pregnancy", name, num, den) for name, num, den in pregnancy]
    return out


def _all_measures() -> tuple[Measure, ...]:
    every = (_cqim_measures() + _cqim_dq_measures() + _coc_measures() + _birth_measures()
             + _other_measures())
    return tuple(sorted(every, key=lambda m: (m.family.lower(), m.indicator)))


MEASURES = _all_measures()


def _draws() -> tuple[tuple[str, str, float, str], ...]:
    """Every binomial draw of a trust-month, in dependency order."""
    draws = list(BASE_DRAWS)
    draws += [(f"dq{code:02d}_num", base, rate, "") for code, base, rate, _ in COMPLETENESS_DQ]
    draws += [("tr_midwife", "setting_midwife", 0.20, "")]
    draws += [("cocdq04_num", "coc28_den", 0.975, ""), ("cocdq05_num", "cocdq05_den", 0.95, ""),
              ("cocdq06_num", "cocdq06_den", 0.97, ""), ("cocdq07_num", "cocdq07_den", 0.97, ""),
              ("cocdq08_num", "cocdq08_den", 0.80, ""), ("cocdq09_num", "cocdq09_den", 0.96, "")]
    return tuple(draws)


# ---- exp-dq: data items per MSDS table: table, item, base, valid, default, invalid shares --
DQ_ITEMS: tuple[tuple[str, str, str, float, float, float], ...] = (
    ("MSD001MotherDemog", "LocalPatientIdMother", "bookings", 0.999, 0.0, 0.0),
    ("MSD001MotherDemog", "PersonBirthDateMother", "bookings", 0.997, 0.0, 0.001),
    ("MSD001MotherDemog", "Postcode", "bookings", 0.985, 0.004, 0.004),
    ("MSD001MotherDemog", "EthnicCategoryMother", "bookings", 0.95, 0.012, 0.003),
    ("MSD101PregnancyBooking", "AntenatalAppDate", "bookings", 0.999, 0.0, 0.0),
    ("MSD101PregnancyBooking", "EDDAgreed", "bookings", 0.975, 0.0, 0.002),
    ("MSD101PregnancyBooking", "LastMenstrualPeriodDate", "bookings", 0.80, 0.0, 0.005),
    ("MSD101PregnancyBooking", "PreviousCaesareanSections", "bookings", 0.96, 0.0, 0.002),
    ("MSD101PregnancyBooking", "PreviousLiveBirths", "bookings", 0.965, 0.0, 0.002),
    ("MSD101PregnancyBooking", "ComplexSocialFactorsInd", "bookings", 0.93, 0.01, 0.0),
    ("MSD101PregnancyBooking", "DisabilityIndMother", "bookings", 0.85, 0.02, 0.0),
    ("MSD201CareContactPreg", "CContactDate", "bookings", 0.998, 0.0, 0.0),
    ("MSD201CareContactPreg", "ConsultationMethod", "bookings", 0.92, 0.01, 0.004),
    ("MSD301LabourDelivery", "BirthsPerLabandDel", "deliveries", 0.995, 0.0, 0.001),
    ("MSD301LabourDelivery", "LabourOnsetMethod", "deliveries", 0.93, 0.02, 0.003),
    ("MSD301LabourDelivery", "LabourOnsetDate", "deliveries", 0.88, 0.0, 0.002),
    ("MSD401BabyDemographics", "PersonBirthDateBaby", "babies", 0.999, 0.0, 0.0),
    ("MSD401BabyDemographics", "PersonPhenSex", "babies", 0.995, 0.002, 0.0),
    ("MSD401BabyDemographics", "DeliveryMethodCode", "babies", 0.985, 0.0, 0.003),
    ("MSD401BabyDemographics", "GestationLengthBirth", "babies", 0.99, 0.0, 0.002),
    ("MSD401BabyDemographics", "PregOutcome", "babies", 0.995, 0.0, 0.0),
    ("MSD401BabyDemographics", "SettingPlaceBirth", "babies", 0.91, 0.01, 0.004),
    ("MSD401BabyDemographics", "OrgSiteIDActualDelivery", "babies", 0.97, 0.0, 0.005),
    ("MSD405CareActivityBaby", "ApgarScore", "babies", 0.89, 0.0, 0.003),
    ("MSD405CareActivityBaby", "BirthWeight", "babies", 0.85, 0.0, 0.002),
)

# ---- Annual NHS Maternity Statistics provider file (2020-21 onwards layout) ----
ANNUAL_BOOKING_DIMS = ("AgeAtBookingMotherGroup", "ComplexSocialFactorsInd",
                       "DeprivationDecileAtBooking", "EthnicCategoryMotherGroup",
                       "FolicAcidSupplement", "GestAgeFormalAntenatalBookingGroup",
                       "PreviousCaesareanSectionsGroup", "PreviousLiveBirthsGroup",
                       "SmokingStatusGroupBooking")
ANNUAL_BABY_DIMS = ("ApgarScore5TermGroup7", "BabyFirstFeedBreastMilkStatus",
                    "BirthweightTermGroup", "BirthweightTermGroup2500", "GestationLengthBirth",
                    "GestationLengthBirthGroup37", "PlaceTypeActualDeliveryMidwifery",
                    "SkinToSkinContact1HourTerm")
ANNUAL_LABELS: dict[tuple[str, str], str] = {
    ("DeliveryMethodBabyGroup", "Elective caesarean section"): "Elective caesarean",
    ("DeliveryMethodBabyGroup", "Emergency caesarean section"): "Emergency caesarean",
    ("SkinToSkinContact1HourTerm", "Y"): "Yes", ("SkinToSkinContact1HourTerm", "N"): "No",
    ("AgeAtBookingMotherGroup", "Value outside reporting parameters"): ANNUAL_MISSING,
    ("ComplexSocialFactorsInd", "Missing Value"): ANNUAL_MISSING,
    ("SmokingStatusGroupBooking", "Unknown"): ANNUAL_MISSING,
}
ONSET_OF_LABOUR: tuple[tuple[str, float], ...] = (
    ("Caesarean", 0.264), ("Medical induction", 0.15), ("Not known", 0.035),
    ("Spontaneous", 0.397), ("Surgical and medical induction", 0.077),
    ("Surgical induction", 0.061), (ANNUAL_MISSING, 0.016))

# ---- The 2019-20 annual file: its own dimensions, labels and lower-case header ----
LEGACY_YEAR = "2019-20"
LEGACY_MAPPED: tuple[tuple[str, str, str, dict[str, str]], ...] = (
    # published dimension, count_of, source dimension, label map (unlisted labels kept)
    ("APGARSCORE5TERMGROUP7", "babies", "ApgarScore5TermGroup7", {}),
    ("BABYFIRSTFEEDBREASTMILKSTATUS", "babies", "BabyFirstFeedBreastMilkStatus", {}),
    ("SKINTOSKINCONTACT1HOURTERM", "babies", "SkinToSkinContact1HourTerm",
     {"Y": "Yes", "N": "No"}),
    ("SMOKINGATBOOKING", "deliveries", "SmokingStatusGroupBooking",
     {MISSING: "Missing Value / value outside reporting parameters"}),
    ("METHODOFDELIVERY", "babies", "DeliveryMethodBabyGroup",
     {MISSING: "Missing Value/Value outside reporting parameters"}),
    ("FOLICACIDSTATUSGROUPBOOKING", "deliveries", "FolicAcidSupplement", {
        "Has been taking prior to becoming pregnant": "Before Pregnancy",
        "Started taking once pregnancy confirmed": "Start Of Pregnancy",
        "Not taking folic acid supplement": "Not Taking Supplement",
        "Not Stated (Person asked but declined to provide a response)": "Declined To Respond"}),
)
LEGACY_DRAWN: tuple[tuple[str, str, str, tuple[tuple[str, float], ...]], ...] = (
    # published dimension, count_of, base, categories drawn from these shares
    ("GESTATIONATBOOKING", "deliveries", "deliveries", (
        ("00-04 weeks", 0.005), ("05-09 weeks", 0.55), ("10 weeks", 0.147), ("11 weeks", 0.092),
        ("12 weeks", 0.06), ("13 weeks", 0.031), ("14 weeks", 0.016), ("15-19 weeks", 0.036),
        ("20-24 weeks", 0.015), ("25-29 weeks", 0.011), ("30-34 weeks", 0.01),
        ("35-39 weeks", 0.008), ("40 weeks or more", 0.002),
        ("missing value / value outside reporting parameters", 0.017))),
    ("GESTATIONATDELIVERY", "babies", "babies", (
        ("22 weeks and under", 0.0006), ("23-25 weeks", 0.0015), ("26-28 weeks", 0.003),
        ("29-31 weeks", 0.006), ("32-34 weeks", 0.018), ("35-37 weeks", 0.128),
        ("38-40 weeks", 0.653), ("41-43 weeks", 0.152), ("44 weeks or more", 0.0004),
        ("Missing value / Value outside reporting parameters", 0.0375))),
    ("ONSETOFLABOUR", "deliveries", "deliveries", (
        ("Caesarean Section", 0.03), ("Medical induction", 0.17),
        ("missing value / value outside reporting parameters", 0.15), ("Not known", 0.008),
        ("Spontaneous", 0.51), ("Surgical and medical induction", 0.064),
        ("Surgical induction", 0.068))),
)

# ============================================================================================
# Headers of the published layouts
# ============================================================================================

EXP_DATA_HEADER = ("ReportingPeriodStartDate", "ReportingPeriodEndDate", "Dimension", "Org_Level",
                   "Org_Code", "Org_Name", "Measure", "Count_Of", "Final_value")
EXP_MEASURES_HEADER = ("Org_Code", "Org_Name", "Org_Level", "RPStartDate", "RPEndDate",
                       "IndicatorFamily", "Indicator", "Currency", "Value")
EXP_DQ_HEADER = ("ReportingPeriodStartDate", "ReportingPeriodEndDate", "Org_Code", "DataTable",
                 "UID", "DataItem", "Valid", "Default", "Invalid", "Missing", "Denominator")
ANNUAL_HEADER = ("Period", "Dimension", "Org_Level", "Org_Code", "Org_Name", "Measure",
                 "Count_Of", "Value")
LEGACY_ANNUAL_HEADER = ("period", "dimension", "org_level", "org_code", "org_name", "measure1",
                        "count_of", "value")
# Row order of the publisher's extracts
EXP_DATA_LEVELS = ("National", "NHS England (Region)", "MBRRACE Grouping",
                   "Local Authority of Residence", "Provider", "Booking Site",
                   "Local Maternity System", "SubICB of Responsibility", "Delivery Site")
EXP_MEASURES_LEVELS = ("National", "Local Maternity System", "MBRRACE Grouping",
                       "NHS England (Region)", "Provider")
SCALES = ("small", "national")


class SyntheticArgumentError(ValueError):
    """Arguments the generator cannot work with (bad month, scale, year or trust count)."""


# ============================================================================================
# Random draws, disclosure control and rates
# ============================================================================================


def _rng(*parts: object) -> random.Random:
    """A generator seeded from text (SHA-512 of the string: stable across runs and platforms)."""
    return random.Random("|".join(str(p) for p in parts))


def binomial(rng: random.Random, n: int, p: float) -> int:
    """A Binomial(n, p) draw: geometric skipping for small means, normal approximation above."""
    if n <= 0 or p <= 0.0:
        return 0
    if p >= 1.0:
        return n
    if p > 0.5:
        return n - binomial(rng, n, 1.0 - p)
    mean = n * p
    if mean >= 30.0:
        value = round(rng.gauss(mean, math.sqrt(mean * (1.0 - p))))
        return min(n, max(0, value))
    log_q = math.log1p(-p)
    hits, position = 0, 0
    while True:
        position += int(math.log(1.0 - rng.random()) / log_q) + 1
        if position > n:
            return hits
        hits += 1


def multinomial(rng: random.Random, n: int, probs: Sequence[float]) -> list[int]:
    """Split n over categories with these probabilities (normalised here)."""
    total = sum(probs)
    out: list[int] = []
    left, mass = n, total
    for p in probs[:-1]:
        k = binomial(rng, left, p / mass) if mass > 0 and left > 0 else 0
        out.append(k)
        left -= k
        mass -= p
    out.append(left)
    return out


def disclose(count: int) -> int:
    """The publisher's disclosure control: 0 stays 0, 1-7 -> 5, else to the nearest 5."""
    if count <= 0:
        return 0
    if count <= 7:
        return 5
    return 5 * ((count + 2) // 5)


def percent_text(num: int, den: int) -> str:
    """num / den as a percent with one decimal, half up, written as the publisher does."""
    if den <= 0:
        return "0"
    tenths = (num * 2000 + den) // (2 * den)
    whole, tenth = divmod(tenths, 10)
    return str(whole) if tenth == 0 else f"{whole}.{tenth}"


def per_thousand_text(num: int, den: int) -> str:
    """num / den per 1,000, rounded half up to a whole number; `*` for 1-7 events."""
    if den <= 0:
        return "0"
    if 1 <= num <= 7:
        return "*"
    return str((num * 2000 + den) // (2 * den))


def _half_up(value: float) -> int:
    return math.floor(value + 0.5)


# ============================================================================================
# Calendar
# ============================================================================================


def parse_month(text: str) -> tuple[int, int]:
    parts = text.split("-")
    if len(parts) != 2 or not all(p.isdigit() for p in parts) or not 1 <= int(parts[1]) <= 12:
        raise SyntheticArgumentError(f"not a month: {text!r} (YYYY-MM expected)")
    return int(parts[0]), int(parts[1])


def month_at(start: tuple[int, int], index: int) -> tuple[int, int]:
    total = start[0] * 12 + start[1] - 1 + index
    return total // 12, total % 12 + 1


def month_key(ym: tuple[int, int]) -> str:
    return f"{ym[0]}-{ym[1]:02d}"


def month_bounds(ym: tuple[int, int]) -> tuple[date, date]:
    first = date(ym[0], ym[1], 1)
    following = date(ym[0] + ym[1] // 12, ym[1] % 12 + 1, 1)
    return first, following - timedelta(days=1)


def ddmmyyyy(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def financial_year(ym: tuple[int, int]) -> str:
    first = ym[0] if ym[1] >= 4 else ym[0] - 1
    return f"{first}-{(first + 1) % 100:02d}"


def years_covered(start: tuple[int, int], months: int) -> list[str]:
    """Financial years whose twelve months all lie in the range."""
    counts: dict[str, int] = {}
    for i in range(months):
        fy = financial_year(month_at(start, i))
        counts[fy] = counts.get(fy, 0) + 1
    return [fy for fy, n in counts.items() if n == 12]


def index_of(start: tuple[int, int], ym: tuple[int, int]) -> int:
    return (ym[0] * 12 + ym[1]) - (start[0] * 12 + start[1])


# ============================================================================================
# The synthetic world: trusts, regions, ICBs, local authorities, sites, the merger
# ============================================================================================


@dataclass(frozen=True)
class Site:
    code: str
    name: str
    share: float


@dataclass(frozen=True)
class Trust:
    code: str
    name: str
    region: str
    icb: str
    size: float  # mean deliveries a month
    mbrrace: str
    age: float  # mean age at booking
    effects: dict[str, float]
    label_mult: dict[tuple[str, str], float]
    las: tuple[tuple[str, float], ...]
    booking_sites: tuple[Site, ...]
    delivery_sites: tuple[Site, ...]
    open_date: str
    town: str
    postcode: str
    plans: float = 1.0
    trend: str = ""
    stable: bool = False  # never DNS nor failing data quality


@dataclass(frozen=True)
class Merger:
    predecessors: tuple[str, ...]
    successor: str
    month: str  # YYYY-MM of the first month the successor publishes
    effective_date: date


@dataclass
class World:
    seed: int
    start: tuple[int, int]
    months: int
    trusts: dict[str, Trust]
    merger: Merger
    merger_index: int
    icbs: dict[str, str]
    las: dict[str, tuple[str, str]]  # LA code -> (name, sub-ICB code)
    subicbs: dict[str, str]
    historic: tuple[str, str, str, str, str]  # closed code, name, region, icb, successor

    def active(self, index: int) -> list[Trust]:
        """Trusts publishing under their own code in this month (sorted by code)."""
        gone = set(self.merger.predecessors) if index >= self.merger_index else set()
        if index < self.merger_index:
            gone.add(self.merger.successor)
        return [t for code, t in sorted(self.trusts.items()) if code not in gone]


@dataclass
class _Namer:
    """Hands out unused invented place names."""

    rng: random.Random
    pool: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.pool = [h + t for h in _PLACE_HEADS for t in _PLACE_TAILS]
        self.rng.shuffle(self.pool)

    def take(self) -> str:
        if not self.pool:
            self.pool = [f"NEW {h}{t}" for h in _PLACE_HEADS for t in _PLACE_TAILS]
            self.rng.shuffle(self.pool)
        return self.pool.pop()


def _code_pool(rng: random.Random, first: str, seconds: str, thirds: str) -> list[str]:
    pool = [f"{first}{a}{b}" for a in seconds for b in thirds]
    rng.shuffle(pool)
    return pool


def _allocate(n: int, weights: Sequence[float]) -> list[int]:
    """Largest-remainder allocation of n items over weights."""
    raw = [n * w / sum(weights) for w in weights]
    counts = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - counts[i], reverse=True)
    for i in order[: n - sum(counts)]:
        counts[i] += 1
    return counts


def _effects(rng: random.Random) -> dict[str, float]:
    return {name: math.exp(rng.gauss(0.0, sd)) for name, sd in EFFECT_SD.items()}


def _label_mult(rng: random.Random, region: str) -> dict[tuple[str, str], float]:
    skew = rng.gauss(0.0, 0.6)
    mult = {("DeprivationDecileAtBooking", label): math.exp(skew * (4.5 - i) / 4.5)
            for i, label in enumerate(_DECILES)}
    diversity = math.exp(rng.gauss(0.0, 0.5)) * (2.2 if region == "Y56" else 1.0)
    for label in ("Asian or Asian British", "Black or Black British", "Mixed",
                  "Any other ethnic group"):
        mult[("EthnicCategoryMotherGroup", label)] = diversity
    for cell, chance in ABSENT_CATEGORIES.items():
        if rng.random() < chance:
            mult[cell] = 0.0
    for dim in DIMS:
        for label, share in dim.shares:
            if label.startswith("Missing") and share < 0.06 and rng.random() < ABSENT_MISSING:
                mult[(dim.name, label)] = 0.0
    if rng.random() < NO_CO_RECORDING:
        for label, _ in DIMS_BY_NAME["CO_Concentration_Delivery"].shares[:-1]:
            mult[("CO_Concentration_Delivery", label)] = 0.0
    return mult


def _mbrrace_group(size: float) -> str:
    births = size * 12
    return "3" if births >= 4000 else "4" if births >= 2000 else "5"


def _sites(rng: random.Random, namer: _Namer, code: str, town: str) -> tuple[
        tuple[Site, ...], tuple[Site, ...]]:
    main = Site(f"{code}01", f"{town} {rng.choice(_HOSPITAL_KINDS)}", 0.75)
    extra = [Site(f"{code}{10 + k}", f"{namer.take()} {rng.choice(_COMMUNITY_KINDS)}",
                  rng.uniform(0.01, 0.05)) for k in range(rng.randint(0, 3))]
    booking = (main, *extra)
    total = sum(s.share for s in booking)
    booking = tuple(Site(s.code, s.name, s.share / total) for s in booking)
    delivery: tuple[Site, ...] = (Site(main.code, main.name, 1.0),)
    if rng.random() < 0.45:
        delivery = (Site(main.code, main.name, 0.95), Site(f"{code}05", f"{town} BIRTH CENTRE",
                                                           0.05))
    return booking, delivery


def _new_trust(rng: random.Random, namer: _Namer, code: str, region: str, icb: str) -> Trust:
    town = namer.take()
    size = min(900.0, max(150.0, math.exp(rng.gauss(math.log(340.0), 0.42))))
    booking, delivery = _sites(rng, namer, code, town)
    return Trust(
        code=code, name=f"{town} {rng.choice(_TRUST_SUFFIXES)}", region=region, icb=icb,
        size=size, mbrrace=_mbrrace_group(size),
        age=rng.gauss(31.6 if region == "Y56" else 30.4, 0.7), effects=_effects(rng),
        label_mult=_label_mult(rng, region), las=(), booking_sites=booking,
        delivery_sites=delivery,
        open_date=rng.choice(("19920401", "19930401", "19940401", "20010401", "20040101",
                              "20080401", "20110401", "20160701")),
        town=town, postcode=f"Z{rng.choice('ABCDEFGH')}{rng.randint(1, 29)} "
                            f"{rng.randint(1, 9)}{rng.choice('ABDEFGHJLNP')}"
                            f"{rng.choice('QRSTUWXYZ')}",
        plans=0.0 if rng.random() < 0.15 else math.exp(rng.gauss(0.0, 0.3)))


def _place_trusts(rng: random.Random, namer: _Namer, n: int, codes: list[str],
                  icb_codes: list[str]) -> tuple[dict[str, Trust], dict[str, str]]:
    """Trusts spread over the regions, and ICBs of about three trusts each."""
    per_region = _allocate(n, [r[3] for r in REGIONS])
    trusts: dict[str, Trust] = {}
    icbs: dict[str, str] = {}
    for (region, *_), count in zip(REGIONS, per_region, strict=True):
        region_icbs = []
        for _ in range(math.ceil(count / 3)):
            icb = icb_codes.pop()
            icbs[icb] = f"NHS {namer.take()} AND {namer.take()} INTEGRATED CARE BOARD"
            region_icbs.append(icb)
        for i in range(count):
            code = codes.pop()
            trusts[code] = _new_trust(rng, namer, code, region, region_icbs[i % len(region_icbs)])
    return trusts, icbs


def _set_mbrrace_top(trusts: dict[str, Trust]) -> None:
    """The largest eighth of trusts are neonatal surgery / level 3 NICU centres (groups 1, 2)."""
    ranked = sorted(trusts.values(), key=lambda t: (-t.size, t.code))
    for i, trust in enumerate(ranked[: max(1, len(ranked) // 8)]):
        trusts[trust.code] = _replace(trust, mbrrace="1" if i % 2 == 0 else "2")


def _replace(trust: Trust, **changes: object) -> Trust:
    values = {name: getattr(trust, name) for name in Trust.__dataclass_fields__}
    values.update(changes)
    return Trust(**values)  # type: ignore[arg-type]


def _pick_merger(rng: random.Random, trusts: dict[str, Trust]) -> tuple[str, str]:
    by_icb: dict[str, list[str]] = {}
    by_region: dict[str, list[str]] = {}
    for code, t in sorted(trusts.items()):
        by_icb.setdefault(t.icb, []).append(code)
        by_region.setdefault(t.region, []).append(code)
    groups = [g for g in by_icb.values() if len(g) >= 2] or [
        g for g in by_region.values() if len(g) >= 2] or [sorted(trusts)]
    pair = rng.sample(rng.choice(groups), 2)
    return min(pair), max(pair)


def _successor(rng: random.Random, code: str, parts: list[Trust], opened: date) -> Trust:
    first, second = parts
    size = first.size + second.size
    effects = {k: (first.effects[k] * first.size + second.effects[k] * second.size) / size
               for k in first.effects}
    label_mult = {k: (first.label_mult.get(k, 1.0) + second.label_mult.get(k, 1.0)) / 2
                  for k in {**first.label_mult, **second.label_mult}}
    las: dict[str, float] = {}
    for t in parts:
        for la, share in t.las:
            las[la] = las.get(la, 0.0) + share * t.size / size

    def reshare(sites: Iterable[Site]) -> tuple[Site, ...]:
        listed = list(sites)
        total = sum(s.share for s in listed)
        return tuple(Site(s.code, s.name, s.share / total) for s in listed)

    return Trust(
        code=code, name=f"{first.town} AND {second.town} HOSPITALS NHS FOUNDATION TRUST",
        region=first.region, icb=first.icb, size=size, mbrrace=_mbrrace_group(size),
        age=(first.age + second.age) / 2, effects=effects, label_mult=label_mult,
        las=tuple(sorted(las.items())),
        booking_sites=reshare(s for t in parts for s in t.booking_sites),
        delivery_sites=reshare(s for t in parts for s in t.delivery_sites),
        open_date=opened.strftime("%Y%m%d"), town=first.town, postcode=first.postcode,
        plans=first.plans, stable=True)


def _pick_trends(rng: random.Random, trusts: dict[str, Trust], excluded: set[str]) -> None:
    """Mark the deteriorating and improving trusts (large enough to show a steady trend)."""
    candidates = sorted(c for c, t in trusts.items() if c not in excluded)
    rng.shuffle(candidates)
    n_each = max(1, len(trusts) // 10)
    for i, code in enumerate(candidates[: 2 * n_each]):
        trend = "deteriorating" if i < n_each else "improving"
        trust = trusts[code]
        effects = dict(trust.effects)
        for name in TRENDS[trend][0]:
            effects[name] = 1.0  # start from the national rate: the trend is the story
        size = max(trust.size, 480.0)
        trusts[code] = _replace(trust, trend=trend, stable=True, effects=effects, size=size,
                                mbrrace=_mbrrace_group(size))


def _geography(rng: random.Random, namer: _Namer, trusts: dict[str, Trust],
               icbs: dict[str, str]) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """Local authorities (about 2.5 per trust) in sub-ICBs (about 0.9 per trust)."""
    las: dict[str, tuple[str, str]] = {}
    subicbs: dict[str, str] = {}
    sub_pool = _code_pool(rng, "9", "ABCDEFGHJKLMNPRTUWXY", "ABCDEFGHJKLMNPRTUWXY")
    counter = 0
    for region, *_ in REGIONS:
        members = sorted(c for c, t in trusts.items() if t.region == region)
        if not members:
            continue
        region_subs = []
        for icb in sorted({trusts[c].icb for c in members}):
            n_icb = sum(1 for c in members if trusts[c].icb == icb)
            for _ in range(max(1, round(n_icb * 0.8))):
                code = sub_pool.pop()
                subicbs[code] = f"{icbs[icb].replace(' INTEGRATED CARE BOARD', '')} ICB - {code}"
                region_subs.append(code)
        region_las = []
        for k in range(max(2, round(2.3 * len(members)))):
            counter += 1
            code = f"E0{6 + counter % 4}9{counter:05d}"
            las[code] = (namer.take(), region_subs[k % len(region_subs)])
            region_las.append(code)
        _assign_las(rng, trusts, members, region_las)
    return las, subicbs


def _assign_las(rng: random.Random, trusts: dict[str, Trust], members: list[str],
                region_las: list[str]) -> None:
    owned: dict[str, list[str]] = {c: [] for c in members}
    for k, la in enumerate(region_las):
        owned[members[k % len(members)]].append(la)
    for code in members:
        extra = [la for la in rng.sample(region_las, min(3, len(region_las)))
                 if la not in owned[code]]
        chosen = owned[code] + extra
        weights = [rng.expovariate(1.0) * (2.0 if la in owned[code] else 1.0) for la in chosen]
        total = sum(weights)
        trusts[code] = _replace(trusts[code], las=tuple(
            (la, w / total) for la, w in zip(chosen, weights, strict=True)))


def build_world(seed: int, n_trusts: int, start: tuple[int, int], months: int) -> World:
    if not 4 <= n_trusts <= 280:
        raise SyntheticArgumentError("trusts must be between 4 and 280")
    rng = _rng(seed, "world")
    namer = _Namer(_rng(seed, "names"))
    codes = _code_pool(rng, "R", "23456789", "ABCDEFGHJKLMNPQRTUVWXYZ0123456789")
    icb_codes = _code_pool(rng, "Q", "23456789", "ABCDEFGHJKLMNPRTUVWXY")
    trusts, icbs = _place_trusts(rng, namer, n_trusts, codes, icb_codes)
    _set_mbrrace_top(trusts)
    las, subicbs = _geography(rng, namer, trusts, icbs)
    merger_index = max(1, months // 2)
    merger_month = month_at(start, merger_index)
    opened = date(merger_month[0], merger_month[1], 1)
    pair = _pick_merger(rng, trusts)
    successor_code = codes.pop()
    _pick_trends(rng, trusts, set(pair))
    trusts = {c: _replace(t, stable=True) if c in pair else t for c, t in trusts.items()}
    trusts[successor_code] = _successor(rng, successor_code, [trusts[c] for c in pair], opened)
    historic_code = codes.pop()
    heir = sorted(c for c in trusts if c not in pair and c != successor_code)[0]
    historic = (historic_code, f"{namer.take()} HOSPITAL NHS TRUST", trusts[heir].region,
                trusts[heir].icb, heir)
    return World(seed=seed, start=start, months=months, trusts=trusts,
                 merger=Merger(pair, successor_code, month_key(merger_month), opened),
                 merger_index=merger_index, icbs=icbs, las=las, subicbs=subicbs,
                 historic=historic)


# ============================================================================================
# Simulation of one trust-month (unrounded counts)
# ============================================================================================


@dataclass
class TrustMonth:
    q: dict[str, int]  # every quantity: bases, categories ("Dim:label"), draws
    counts: dict[tuple[str, str], int]  # exp-data cells (dimension, measure) -> count
    age_total: float  # mean age x bookings
    dns: bool = False
    failed_dq: str = ""  # the numerator key of a DQ measure made to fail


DRAWS = _draws()


def _month_effects(world: World, trust: Trust, index: int) -> dict[str, float]:
    effects = dict(trust.effects)
    if trust.trend:
        names, end = TRENDS[trust.trend]
        frac = min(1.0, max(0.0, index / max(1, world.months - 1)))
        for name in names:
            effects[name] = effects.get(name, 1.0) * (1.0 + (end - 1.0) * frac)
    return effects


def _probs(dim: Dim, trust: Trust, effects: dict[str, float]) -> list[float]:
    out = []
    for label, share in dim.shares:
        mult = trust.label_mult.get((dim.name, label), 1.0)
        effect = _DIM_EFFECT.get((dim.name, label))
        if effect:
            mult *= effects.get(effect, 1.0)
        elif label.startswith("Missing"):
            mult *= effects.get("missing", 1.0)
        out.append(share * mult)
    return out


def _apply_sums(q: dict[str, int]) -> None:
    for key, parts in SUMS:
        if key not in q and all(p in q for p in parts):
            q[key] = sum(q[p] for p in parts)


def _state(trust: Trust, tag: str) -> tuple[bool, str]:
    """Whether the trust did not submit, and which DQ measure it fails, this month."""
    if trust.stable:
        return False, ""
    rng = _rng(tag, "state")
    dns = rng.random() < DNS_PROBABILITY
    failed = ""
    if rng.random() < DQ_FAIL_PROBABILITY:
        partial = rng.random() < PARTIAL_SUBMISSION_SHARE
        failed = "hes_deliveries" if partial else rng.choice(INJECTABLE_DQ)
    return dns, failed


def _bases(rng: random.Random, trust: Trust, ym: tuple[int, int], tag: str,
           provisional: bool, failed_dq: str) -> dict[str, int]:
    season = 1.0 + 0.04 * math.sin(2 * math.pi * (ym[1] - 4) / 12)
    mean = trust.size * season
    deliveries = max(30, round(rng.gauss(mean, 1.2 * math.sqrt(mean))))
    twins = binomial(rng, deliveries, 0.015)
    bookings = max(30, round(deliveries * rng.gauss(1.22, 0.05)))
    hes = max(30, round(trust.size * rng.gauss(1.0, 0.04)))
    if failed_dq == "hes_deliveries":  # a partial submission: MSDS births < 70% of HES
        hes = round(hes * 1.8)
    if provisional:
        thin = _rng(tag, "provisional")
        deliveries = binomial(thin, deliveries, PROVISIONAL_COMPLETENESS)
        twins = binomial(thin, twins, PROVISIONAL_COMPLETENESS)
        bookings = binomial(thin, bookings, PROVISIONAL_COMPLETENESS)
    return {"deliveries": deliveries, "babies": deliveries + twins, "bookings": bookings,
            "hes_deliveries": hes}


def _draw_dims(rng: random.Random, trust: Trust, effects: dict[str, float],
               q: dict[str, int], counts: dict[tuple[str, str], int]) -> None:
    for dim in DIMS:
        draws = multinomial(rng, q[dim.base], _probs(dim, trust, effects))
        for (label, _), k in zip(dim.shares, draws, strict=True):
            q[f"{dim.name}:{label}"] = k
            if k:
                counts[(dim.name, label)] = k
        _apply_sums(q)
    for name, (source, mapping) in GROUPINGS.items():
        for label, _ in DIMS_BY_NAME[source].shares:
            group = mapping.get(label, GROUPING_DEFAULT[name])
            q[f"{name}:{group}"] = q.get(f"{name}:{group}", 0) + q[f"{source}:{label}"]
        for key, value in list(q.items()):
            if key.startswith(name + ":") and value:
                counts[(name, key.split(":", 1)[1])] = value
    _apply_sums(q)


def _draw_quantities(rng: random.Random, effects: dict[str, float], q: dict[str, int],
                     failed_dq: str) -> None:
    _draw_coc(rng, effects, q)
    for key, source, rate, effect in DRAWS:
        p = min(0.98, rate * effects.get(effect, 1.0)) if effect else rate
        if key == failed_dq:
            p = INJECTED_DQ_RATE
        q[key] = binomial(rng, q[source], p)
        _apply_sums(q)
    for name, k in zip([n for n, _ in BMI_CLASSES],
                       multinomial(rng, q["bmi_den"], [s for _, s in BMI_CLASSES]), strict=True):
        q[f"bmi:{name}"] = k
    for key, total, part in REMAINDERS:
        q[key] = max(0, q[total] - q[part])


def allocate(rng: random.Random, total: int, capacities: Sequence[int],
             weights: Sequence[float]) -> list[int]:
    """Split `total` into parts of at most `capacities`, drawn in proportion to `weights`.

    The parts always sum to min(total, sum(capacities)): group counts add up to the whole, as
    they do in the published files.
    """
    parts = [0] * len(capacities)
    remaining = min(total, sum(capacities))
    while remaining > 0:
        room = [w * (c - p) for w, c, p in zip(weights, capacities, parts, strict=True)]
        if sum(room) <= 0:
            room = [float(c - p) for c, p in zip(capacities, parts, strict=True)]
        drawn = multinomial(rng, remaining, room)
        for i, d in enumerate(drawn):
            take = min(d, capacities[i] - parts[i])
            parts[i] += take
            remaining -= take
    return parts


def _draw_coc(rng: random.Random, effects: dict[str, float], q: dict[str, int]) -> None:
    """Continuity of carer: denominators split by ethnicity and deprivation decile, and the
    numerator allocated across the groups so that every split adds up to the overall count."""
    for _, key, share, rate in COC_MEASURES:
        q[f"{key}_den"] = binomial(rng, q["bookings"], share)
        q[f"{key}_num"] = binomial(rng, q[f"{key}_den"], min(0.95, rate * effects["coc"]))
        for kind, splits in (("Ethnicity", COC_ETHNICITY), ("IMD", COC_IMD)):
            dens = multinomial(rng, q[f"{key}_den"], [s for _, s, _ in splits])
            nums = allocate(rng, q[f"{key}_num"], dens, [m for _, _, m in splits])
            for (label, _, _), den, num in zip(splits, dens, nums, strict=True):
                split = f"{key}:{kind}:{label}"
                q[split] = den
                q[f"{split}:num"] = num


def _draw_lesions(rng: random.Random, trust: Trust, q: dict[str, int],
                  counts: dict[tuple[str, str], int]) -> None:
    group = "GenitalTractTraumaticLesionGroup:"
    lesions = {"No traumatic lesion reported": q[group + "No traumatic lesion reported"]}
    with_lesion = q[group + "At least one traumatic lesion"]
    for label, p in LESIONS:
        mult = trust.label_mult.get(("GenitalTractTraumaticLesion", label), 1.0)
        lesions[label] = binomial(rng, with_lesion, p * mult)
    fourth = binomial(rng, q["tears"], 0.035)
    lesions["Perineal tear - fourth degree"] = fourth
    lesions["Perineal tear - third degree"] = q["tears"] - fourth + binomial(
        rng, q["vaginal"] - q["vts"], 0.02)
    for label, k in lesions.items():
        if k:
            counts[("GenitalTractTraumaticLesion", label)] = k


def _totals(rng: random.Random, trust: Trust, q: dict[str, int],
            counts: dict[tuple[str, str], int]) -> None:
    for name, _, base, _ in TOTALS:
        if q[base]:
            counts[(name, "")] = q[base]
    for name, ratio in PLANS:
        k = round(q["bookings"] * ratio * trust.plans * rng.gauss(1.0, 0.05))
        if k > 0:
            counts[(name, "")] = k


def simulate(world: World, trust: Trust, index: int, provisional: bool = False) -> TrustMonth:
    """One trust's month: every count before disclosure control."""
    ym = month_at(world.start, index)
    tag = f"{world.seed}|{trust.code}|{month_key(ym)}"
    rng = _rng(tag, "simulate")
    dns, failed_dq = _state(trust, tag)
    effects = _month_effects(world, trust, index)
    q = _bases(rng, trust, ym, tag, provisional, failed_dq)
    counts: dict[tuple[str, str], int] = {}
    _draw_dims(rng, trust, effects, q, counts)
    _draw_quantities(rng, effects, q, failed_dq)
    _draw_lesions(rng, trust, q, counts)
    _totals(rng, trust, q, counts)
    age = trust.age + rng.gauss(0.0, 0.25)
    return TrustMonth(q, counts, age * q["bookings"], dns, failed_dq)


def combine(parts: Sequence[TrustMonth]) -> TrustMonth:
    """The sum of several trust-months (a successor's months before it existed)."""
    q: dict[str, int] = {}
    counts: dict[tuple[str, str], int] = {}
    for part in parts:
        for key, value in part.q.items():
            q[key] = q.get(key, 0) + value
        for cell, value in part.counts.items():
            counts[cell] = counts.get(cell, 0) + value
    return TrustMonth(q, counts, sum(p.age_total for p in parts))


class Simulator:
    """Simulated trust-months, each computed once."""

    def __init__(self, world: World) -> None:
        self.world = world
        self._cache: dict[tuple[str, int, bool], TrustMonth] = {}

    def get(self, code: str, index: int, provisional: bool = False) -> TrustMonth:
        key = (code, index, provisional)
        found = self._cache.get(key)
        if found is None:
            found = self._make(code, index, provisional)
            self._cache[key] = found
        return found

    def _make(self, code: str, index: int, provisional: bool) -> TrustMonth:
        merger = self.world.merger
        if code == merger.successor and index < self.world.merger_index:
            return combine([self.get(p, index, provisional) for p in merger.predecessors])
        return simulate(self.world, self.world.trusts[code], index, provisional)


# ============================================================================================
# Organisations at every level, and splitting a trust's counts over sites and residence
# ============================================================================================


@dataclass
class OrgCounts:
    level: str
    code: str
    name: str
    counts: dict[tuple[str, str], int] = field(default_factory=dict)
    age_total: float = 0.0
    age_weight: int = 0

    def add(self, counts: dict[tuple[str, str], int], age_total: float, weight: int) -> None:
        for cell, value in counts.items():
            self.counts[cell] = self.counts.get(cell, 0) + value
        self.age_total += age_total
        self.age_weight += weight


def _split(rng: random.Random, counts: dict[tuple[str, str], int], dims: frozenset[str],
           shares: Sequence[float]) -> list[dict[tuple[str, str], int]]:
    parts: list[dict[tuple[str, str], int]] = [{} for _ in shares]
    for cell, value in counts.items():
        if cell[0] not in dims:
            continue
        for i, k in enumerate(multinomial(rng, value, shares)):
            if k:
                parts[i][cell] = k
    return parts


def _org(levels: dict[tuple[str, str], OrgCounts], level: str, code: str,
         name: str) -> OrgCounts:
    key = (level, code)
    if key not in levels:
        levels[key] = OrgCounts(level, code, name)
    return levels[key]


def _aggregate_levels(world: World, trust: Trust, tm: TrustMonth,
                      orgs: dict[tuple[str, str], OrgCounts]) -> None:
    bookings = tm.q["bookings"]
    for level, code, name in (
            ("National", "ALL", "ALL SUBMITTERS"),
            ("NHS England (Region)", trust.region, REGION_NAMES[trust.region]),
            ("MBRRACE Grouping", *_mbrrace_data(trust.mbrrace)),
            ("Local Maternity System", trust.icb, world.icbs[trust.icb]),
            ("Provider", trust.code, trust.name)):
        _org(orgs, level, code, name).add(tm.counts, tm.age_total, bookings)


def _mbrrace_data(group: str) -> tuple[str, str]:
    code, name = MBRRACE_GROUPS[group]
    return code, name.upper()


def _site_levels(rng: random.Random, trust: Trust, tm: TrustMonth,
                 orgs: dict[tuple[str, str], OrgCounts]) -> None:
    avg = tm.age_total / max(1, tm.q["bookings"])
    parts = _split(rng, tm.counts, BOOKING_SITE_DIMS, [s.share for s in trust.booking_sites])
    for site, part in zip(trust.booking_sites, parts, strict=True):
        weight = part.get(("TotalBookings", ""), 0)
        _org(orgs, "Booking Site", site.code, site.name).add(part, avg * weight, weight)
    parts = _split(rng, tm.counts, DELIVERY_SITE_DIMS, [s.share for s in trust.delivery_sites])
    for site, part in zip(trust.delivery_sites, parts, strict=True):
        _org(orgs, "Delivery Site", site.code, site.name).add(part, 0.0, 0)


def _residence_levels(world: World, rng: random.Random, trust: Trust, tm: TrustMonth,
                      orgs: dict[tuple[str, str], OrgCounts]) -> None:
    avg = tm.age_total / max(1, tm.q["bookings"])
    shares = [s * 0.997 for _, s in trust.las] + [0.003]
    every = frozenset(cell[0] for cell in tm.counts)
    parts = _split(rng, tm.counts, every, shares)
    for (la, _), part in zip(trust.las, parts[:-1], strict=True):
        weight = part.get(("TotalBookings", ""), 0)
        name, sub = world.las[la]
        _org(orgs, "Local Authority of Residence", la, name).add(part, avg * weight, weight)
        _org(orgs, "SubICB of Responsibility", sub, world.subicbs[sub]).add(
            part, avg * weight, weight)
    unknown = parts[-1]
    weight = unknown.get(("TotalBookings", ""), 0)
    _org(orgs, "Local Authority of Residence", "", "LOCAL AUTHORITY UNKNOWN").add(
        unknown, avg * weight, weight)


# ============================================================================================
# exp-data
# ============================================================================================


def _org_sort_key(org: OrgCounts, order: Sequence[str]) -> tuple[int, int, str]:
    return order.index(org.level), 0 if org.code else 1, org.code.lower()


def _count_of(dimension: str) -> str:
    if dimension in DIMS_BY_NAME:
        return DIMS_BY_NAME[dimension].count_of
    if dimension in GROUPINGS or dimension == "TotalBabies":
        return "Babies"
    return "Women"


def _data_rows(org: OrgCounts, period: tuple[str, str]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    if org.age_weight > 0:
        rows.append((*period, AVERAGE_DIM, org.level, org.code, org.name, "",
                     "Average over women", str(_half_up(org.age_total / org.age_weight))))
    for (dimension, measure), value in org.counts.items():
        if value > 0:
            rows.append((*period, dimension, org.level, org.code, org.name, measure,
                         _count_of(dimension), str(disclose(value))))
    rows.sort(key=lambda r: (r[2], r[6].lower()))  # the average row joins its dimension
    return rows


def exp_data(world: World, sim: Simulator, index: int, provisional: bool,
             scale: str) -> list[tuple[str, ...]]:
    first, last = month_bounds(month_at(world.start, index))
    period = (ddmmyyyy(first), ddmmyyyy(last))
    orgs: dict[tuple[str, str], OrgCounts] = {}
    for trust in publishing(world, sim, index, provisional):
        tm = sim.get(trust.code, index, provisional)
        _aggregate_levels(world, trust, tm, orgs)
        if scale == "national":
            rng = _rng(world.seed, trust.code, index, provisional, "split")
            _site_levels(rng, trust, tm, orgs)
            _residence_levels(world, rng, trust, tm, orgs)
    rows: list[tuple[str, ...]] = []
    for org in sorted(orgs.values(), key=lambda o: _org_sort_key(o, EXP_DATA_LEVELS)):
        rows += _data_rows(org, period)
    return rows


def publishing(world: World, sim: Simulator, index: int, provisional: bool) -> list[Trust]:
    """Trusts whose records are in this month's files (active and submitted)."""
    out = []
    for trust in world.active(index):
        if not sim.get(trust.code, index, provisional).dns and not (
                provisional and trust.code == provisional_dns(world, index)):
            out.append(trust)
    return out


def provisional_dns(world: World, index: int) -> str:
    """The trust missing from the provisional set (it submits in time for the final)."""
    eligible = [t.code for t in world.active(index) if not t.stable]
    return _rng(world.seed, index, "provisional dns").choice(eligible) if eligible else ""


# ============================================================================================
# exp-measures
# ============================================================================================


@dataclass
class ProviderMeasures:
    """One provider's unrounded window numerators / denominators and its failed groups."""

    trust: Trust
    dns: bool
    values: dict[str, tuple[int, int]]
    failed: frozenset[str]
    dq_result: dict[str, bool]


def _window_sum(sim: Simulator, code: str, index: int, provisional: bool, measure: Measure,
                key: str) -> int:
    total = 0
    for offset in range(measure.window[0], measure.window[1] + 1):
        month = index + offset
        total += sim.get(code, month, provisional and month == index).q[key]
    return total


def _passes(rule: tuple[float, float], num: int, den: int) -> bool:
    """A DQ band check on the unrounded percent (nothing to check passes)."""
    return den <= 0 or rule[0] <= 100.0 * num / den <= rule[1]


def provider_measures(world: World, sim: Simulator, trust: Trust, index: int,
                      provisional: bool) -> ProviderMeasures:
    tm = sim.get(trust.code, index, provisional)
    dns = tm.dns or (provisional and trust.code == provisional_dns(world, index))
    values = {m.indicator: (_window_sum(sim, trust.code, index, provisional, m, m.num),
                            _window_sum(sim, trust.code, index, provisional, m, m.den))
              for m in MEASURES}
    dq_result = {m.indicator: _passes(m.rule, *values[m.indicator])
                 for m in MEASURES if m.rule is not None}
    failed = {gate for m in MEASURES if m.rule is not None and not dq_result[m.indicator]
              for gate in m.gates}
    if dns:
        failed |= set(CQIM_NAMES)
    return ProviderMeasures(trust, dns, values, frozenset(failed), dq_result)


def _result_text(measure: Measure, pm: ProviderMeasures) -> str:
    if measure.rule is not None:
        ok = pm.dq_result[measure.indicator] and measure.group not in pm.failed
    else:
        ok = measure.group not in pm.failed
    return "Pass" if ok else "Fail"


def _rate_text(measure: Measure, num: int, den: int) -> str:
    if measure.per_thousand:
        return per_thousand_text(num, den)
    return percent_text(disclose(num), disclose(den))


def _provider_cells(measure: Measure, pm: ProviderMeasures) -> list[tuple[str, str]]:
    """(Currency, Value) rows of one measure for one provider, in published order."""
    rate_currency = "Rate per Thousand" if measure.per_thousand else "Rate"
    if pm.dns:
        if not measure.dns_rows:
            return []
        return [("Denominator", "DNS"), ("Numerator", "DNS"), (rate_currency, "DNS"),
                ("Result", "Fail")]
    num, den = pm.values[measure.indicator]
    if measure.blank_on_fail and measure.group in pm.failed:
        cells = [("Denominator", "0"), ("Numerator", "0"), (rate_currency, FAILED_RATE_TEXT)]
    else:
        cells = [("Denominator", str(disclose(den))), ("Numerator", str(disclose(num))),
                 (rate_currency, _rate_text(measure, num, den))]
    if measure.result or measure.rule is not None:
        cells.append(("Result", _result_text(measure, pm)))
    return cells


def _aggregate_cells(measure: Measure, members: Sequence[ProviderMeasures]) -> list[
        tuple[str, str]]:
    num = den = 0
    for pm in members:
        if pm.dns or (measure.group and measure.group in pm.failed):
            continue
        n, d = pm.values[measure.indicator]
        num, den = num + n, den + d
    rate_currency = "Rate per Thousand" if measure.per_thousand else "Rate"
    return [("Denominator", str(disclose(den))), ("Numerator", str(disclose(num))),
            (rate_currency, _rate_text(measure, num, den))]


def _measure_groups(world: World, pms: Sequence[ProviderMeasures]) -> list[
        tuple[str, str, str, list[ProviderMeasures]]]:
    """(level, code, name, member providers) for every aggregate organisation."""
    groups: dict[tuple[str, str], tuple[str, list[ProviderMeasures]]] = {}
    for pm in pms:
        t = pm.trust
        for level, code, name in (
                ("National", "National", "All Submitters"),
                ("Local Maternity System", t.icb, world.icbs[t.icb]),
                ("MBRRACE Grouping", *MBRRACE_GROUPS[t.mbrrace]),
                ("NHS England (Region)", t.region, REGION_NAMES[t.region])):
            groups.setdefault((level, code), (name, []))[1].append(pm)
    ordered = sorted(groups.items(), key=lambda kv: (EXP_MEASURES_LEVELS.index(kv[0][0]),
                                                     kv[0][1]))
    return [(level, code, name, members) for (level, code), (name, members) in ordered]


def exp_measures(world: World, sim: Simulator, index: int,
                 provisional: bool) -> list[tuple[str, ...]]:
    first, last = month_bounds(month_at(world.start, index))
    period = (ddmmyyyy(first), ddmmyyyy(last))
    pms = [provider_measures(world, sim, t, index, provisional) for t in world.active(index)]
    rows: list[tuple[str, ...]] = []
    for level, code, name, members in _measure_groups(world, pms):
        for m in MEASURES:
            if not m.provider_only:
                rows += [(code, name, level, *period, m.family, m.indicator, currency, value)
                         for currency, value in _aggregate_cells(m, members)]
    for pm in pms:
        t = pm.trust
        for m in MEASURES:
            rows += [(t.code, t.name, "Provider", *period, m.family, m.indicator, currency, value)
                     for currency, value in _provider_cells(m, pm)]
    return rows


# ============================================================================================
# exp-dq
# ============================================================================================


def exp_dq(world: World, sim: Simulator, index: int, provisional: bool) -> list[tuple[str, ...]]:
    first, last = month_bounds(month_at(world.start, index))
    period = (ddmmyyyy(first), ddmmyyyy(last))
    rows: list[tuple[str, ...]] = []
    for trust in publishing(world, sim, index, provisional):
        tm = sim.get(trust.code, index, provisional)
        rng = _rng(world.seed, trust.code, index, provisional, "dq")
        missing = trust.effects["missing"]
        for seq, (table, item, base, valid, default, invalid) in enumerate(DQ_ITEMS):
            den = tm.q[base]
            rest = max(0.0, 1.0 - valid) * missing
            counts = multinomial(rng, den, [1.0 - min(0.95, rest + default + invalid),
                                            default, invalid, min(0.95, rest)])
            uid = f"{table[:6]}{(seq % 9 + 1) * 10:03d}"
            rows.append((*period, trust.code, table, uid, item,
                         *(str(disclose(c)) for c in counts), str(disclose(den))))
    rows.sort(key=lambda r: (r[2], r[3], r[4]))
    return rows


# ============================================================================================
# Annual NHS Maternity Statistics provider file
# ============================================================================================


def _fy_indices(world: World, fy: str) -> list[int]:
    first = int(fy[:4])
    return [index_of(world.start, (first + (m >= 13), (m - 1) % 12 + 1))
            for m in range(4, 16)]


def _annual_trust_counts(world: World, sim: Simulator, fy: str) -> dict[str, TrustMonth]:
    """Each trust's year: the sum of the months it published under its own code."""
    months: dict[str, list[TrustMonth]] = {}
    for index in _fy_indices(world, fy):
        for trust in world.active(index):
            months.setdefault(trust.code, []).append(sim.get(trust.code, index))
    return {code: combine(parts) for code, parts in sorted(months.items())}


def _annual_cells(world: World, code: str, year: TrustMonth, fy: str) -> dict[
        tuple[str, str, str], int]:
    """(dimension, category, count_of) -> count for one trust-year, annual labels."""
    rng = _rng(world.seed, code, fy, "annual")
    cells: dict[tuple[str, str, str], int] = {}
    deliveries = year.q["deliveries"]
    for name in ANNUAL_BOOKING_DIMS:
        labels = [label for label, _ in DIMS_BY_NAME[name].shares]
        weights = [year.q.get(f"{name}:{label}", 0) + 0.01 for label in labels]
        for label, k in zip(labels, multinomial(rng, deliveries, weights), strict=True):
            _add_cell(cells, name, label, "Deliveries", k)
    for label, _ in DIMS_BY_NAME["DeliveryMethodBabyGroup"].shares:
        _add_cell(cells, "DeliveryMethodBabyGroup", label, "Deliveries",
                  year.q.get(f"DeliveryMethodBabyGroup:{label}", 0))
    for name in ANNUAL_BABY_DIMS:
        for (dimension, label), k in year.counts.items():
            if dimension == name:
                _add_cell(cells, name, label, "Babies", k)
    onset = multinomial(rng, deliveries, [s for _, s in ONSET_OF_LABOUR])
    for (label, _), k in zip(ONSET_OF_LABOUR, onset, strict=True):
        _add_cell(cells, "OnsetOfLabour", label, "Deliveries", k)
    _add_cell(cells, "TotalBabies", "", "Babies", year.q["babies"])
    _add_cell(cells, "TotalDeliveries", "", "Deliveries", deliveries)
    return cells


def _add_cell(cells: dict[tuple[str, str, str], int], dimension: str, label: str,
              count_of: str, k: int) -> None:
    if label == MISSING:
        label = ANNUAL_MISSING
    label = ANNUAL_LABELS.get((dimension, label), label)
    key = (dimension, label, count_of)
    cells[key] = cells.get(key, 0) + k


def annual_rows(world: World, sim: Simulator, fy: str) -> list[tuple[str, ...]]:
    orgs: dict[tuple[int, str], tuple[str, str, dict[tuple[str, str, str], int]]] = {}
    for code, year in _annual_trust_counts(world, sim, fy).items():
        trust = world.trusts[code]
        cells = _annual_cells(world, code, year, fy)
        for key in ((0, "National"), (1, trust.region), (2, code)):
            level = ("National", "NHS England (Region)", "Provider")[key[0]]
            name = ("ALL SUBMITTERS", REGION_NAMES[trust.region], trust.name)[key[0]]
            acc = orgs.setdefault(key, (level, name, {}))[2]
            for cell, k in cells.items():
                acc[cell] = acc.get(cell, 0) + k
    rows = []
    for (rank, code), (level, name, acc) in orgs.items():
        for (dimension, label, count_of), k in acc.items():
            if k > 0:
                rows.append(((dimension, rank, code), (fy, dimension, level, code, name, label,
                                                       count_of, str(disclose(k)))))
    rows.sort(key=lambda r: r[0])
    return [r[1] for r in rows]


def _title_name(name: str) -> str:
    small = {"And": "and", "Of": "of", "Nhs": "NHS"}
    return " ".join(small.get(w, w) for w in name.title().split())


def legacy_annual_rows(world: World, sim: Simulator) -> list[tuple[str, ...]]:
    """The 2019-20 file: lower-case header, PROVIDER / REGION / ALL SUBMITTERS, own labels."""
    regions2019 = {r[0]: r[2] for r in REGIONS}
    orgs: dict[tuple[int, str], tuple[str, str, dict[tuple[str, str, str], int]]] = {}
    for code, year in _annual_trust_counts(world, sim, LEGACY_YEAR).items():
        trust = world.trusts[code]
        cells = _legacy_cells(world, code, year)
        for rank, org_code, level, name in (
                (0, "ALL", "ALL SUBMITTERS", "ALL SUBMITTERS"),
                (1, code, "PROVIDER", _title_name(trust.name)),
                (2, trust.region, "REGION", regions2019[trust.region])):
            acc = orgs.setdefault((rank, org_code), (level, name, {}))[2]
            for cell, k in cells.items():
                acc[cell] = acc.get(cell, 0) + k
    rows = []
    for (rank, code), (level, name, acc) in orgs.items():
        for (dimension, label, count_of), k in acc.items():
            if k > 0:
                rows.append(((dimension, rank, code, label),
                             (LEGACY_YEAR, dimension, level, code, name, label, count_of,
                              str(disclose(k)))))
    rows.sort(key=lambda r: r[0])
    return [r[1] for r in rows]


def _legacy_cells(world: World, code: str, year: TrustMonth) -> dict[tuple[str, str, str], int]:
    rng = _rng(world.seed, code, LEGACY_YEAR, "legacy")
    cells: dict[tuple[str, str, str], int] = {}
    for published, count_of, source, mapping in LEGACY_MAPPED:
        for label, _ in DIMS_BY_NAME[source].shares:
            shown = mapping.get(label, label)
            key = (published, shown, count_of)
            cells[key] = cells.get(key, 0) + year.q.get(f"{source}:{label}", 0)
    for published, count_of, base, shares in LEGACY_DRAWN:
        draws = multinomial(rng, year.q[base], [s for _, s in shares])
        for (label, _), k in zip(shares, draws, strict=True):
            cells[(published, label, count_of)] = k
    cells[("TOTAL BABIES", "", "babies")] = year.q["babies"]
    cells[("TOTAL DELIVERIES", "", "deliveries")] = year.q["deliveries"]
    return cells


# ============================================================================================
# ODS etr.csv and succ.csv
# ============================================================================================


def _etr_row(code: str, name: str, region: str, icb: str, town: str, postcode: str,
             opened: str, closed: str) -> list[str]:
    gor = {r[0]: r[4] for r in REGIONS}[region]
    row = [code, name, region, icb, f"{town} HOSPITAL", "HOSPITAL ROAD", "", town, "", postcode,
           opened, closed] + [""] * 15
    row[21], row[23] = "0", gor
    return row


def etr_rows(world: World) -> list[list[str]]:
    merger = world.merger
    closed = (merger.effective_date - timedelta(days=1)).strftime("%Y%m%d")
    rows = []
    for code, t in sorted(world.trusts.items()):
        rows.append(_etr_row(code, t.name, t.region, t.icb, t.town, t.postcode, t.open_date,
                             closed if code in merger.predecessors else ""))
    old_code, old_name, region, icb, _ = world.historic
    rows.append(_etr_row(old_code, old_name, region, icb, old_name.split()[0], "ZZ1 1ZZ",
                         "19920401", "20190331"))
    return sorted(rows)


def succ_rows(world: World) -> list[list[str]]:
    merger = world.merger
    effective = merger.effective_date.strftime("%Y%m%d")
    rows = [[p, merger.successor, "", effective, "0"] for p in merger.predecessors]
    old_code, _, _, _, heir = world.historic
    rows.append([old_code, heir, "", "20190401", "0"])
    return sorted(rows)


# ============================================================================================
# Writing files
# ============================================================================================


def write_csv(path: Path, header: Sequence[str] | None, rows: Sequence[Sequence[str]],
              quote_all: bool = False) -> int:
    """Write rows (LF line ends, minimal quoting unless quote_all); return the data rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n",
                            quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
        if header is not None:
            writer.writerow(header)
        if quote_all:
            writer.writerows(rows)
        else:
            handle.write("".join(_minimal_line(row) for row in rows))
    return len(rows)


class _RowWriter:
    """Collects the text the csv module writes for one row."""

    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> int:
        self.text = text
        return len(text)


_QUOTER = _RowWriter()
_QUOTING_WRITER = csv.writer(_QUOTER, lineterminator="\n")


def _minimal_line(row: Sequence[str]) -> str:
    """A row as csv.QUOTE_MINIMAL writes it: a plain join unless a field needs quotes."""
    line = ",".join(row)
    if line.count(",") == len(row) - 1 and '"' not in line and "\n" not in line and (
            "\r" not in line):
        return line + "\n"
    _QUOTING_WRITER.writerow(row)
    return _QUOTER.text


@dataclass(frozen=True)
class SyntheticSummary:
    """What a generation wrote and the stories built into it."""

    out_dir: Path
    files: tuple[Path, ...]
    rows: dict[str, int]  # file name -> data rows
    months: tuple[str, ...]
    trusts: tuple[str, ...]  # every trust code (predecessors and successor included)
    merger: Merger
    improving: tuple[str, ...]
    deteriorating: tuple[str, ...]
    moving_measures: dict[str, tuple[str, ...]]  # "improving" / "deteriorating" -> CQIMs
    scale: str

    def lines(self) -> list[str]:
        m = self.merger
        return [
            f"synthetic: {len(self.files)} files in {self.out_dir} ({self.scale} scale, "
            f"{self.months[0]}..{self.months[-1]}, {sum(self.rows.values()):,} rows)",
            f"synthetic: {len(self.trusts)} trust codes; merger {' + '.join(m.predecessors)} -> "
            f"{m.successor} from {m.month}",
            f"synthetic: deteriorating {', '.join(self.deteriorating)} "
            f"({', '.join(self.moving_measures['deteriorating'])} rising)",
            f"synthetic: improving {', '.join(self.improving)} "
            f"({', '.join(self.moving_measures['improving'])} falling)",
        ]


def _monthly_files(world: World, sim: Simulator, out: Path, index: int, provisional: bool,
                   scale: str) -> dict[Path, int]:
    ym = month_at(world.start, index)
    stem = f"msds-{MONTH_ABBR[ym[1] - 1]}{ym[0]}{'Provisional' if provisional else ''}"
    folder = out / "msds_monthly"
    written = {}
    for suffix, header, rows in (
            ("exp-data", EXP_DATA_HEADER, exp_data(world, sim, index, provisional, scale)),
            ("exp-measures", EXP_MEASURES_HEADER, exp_measures(world, sim, index, provisional)),
            ("exp-dq", EXP_DQ_HEADER, exp_dq(world, sim, index, provisional))):
        path = folder / f"{stem}-{suffix}.csv"
        written[path] = write_csv(path, header, rows)
    return written


def _annual_files(world: World, sim: Simulator, out: Path, years: Sequence[str]) -> dict[
        Path, int]:
    written = {}
    for fy in years:
        path = out / "maternity_stats_annual" / f"hosp-epis-stat-mat-msdscsv-{fy}.csv"
        if fy == LEGACY_YEAR:
            written[path] = write_csv(path, LEGACY_ANNUAL_HEADER, legacy_annual_rows(world, sim))
        else:
            written[path] = write_csv(path, ANNUAL_HEADER, annual_rows(world, sim, fy))
    return written


def _ods_files(world: World, out: Path) -> dict[Path, int]:
    return {
        out / "ods" / "etr.csv": write_csv(out / "ods" / "etr.csv", None, etr_rows(world),
                                           quote_all=True),
        out / "ods" / "succ.csv": write_csv(out / "ods" / "succ.csv", None, succ_rows(world),
                                            quote_all=True),
    }


def _check_args(months: int, scale: str, annual_years: Sequence[str] | None) -> None:
    if months < 1:
        raise SyntheticArgumentError("months must be at least 1")
    if scale not in SCALES:
        raise SyntheticArgumentError(f"scale must be one of {SCALES}, not {scale!r}")
    for fy in annual_years or ():
        ok = len(fy) == 7 and fy[4] == "-" and fy[:4].isdigit() and fy[5:].isdigit()
        if not ok or int(fy[5:]) != (int(fy[:4]) + 1) % 100:
            raise SyntheticArgumentError(f"not a financial year: {fy!r} (like 2024-25)")


def generate(out_dir: Path, *, trusts: int = 20, start: str = "2024-01", months: int = 15,
             seed: int = 42, provisional_latest: bool = True, annual: bool = True,
             scale: str = "small", annual_years: Sequence[str] | None = None,
             progress: Callable[[str], None] | None = None) -> SyntheticSummary:
    """Write a synthetic raw-data folder and say what is in it.

    annual_years: financial years of annual files (default: those the range covers fully);
    "2019-20" is written in that year's own layout. progress: called with one line per month
    (defaults to printing at national scale, silent at small scale).
    """
    _check_args(months, scale, annual_years)
    if progress is None and scale == "national":
        progress = _print_line
    world = build_world(seed, trusts, parse_month(start), months)
    sim = Simulator(world)
    out_dir = Path(out_dir)
    written: dict[Path, int] = {}
    began = time.perf_counter()
    for index in range(months):
        written.update(_monthly_files(world, sim, out_dir, index, False, scale))
        if provisional_latest and index == months - 1:
            written.update(_monthly_files(world, sim, out_dir, index, True, scale))
        if progress is not None:
            progress(f"synthetic: {month_key(month_at(world.start, index))} written "
                     f"({time.perf_counter() - began:.1f}s)")
    if annual:
        years = list(annual_years) if annual_years is not None else years_covered(
            world.start, months)
        written.update(_annual_files(world, sim, out_dir, years))
    written.update(_ods_files(world, out_dir))
    (out_dir / SYNTHETIC_MARKER).write_text(
        "Written by nti.synthetic: synthetic data in the public layouts, not real NHS data.\n",
        encoding="utf-8",
    )
    return _summary(world, out_dir, written, scale)


def _print_line(line: str) -> None:
    print(line, flush=True)


def _summary(world: World, out_dir: Path, written: dict[Path, int],
             scale: str) -> SyntheticSummary:
    codes = sorted(world.trusts)
    return SyntheticSummary(
        out_dir=out_dir, files=tuple(written), rows={p.name: n for p, n in written.items()},
        months=tuple(month_key(month_at(world.start, i)) for i in range(world.months)),
        trusts=tuple(codes), merger=world.merger,
        improving=tuple(c for c in codes if world.trusts[c].trend == "improving"),
        deteriorating=tuple(c for c in codes if world.trusts[c].trend == "deteriorating"),
        moving_measures=dict(TREND_MEASURES), scale=scale)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m nti.synthetic",
        description="Write synthetic MSDS, maternity statistics and ODS files.")
    parser.add_argument("--out", required=True, help="folder to write (created if missing)")
    parser.add_argument("--trusts", type=int, default=20)
    parser.add_argument("--months", type=int, default=15)
    parser.add_argument("--start", default="2024-01", help="first month, YYYY-MM")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--scale", choices=SCALES, default="small")
    parser.add_argument("--no-provisional", action="store_true")
    parser.add_argument("--no-annual", action="store_true")
    parser.add_argument("--annual-years", nargs="*", default=None,
                        help="financial years of annual files, like 2019-20 2024-25")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    try:
        summary = generate(Path(args.out), trusts=args.trusts, start=args.start,
                           months=args.months, seed=args.seed,
                           provisional_latest=not args.no_provisional,
                           annual=not args.no_annual, scale=args.scale,
                           annual_years=args.annual_years)
    except SyntheticArgumentError as exc:
        print(f"synthetic: {exc}", file=sys.stderr)
        return 2
    for line in summary.lines():
        print(line)
    print(f"synthetic: done in {time.perf_counter() - began:.1f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
