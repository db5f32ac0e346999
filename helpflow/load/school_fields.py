"""Every fact a school file may state, declared once, like a Material plugin's ``config.py``.

From this table come the loader (``helpflow.load.school``), the README's table of
school fields and the JSON Schema (``helpflow.load.school_schema``), and what a built
language's site is keyed by (``helpflow.build.inputs``). A new school fact is one
``Field`` here and one attribute of ``School``: nothing else names it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from helpflow.load.options import Choice, Field, Flag, Group, Items, LocalText, Number, Pattern, Text, leaves
from helpflow.load.school_options import Color, EmailAddress, FlowTexts, LogoFile, Phone, PlatformName, SiteUrl
from helpflow.model.school import DEFAULT_COLORS, Accessibility, School
from helpflow.model.usernames import FORMAT, UsernameRule

if TYPE_CHECKING:
    from helpflow.load.content import Content

ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
EMAIL = (rf"(?=[^@]{{1,64}}@){ATEXT}(?:\.{ATEXT})*@[A-Za-z0-9](?:[A-Za-z0-9-]{{0,61}}[A-Za-z0-9])?"
         r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+")
"""An address a mail program sends to: a name of at most 64 characters, its dots between
characters (RFC 5321's dot-atom), then a host name."""
DNS_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
COLOR = r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})"
TEXT_MAX = 1000
"""A school's own text: a few sentences. The model's longest is about 260 characters; far
longer is a pasted page, and would not fit a diagram's label (Graphviz stops at 16 KB)."""
WORD_MAX = 40
"""The longest run a line cannot break in that a text may have (``options.Text``): less
than a phone's line and a handout's column, so that the text wraps instead of running past
the edge. A web address breaks after each slash, so its parts count, not the whole."""
NONE: Mapping[str, Any] = MappingProxyType({})
"""The default of a mapping a school need not give (no hours, no texts of its own)."""


@dataclass(frozen=True)
class Declarations:
    """The fields of a school file and the value they make."""

    makes: type[School]
    fields: tuple[Field[Any], ...]

    def shown(self, school: School, lang: str) -> dict[str, Any]:
        """The school as its ``lang`` site can show it, for that site's key: every declared
        fact (per-language texts in ``lang`` only) and the slug, which names its folder."""
        return {"slug": school.slug} | {f.name: f.option.in_language(getattr(school, f.name), lang)
                                        for f in leaves(self.fields)}


def _every_language(content: Content) -> tuple[str, ...]:
    return tuple(content.languages)


def _platform_languages(content: Content) -> tuple[str, ...]:
    return tuple(content.languages.platform)


def _email_given(content: Content) -> tuple[str, ...]:
    return tuple(content.email_given_choices)


def _flows(content: Content) -> tuple[str, ...]:
    return tuple(content.flows)


COLORS = (
    Field("primary", Color(pattern=COLOR, what="is not a colour like #rgb or #rrggbb", collapse=False),
          "The header's and buttons' colour (text on it stays readable: helpflow checks the contrast).",
          '"#0b5fff"', default=DEFAULT_COLORS["primary"],
          nl="Kleur van de kop en de knoppen.", fr="Couleur de l'en-tête et des boutons."),
    Field("accent", Color(pattern=COLOR, what="is not a colour like #rgb or #rrggbb", collapse=False),
          "The colour of links and highlights.", '"#ff6d00"', default=DEFAULT_COLORS["accent"],
          nl="Kleur van links en accenten.", fr="Couleur des liens et des accents."),
)
USERNAME = (
    Field("format", Pattern(pattern=r"(?=.*\{(?:first|last)\})" + FORMAT.pattern.removeprefix("^").removesuffix("$"),
                            what="is not a username format", most=40),
          "Where the child's first and last name go: {first} and {last} with letters, digits, '.', '_' or '-'.",
          '"{first}.{last}"', default=UsernameRule.format,
          nl="Waar voor- en achternaam van het kind staan.", fr="Où vont le prénom et le nom de l'enfant."),
    Field("accents", Choice(lambda _: ("keep", "strip"), "a choice"),
          "keep (Zoë stays zoë) or strip (Zoë becomes zoe).", "strip", default=UsernameRule.accents,
          default_help="not stated: the username helper's own",
          nl="keep: accenten blijven; strip: accenten vallen weg.", fr="keep : accents gardés ; strip : retirés."),
    Field("special", Choice(lambda _: ("keep", "drop"), "a choice"),
          "keep or drop hyphens, apostrophes and other characters that are no letter or digit.", "drop",
          default=UsernameRule.special, default_help="not stated: the username helper's own",
          nl="keep of drop: koppeltekens en apostrofs.", fr="keep ou drop : traits d'union, apostrophes."),
)
CONTACT = (
    Field("phone", Phone(pattern=r"\+?[0-9][0-9 ./()-]{5,24}", what="is not a phone number", most=25),
          "The secretariat's phone number, shown where a parent is sent to the school.", '"+32 9 123 45 67"',
          default="", nl="Telefoonnummer van het secretariaat.", fr="Numéro de téléphone du secrétariat."),
    Field("hours", LocalText(Text(most=120, word=WORD_MAX)),
          "When the secretariat answers the phone: one text, or one per language.",
          '{nl: "maandag tot vrijdag, 8 tot 16 uur", fr: "du lundi au vendredi, de 8 à 16 h", '
          'en: "Monday to Friday, 8 am to 4 pm"}',
          default=NONE,
          nl="Wanneer het secretariaat de telefoon opneemt; per taal mag.",
          fr="Heures où le secrétariat répond ; par langue possible."),
)
ACCESSIBILITY = (
    Field("contact", EmailAddress(pattern=EMAIL, what="is not an e-mail address", most=254, word=254),
          "Who answers questions about the site's accessibility.", "toegankelijkheid@sintjozef.be",
          default="", default_help="the secretariat's address (email)",
          nl="Wie vragen over de toegankelijkheid beantwoordt.", fr="Qui répond aux questions d'accessibilité."),
    Field("reply_days", Number(1, 60), "Within how many days that contact answers.", "7",
          default=Accessibility.reply_days, nl="Binnen hoeveel dagen u antwoordt.",
          fr="Dans combien de jours vous répondez."),
)

FIELDS: tuple[Field[Any], ...] = (
    Field("name", Text(most=120, word=WORD_MAX), "The school's name, shown on every page.", "Sint-Jozefscollege",
          required=True, nl="Naam van de school, op elke pagina.", fr="Nom de l'école, sur chaque page."),
    Field("smartschool", PlatformName(pattern=DNS_LABEL,
                                      what="is not a platform name (a-z, 0-9 and hyphens, 1 to 63 characters, "
                                           "no hyphen first or last)", most=200, word=200),
          "The platform's name, as in <name>.smartschool.be: ask the school, never guess it.", "sintjozef",
          required=True, nl="Naam van uw platform: <naam>.smartschool.be.", fr="Nom de votre plateforme : "
          "<nom>.smartschool.be."),
    Field("email", EmailAddress(pattern=EMAIL, what="is not an e-mail address", most=254, word=254),
          "The secretariat's address, for \"Mail naar de school\".", "secretariaat@sintjozef.be", required=True,
          nl="E-mailadres van het secretariaat.", fr="Adresse e-mail du secrétariat."),
    Field("site_url", SiteUrl(most=200, word=200), "Where the site is published: an https:// address.",
          "https://help.sintjozef.be/", required=True, nl="Waar de site komt te staan (https://).",
          fr="Où le site sera publié (https://)."),
    Field("platform_language", Choice(_platform_languages, "a Smartschool language"),
          "The language of the school's Smartschool screens: buttons are quoted in it.", "nl",
          default=lambda content: content.languages.platform[0], default_help="the first Smartschool language",
          nl="Taal van uw Smartschool-schermen.", fr="Langue de vos écrans Smartschool."),
    Field("languages", Items(_every_language, "language", "is not available"),
          "The site's languages; the first is the default.", "[nl, fr, en]",
          default=_every_language, default_help="every language",
          nl="Talen van de site; de eerste is de standaard.", fr="Langues du site ; la première par défaut."),
    Field("colors", Group(COLORS), "The school's colours.", '{primary: "#0b5fff", accent: "#ff6d00"}',
          nl="Kleuren van de school.", fr="Couleurs de l'école."),
    Field("logo", LogoFile(), "An SVG or PNG beside this file, shown in the header.",
          "sintjozef.svg", nl="Logo (SVG of PNG) naast dit bestand.", fr="Logo (SVG ou PNG) à côté de ce fichier."),
    Field("email_given", Choice(_email_given, "a choice"),
          "Where parents gave their e-mail address: at the first sign-in or at enrolment.", "enrolment",
          default=lambda content: content.email_given_choices[0], default_help="first-login",
          nl="Waar ouders hun e-mailadres opgaven.", fr="Où les parents ont donné leur adresse e-mail."),
    Field("flows", Items(_flows, "flow", "is not a flow"),
          "The flows this school publishes, in the order its help centre lists them.",
          "[wachtwoord-vergeten, co-account-activeren]", default_help="every flow that holds for the school",
          nl="Welke stappenplannen de school publiceert.", fr="Les parcours que l'école publie."),
    Field("username", Group(USERNAME, make=UsernameRule), "How this school makes its pupils' usernames.",
          '{format: "{first}.{last}", accents: strip, special: drop}',
          nl="Hoe de school gebruikersnamen maakt.", fr="Comment l'école forme les noms d'utilisateur."),
    Field("contact", Group(CONTACT, needs={"hours": "phone"}), "The secretariat's phone line, optional.",
          '{phone: "+32 9 123 45 67", hours: "maandag tot vrijdag, 8 tot 16 uur"}',
          nl="Telefoon en uren van het secretariaat.", fr="Téléphone et heures du secrétariat."),
    Field("texts", FlowTexts(LocalText(Text(most=TEXT_MAX, word=WORD_MAX))),
          "The school's own wording of any text of a flow: one text, or one per language.",
          '{wachtwoord-vergeten: {title: {nl: "...", fr: "...", en: "..."}}}', default=NONE,
          nl="Eigen tekst in plaats van die van het model.", fr="Vos propres textes à la place de ceux du modèle."),
    Field("accessibility", Group(ACCESSIBILITY, make=Accessibility),
          "The accessibility statement's contact and reply time.", "{contact: toegankelijkheid@sintjozef.be, "
          "reply_days: 7}", nl="Contact en antwoordtermijn van de toegankelijkheidsverklaring.",
          fr="Contact et délai de réponse de la déclaration d'accessibilité."),
    Field("statistics", Flag(), "Count the outcomes parents reach in the widget, by a request to the site itself "
          "(no cookie, nothing stored, no other site): the host's access log then holds them.", "true",
          default=False, nl="Bereikte uitkomsten tellen in het toegangslogboek (geen cookies).",
          fr="Compter les résultats atteints dans le journal d'accès (sans cookies)."),
)

SCHOOL_FILE = Declarations(School, FIELDS)
