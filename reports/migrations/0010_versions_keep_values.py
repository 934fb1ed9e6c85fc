"""Frozen submissions keep values, not words (reports/versions.py, format 2).

Snapshots written before kept the self-assessment as the words a page showed, in the
language of that page ("Good", or "Добро" from a Bulgarian page), and everything else under
"fields", "regions", "tables" and "sdgs". Each is rewritten as {"format": 2, "answers":
{key: value}}. Words are turned back into values with the labels of the time, in English and
Bulgarian, frozen here (a migration must not read today's code); a word no label matches is
kept as it is. The self-assessment's two tables were kept as numbered lines ("1. Name — Idea —
ERDF"): their cells are told apart by what they can be. The old regions were names only.
"""

import re

from django.db import migrations

LABELS = {'progress_rating': {'Very good': 'very_good', 'Good': 'good', 'Satisfactory': 'satisfactory', 'Insufficient': 'insufficient', 'Poor': 'poor', 'Много добро': 'very_good', 'Добро': 'good', 'Задоволително': 'satisfactory', 'Недостатъчно': 'insufficient', 'Слабо': 'poor'}, 'methodology_phase': {'Learn (scoping)': 'learn', 'Connect (mapping & matchmaking)': 'connect', 'Demonstrate (pilots, business cases)': 'demonstrate', 'Commercialise': 'commercialise', 'Scale-up': 'scale_up', 'Проучване (обхват)': 'learn', 'Свързване (картографиране и търсене на партньори)': 'connect', 'Демонстриране (пилотни проекти, бизнес казуси)': 'demonstrate', 'Комерсиализация': 'commercialise', 'Мащабиране': 'scale_up'}, 'continuation': {'Yes, as is': 'as_is', 'Yes, with changes (re-scoping, merger, new leadership)': 'with_changes', 'Undecided': 'undecided', 'No, the partnership will close': 'close', 'Да, в сегашния вид': 'as_is', 'Да, с промени (преразглеждане на обхвата, сливане, ново ръководство)': 'with_changes', 'Не е решено': 'undecided', 'Не, партньорството ще бъде закрито': 'close'}, 'outputs': {'Scoping note': 'scoping_note', 'Mapping of competences': 'mapping', 'Matchmaking results': 'matchmaking', 'Joint action plan/roadmap': 'action_plan', 'Governance agreement (MoU/ToR)': 'governance', 'Business cases/pilot projects': 'business_cases', 'Investment projects ready for funding': 'investment_ready', 'Бележка за обхвата': 'scoping_note', 'Картографиране на компетенциите': 'mapping', 'Резултати от търсенето на партньори': 'matchmaking', 'Съвместен план за действие/пътна карта': 'action_plan', 'Споразумение за управление (меморандум за разбирателство/технически задания)': 'governance', 'Бизнес казуси/пилотни проекти': 'business_cases', 'Инвестиционни проекти, готови за финансиране': 'investment_ready'}, 'changes': {'New lead/co-lead': 'new_lead', 'Regions joined': 'regions_joined', 'Regions left': 'regions_left', 'Merger with another partnership': 'merger', 'Re-scoping of theme': 'rescoping', 'None': 'none', 'Нов водещ/съводещ регион': 'new_lead', 'Присъединили се региони': 'regions_joined', 'Напуснали региони': 'regions_left', 'Сливане с друго партньорство': 'merger', 'Преразглеждане на обхвата на темата': 'rescoping', 'Няма': 'none'}, 'obstacles': {'Lack of funding for partnership management': 'management_funding', 'Limited staff capacity': 'staff', 'Low engagement of partner regions': 'partner_engagement', 'Low business involvement': 'business', 'Misaligned S3 priorities': 'priorities', 'Difficulty combining funds (ERDF, Horizon, Interreg, I3…)': 'combining_funds', 'Legal/administrative barriers': 'administrative', 'COVID-19 restrictions': 'covid', 'Липса на финансиране за управлението на партньорството': 'management_funding', 'Ограничен капацитет на персонала': 'staff', 'Слаба ангажираност на партньорските региони': 'partner_engagement', 'Слабо участие на бизнеса': 'business', 'Несъгласувани приоритети за интелигентна специализация': 'priorities', 'Трудности при съчетаването на средства (ЕФРР, „Хоризонт“, Interreg, I3…)': 'combining_funds', 'Правни/административни пречки': 'administrative', 'Ограничения, свързани с COVID-19': 'covid'}, 'support_needed': {'JRC/EC facilitation': 'facilitation', 'Expert support (scoping/mapping)': 'experts', 'TAF': 'taf', 'Thematic platform events': 'platform_events', 'Matchmaking with other partnerships': 'matchmaking', 'Access to finance advice': 'finance_advice', 'Visibility/communication': 'visibility', 'Съдействие от JRC/ЕК': 'facilitation', 'Експертна подкрепа (проучване на обхвата/картографиране)': 'experts', 'Събития на тематичните платформи': 'platform_events', 'Търсене на партньори сред други партньорства': 'matchmaking', 'Консултации за достъп до финансиране': 'finance_advice', 'Видимост/комуникация': 'visibility'}, 'governance_rows': {'The roles of lead and partner regions are clearly defined': 'roles_defined', 'Partner regions contribute actively': 'partners_active', 'Decision-making is effective': 'decisions_effective', 'The lead region(s) commit sufficient staff and resources': 'lead_resources', 'Internal communication is effective': 'communication', 'Industry/cluster involvement is adequate': 'industry', 'The political commitment of partner regions is confirmed': 'political_commitment', 'Ролите на водещите и партньорските региони са ясно определени': 'roles_defined', 'Партньорските региони допринасят активно': 'partners_active', 'Вземането на решения е ефективно': 'decisions_effective', 'Водещият регион (водещите региони) осигурява достатъчно персонал и ресурси': 'lead_resources', 'Вътрешната комуникация е ефективна': 'communication', 'Участието на бизнеса/клъстерите е достатъчно': 'industry', 'Политическата ангажираност на партньорските региони е потвърдена': 'political_commitment'}, 'governance_scale': {'Strongly agree': 'strongly_agree', 'Agree': 'agree', 'Neutral': 'neutral', 'Disagree': 'disagree', 'Strongly disagree': 'strongly_disagree', 'Not applicable': 'not_applicable', 'Напълно съгласен': 'strongly_agree', 'Съгласен': 'agree', 'Неутрален': 'neutral', 'Не съм съгласен': 'disagree', 'Изобщо не съм съгласен': 'strongly_disagree', 'Не се прилага': 'not_applicable'}, 'support_rows': {'JRC/EC facilitation': 'facilitation', 'Expert support (scoping/mapping)': 'experts', 'TAF': 'taf', 'ReConfirm': 'reconfirm', 'DG REGIO pilot action': 'pilot_action', 'Thematic platform events': 'platform_events', 'S3 Platform web page': 'web_page', 'Съдействие от JRC/ЕК': 'facilitation', 'Експертна подкрепа (проучване на обхвата/картографиране)': 'experts', 'Пилотно действие на ГД „Регионална и селищна политика“': 'pilot_action', 'Събития на тематичните платформи': 'platform_events', 'Уебстраница на платформата за интелигентна специализация (S3)': 'web_page'}, 'support_scale': {'Very useful': 'very_useful', 'Useful': 'useful', 'Not useful': 'not_useful', 'Not used': 'not_used', 'Много полезна': 'very_useful', 'Полезна': 'useful', 'Не е полезна': 'not_useful', 'Не е използвана': 'not_used'}, 'status': {'Idea': 'idea', 'In preparation': 'in_preparation', 'Submitted': 'submitted', 'Funded': 'funded', 'Running': 'running', 'Completed': 'completed', 'Идея': 'idea', 'В подготовка': 'in_preparation', 'Подаден': 'submitted', 'Финансиран': 'funded', 'В изпълнение': 'running', 'Завършен': 'completed'}, 'funding_source': {'ERDF': 'erdf', 'Interreg': 'interreg', 'Horizon 2020/Europe': 'horizon', 'I3': 'i3', 'DG REGIO pilot action': 'pilot_action', 'TAF': 'taf', 'National/regional': 'national', 'Private': 'private', 'Other': 'other', '„Хоризонт 2020“/„Хоризонт Европа“': 'horizon', 'Пилотно действие на ГД „Регионална и селищна политика“': 'pilot_action', 'Национално/регионално': 'national', 'Частно': 'private', 'Друго': 'other'}}

CHOICES = {"progress_rating", "methodology_phase", "continuation"}
MULTIPLE = {"outputs", "changes", "obstacles", "support_needed"}
MATRICES = {"governance": "governance", "support_usefulness": "support"}
ROW = re.compile(r"^\d+\. (.*)$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def value(words, labels):
    return labels.get(words, words)


def several(words, labels):
    """"Scoping note, Difficulty combining funds (ERDF, Horizon, Interreg, I3…)": labels may
    hold commas, so the longest label that starts the rest is taken each time."""
    values, rest = [], words
    by_length = sorted(labels, key=len, reverse=True)
    while rest:
        label = next((label for label in by_length if rest.startswith(label)), None)
        if label is None:
            values.append(rest)
            break
        values.append(labels[label])
        rest = rest[len(label) :].removeprefix(", ")
    return sorted(values)


def matrix(words, prefix):
    answers = {}
    for line in filter(None, words.split("\n")):
        statement, _sep, answer = line.rpartition(": ")
        answers[value(statement, LABELS[f"{prefix}_rows"])] = value(
            answer, LABELS[f"{prefix}_scale"]
        )
    return answers


def pipeline_row(cells):
    row = {"name": cells[0], "status": "", "funding_source": "", "amount_eur": "", "regions_involved": ""}
    for cell in cells[1:]:
        if cell in LABELS["status"]:
            row["status"] = LABELS["status"][cell]
        elif cell in LABELS["funding_source"]:
            row["funding_source"] = LABELS["funding_source"][cell]
        elif cell.isdigit():
            row["amount_eur"] = int(cell)
        else:
            row["regions_involved"] = cell
    return row


def milestone_row(cells):
    row = {"milestone": cells[0], "target_date": "", "responsible_region": ""}
    for cell in cells[1:]:
        row["target_date" if ISO_DATE.match(cell) else "responsible_region"] = cell
    return row


def table(words, make_row):
    rows = []
    for line in filter(None, words.split("\n")):
        match = ROW.match(line)
        if match:
            rows.append({"id": None, "cells": make_row(match[1].split(" — "))})
    return rows


def assessment_answer(key, words):
    if key in CHOICES:
        return value(words, LABELS[key])
    if key in MULTIPLE:
        return several(words, LABELS[key]) if words else []
    if key in MATRICES:
        return matrix(words, MATRICES[key])
    return words


def converted(content):
    answers = dict(content.get("fields", {}))
    for role, names in content.get("regions", {}).items():
        answers[f"regions:{role}"] = [{"id": None, "name": name, "unit": None} for name in names]
    answers |= content.get("tables", {})
    answers["sdgs"] = content.get("sdgs", {})
    for entry in content.get("self_assessment", []):
        question, words = entry[0], entry[1]
        key = entry[2] if len(entry) > 2 else question
        if key == "pipeline_projects":
            answers["pipeline"] = table(words, pipeline_row)
        elif key == "milestones":
            answers["milestones"] = table(words, milestone_row)
        else:
            answers[f"self_assessment:{key}"] = assessment_answer(key, words)
    return {"format": 2, "answers": answers}


def keep_values(apps, schema_editor):
    ReportVersion = apps.get_model("reports", "ReportVersion")
    for version in ReportVersion.objects.all():
        if version.content.get("format") != 2:
            version.content = converted(version.content)
            version.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0009_region_match_constraint"),
    ]

    operations = [
        # Words cannot be made again from values in the language they were in: no way back.
        migrations.RunPython(keep_values, migrations.RunPython.noop),
    ]
