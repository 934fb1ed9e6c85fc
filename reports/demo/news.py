"""The news article of seeds 000 (English) and 001 (Bulgarian), attached to Cybersecurity.

The texts are the seeds' verbatim. Left out is what belongs to the web page rather than the
article: the English page's repeated short heading, its "Share this article on social media"
and "Recent Posts", and the no-break spaces its editor scattered through the text.
"""

# Verbatim paragraphs stay on one line each, so they can be compared with the seed by eye.
# ruff: noqa: E501

import datetime

SLUG = "ecso-cybersecurity-in-regional-ecosystems"

# The seeds carry no date. The side event was held during the European Week of Regions and
# Cities and the European Cybersecurity Month, both in October; the year is a guess.
PUBLISHED_ON = datetime.date(2021, 10, 22)

EN_TITLE = "ECSO focuses on cybersecurity in regional ecosystems at the European Week of Regions and Cities and the European Cybersecurity Month"

EN_LEAD = """\
As an Advisory and Communication Partner of the Interreg Europe CYBER project, ECSO brought together cybersecurity experts from the European Commission, European Parliament, the project’s lead partner and seven regions with their related territorial agencies, the Institute for Business Competitiveness (ICE), TIIN Capital and Le Poool/La French Tech Rennes Saint-Malo to promote and highlight the role of regions in advancing Europe’s cybersecurity strategy."""

EN_BODY = """\
Despite their great cybersecurity potential, their capacity in building trust amongst local cybersecurity stakeholders and establish effective response mechanisms and preventive measures against cyberthreats, European regions often hold a backseat position in Europe’s cybersecurity framework. With cybersecurity becoming an even more important aspect in the daily lives of European citizens, regional ecosystems play even more a crucial role in shaping the future European Digital Innovation, which is why ECSO, through the Interreg Europe CYBER project, hosted a side event at the European Week of Regions and Cities and the European Cybersecurity Month.

High level speakers discussed lessons learned from Interreg Europe Cyber and future ambitions to consolidate the European cybersecurity market, and shared ideas on how the European Union can foster inter-regional cooperation, how private investors use scouting for local opportunities and the need for European cooperation to support the growth of cybersecurity companies.

“This event proved that we need something for which we at ECSO have long been advocating: cooperation and coordination for common added value and defragmentation”, said Luigi Rebuffi, ECSO Secretary General. “Cooperation among European regions and coordination with other cybersecurity stakeholders is key, not only because we can all learn from each other, but also because we can approach joint investments. Partnerships and coordination are needed to overcome the current fragmentation at European level in cybersecurity and to help SMEs and startups to scale up and enter the European and global market”, he added.

The ECSO team is already working on a set of initiatives moving towards this direction, the last one being the launch with the European Investment Bank and the European Commission of a feasibility study on the design and set-up of a European Cybersecurity Investment Platform (ECIP).

The event closed with a pitch session, introducing the good practices, policy experiences of the Interreg Europe CYBER project partners and B2B networking sessions.

To stay up to date with the latest news on cohesion policies at regional level, follow Interreg Europe CYBER on Twitter."""

BG_TITLE = "ECSO се фокусира върху киберсигурността в регионалните екосистеми по време на Европейската седмица на регионите и градовете и Европейския месец на киберсигурността"

BG_LEAD = """\
Като консултативен и комуникационен партньор на проекта Interreg Europe CYBER, ECSO събра експерти по киберсигурност от Европейската комисия, Европейския парламент, водещия партньор на проекта и седем региона със свързаните с тях териториални агенции, Института за бизнес конкурентоспособност (ICE), TIIN Capital и Le Poool/La French Tech Rennes Saint-Malo за популяризиране и подчертаване на ролята на регионите в напредването на стратегията за киберсигурност на Европа."""

BG_BODY = """\
Въпреки големия си потенциал за киберсигурност, капацитета си за изграждане на доверие сред местните заинтересовани страни в областта на киберсигурността и създаване на ефективни механизми за реагиране и превантивни мерки срещу киберзаплахите, европейските региони често заемат задната позиция в рамката за киберсигурност на Европа.

Тъй като киберсигурността се превръща в още по-важен аспект в ежедневния живот на европейските граждани, регионалните екосистеми играят още по-важна роля за оформянето на бъдещата европейска цифрова иновация, поради което ECSO, чрез проекта Interreg Europe CYBER, беше домакин на съпътстващо събитие на Европейската седмица на регионите и градовете и Европейския месец на киберсигурността. Говорителите на високо ниво обсъдиха извлечените поуки от Interreg Europe Cyber и бъдещите амбиции за консолидиране на европейския пазар на киберсигурност и споделиха идеи за това как Европейският съюз може да насърчи междурегионалното сътрудничество, как частните инвеститори използват скаутирането за местни възможности и необходимостта от европейско сътрудничество за подкрепят растежа на компаниите за киберсигурност.

„Това събитие доказа, че имаме нужда от нещо, за което ние от ECSO отдавна се застъпваме: сътрудничество и координация за обща добавена стойност и дефрагментация“, каза Луиджи Ребуфи, генерален секретар на ECSO.

„Сътрудничеството между европейските региони и координацията с други заинтересовани страни в областта на киберсигурността е от ключово значение, не само защото всички можем да се учим един от друг, но и защото можем да подходим към съвместни инвестиции. Необходими са партньорства и координация, за да се преодолее настоящата фрагментация на европейско ниво в областта на киберсигурността и да се помогне на МСП и стартиращи фирми да се разширят и да навлязат на европейския и глобалния пазар“, добави той.

Екипът на ECSO вече работи по набор от инициативи, които се движат в тази посока, като последната е стартирането с Европейската инвестиционна банка и Европейската комисия на проучване за осъществимост за проектиране и създаване на Европейска инвестиционна платформа за киберсигурност (ECIP ).

Събитието завърши с питч сесия, представяща добрите практики, политическия опит на партньорите по проекта Interreg Europe CYBER и B2B сесии за работа в мрежа."""

# language: (title, lead, body)
TRANSLATIONS = {
    "en": (EN_TITLE, EN_LEAD, EN_BODY),
    "bg": (BG_TITLE, BG_LEAD, BG_BODY),
}
