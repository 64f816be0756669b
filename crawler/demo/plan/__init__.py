"""The demo's editorial plan: which articles each demo site carries, where, and the truth
about each one. Pages are rendered from this plan by :mod:`crawler.demo.layouts`.

All dates are fixed (January to March 2025, Beijing time); URLs carry no port.

Shared types live in :mod:`~crawler.demo.plan.common`, each site family's plan in its own
module (:mod:`~crawler.demo.plan.portal` with the Big5 mirror, :mod:`~crawler.demo.plan.province`,
:mod:`~crawler.demo.plan.city`).
"""

from __future__ import annotations

from crawler.demo.plan.city import CITY_CHANNELS, plan_city
from crawler.demo.plan.common import (
    CITY,
    CITY_HOST,
    MIRROR,
    MIRROR_HOST,
    PORTAL,
    PORTAL_HOST,
    PROVINCE,
    PROVINCE_HOST,
    SITE_INFOS,
    TZ,
    Channel,
    Plan,
    PlannedArticle,
)
from crawler.demo.plan.portal import MIRRORED_CHANNEL, PORTAL_CHANNELS, plan_mirror, plan_portal
from crawler.demo.plan.province import PROVINCE_CHANNELS, plan_province
from crawler.demo.seed import load_seed

__all__ = [
    "CITY",
    "CITY_CHANNELS",
    "CITY_HOST",
    "MIRROR",
    "MIRRORED_CHANNEL",
    "MIRROR_HOST",
    "PORTAL",
    "PORTAL_CHANNELS",
    "PORTAL_HOST",
    "PROVINCE",
    "PROVINCE_CHANNELS",
    "PROVINCE_HOST",
    "SITE_INFOS",
    "TZ",
    "Channel",
    "Plan",
    "PlannedArticle",
    "build_plan",
]


def build_plan() -> Plan:
    """The demo's articles, all four sites."""
    seed = load_seed()
    portal = plan_portal(seed)
    plan = Plan(
        portal=portal,
        mirror=plan_mirror(portal),
        province=plan_province(portal),
        city=plan_city(portal, seed),
        seed=seed,
    )
    for site_articles in (plan.portal, plan.province, plan.city):
        paths = [article.path for article in site_articles]
        if len(set(paths)) != len(paths):
            raise AssertionError("two demo articles of one site share a URL")
    return plan
