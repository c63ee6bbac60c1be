"""Where everything of the mesh poster goes, in millimetres, before anything is rendered.

Competences stand in two columns, grouped by phase in the referential's order (people find
them by number); actors stand between them, grouped by type, each group placed as near as it
can to the competences it holds (barycentres over the networkx graph, then the
pool-adjacent-violators rule so that groups never overlap). Every label is wrapped and
stacked from the font's own metrics, so labels cannot collide. The same input always gives
the same drawing: no randomness, every tie broken by name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from ...lecture import fold
from ...impression.theme import ACTEUR, phase_identite
from ...impression.typography import NBSP, nbsp_punctuation, plural
from .graph import TYPES, Maillage, MeshCompetence, node_id
from .metrics import line_height, metrics

MARGIN = 12.0
GROUP_TITLES = {
    "collectivité": "Collectivités",
    "association": "Associations",
    "entreprise": "Entreprises",
    "service public": "Services publics",
    "habitant·e": "Habitantes et habitants",
    "autre": "Autres acteurs",
}
SHORT_GROUP_TITLES = GROUP_TITLES | {"service public": "Services publ.", "habitant·e": "Habitant·es", "autre": "Autres"}  # narrow columns
# Body sizes tried, largest first: (competence labels, actor names, panel text). 10 pt at the
# printed size is the floor, on every format (a mesh too full for it flows onto more pages).
SIZES = [(11.0, 11.0, 10.5), (10.5, 10.5, 10.0), (10.0, 10.0, 10.0)]  # the panel gives way first
MIN_PT = 10.0
SMALL_PT = MIN_PT  # counts, measures, « seul pour … », the foot
HEAD_PT = 12.0  # headings of the panel; phase bands and actor groups 1 pt less (shrunk to MIN_PT when narrow)
REFERENCE_INNER = 396.0  # the A3 page's width inside its margins: narrower canvases scale their columns


@dataclass(frozen=True)
class Text:
    """Lines stacked down from (x, y), the top of the first line; ``lead`` is set in bold at
    the start of the first line (an id)."""

    x: float
    y: float
    lines: tuple[str, ...]
    size: float
    style: str = "texte"
    bold: bool = False
    lead: str = ""
    ref: str = ""  # the node it labels

    @property
    def height(self) -> float:
        return len(self.lines) * line_height(self.size)

    @property
    def width(self) -> float:
        tm = metrics()
        widths = [tm.width(line, self.size, self.bold) for line in self.lines]
        if self.lead:
            widths[0] += tm.width(self.lead + " ", self.size, True)
        return max(widths)


@dataclass(frozen=True)
class Mark:
    forme: str
    x: float  # top-left of the size × size box
    y: float
    size: float
    style: str  # identity key: p1…, acteur


@dataclass(frozen=True)
class Fill:
    """A filled box of the drawing (a band, an actor's box, a badge): a styled shape, not the
    millimetre rectangle of the layouts (cartes.imposition.Rect)."""

    x: float
    y: float
    w: float
    h: float
    style: str  # bande-p1…, acteur, acteur-seul, badge, badge-fragile
    ref: str = ""


@dataclass(frozen=True)
class Curve:
    d: str  # SVG path data, mm
    style: str  # détenue, partielle, nouveau, perdu
    phase: int
    acteur: str
    competence: str


@dataclass
class Drawing:
    width: float
    height: float
    texts: list[Text] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    rects: list[Fill] = field(default_factory=list)
    curves: list[Curve] = field(default_factory=list)
    anchors: dict[str, tuple[float, float]] = field(default_factory=dict)  # node id → link end
    fits: bool = True
    sizes: tuple[float, float, float] = SIZES[0]
    columns: int = 1
    head_pt: float = HEAD_PT


class _Flow:
    """Rows (a heading and its lines, or one item) poured into columns, top to bottom, on the
    drawing ``d``; past the last column, onto a new page when ``next_page`` gives one
    (its drawing, top and bottom), else the flow no longer fits."""

    def __init__(self, d: Drawing, x: float, y: float, width: float, gap: float, columns: int, bottom: float, next_page=None) -> None:
        self.d = d
        self.x0, self.y0, self.width, self.gap, self.columns, self.bottom = x, y, width, gap, columns, bottom
        self.next_page = next_page
        self.column = 0
        self.y = y
        self.fits = True

    def place(self, height: float, keep: float = 0.0) -> tuple[float, float]:
        """Top-left of a row of ``height``; ``keep`` more must fit after it (a heading with its first line)."""
        if self.y + height + keep > self.bottom and self.y > self.y0:
            self.column += 1
            self.y = self.y0
        if self.column >= self.columns and self.next_page is not None:
            self.d, self.y0, self.bottom = self.next_page()
            self.column, self.y = 0, self.y0
        if self.column >= self.columns or self.y + height > self.bottom:
            self.fits = False
        x = self.x0 + self.column * (self.width + self.gap)
        top = self.y
        self.y += height
        return x, top

    def skip(self, height: float) -> None:
        if self.y > self.y0:
            self.y += height


def _pav(blocks: list[tuple[float, float]], top: float, bottom: float) -> list[float]:
    """Tops of rigid blocks kept in order, without overlap, inside [top, bottom], as near as
    possible (least squares) to each block's wanted top; blocks are (wanted top, height).

    With z_i = y_i − (heights before i) the constraints become z non-decreasing: an isotonic
    regression (pool adjacent violators), then clamped to the frame."""
    offsets, run = [], 0.0
    for _, h in blocks:
        offsets.append(run)
        run += h
    pools: list[list[float]] = []  # [mean, weight, count]
    for (want, _), off in zip(blocks, offsets, strict=True):
        pools.append([want - off, 1.0, 1])
        while len(pools) > 1 and pools[-2][0] > pools[-1][0]:
            b = pools.pop()
            a = pools[-1]
            a[0] = (a[0] * a[1] + b[0] * b[1]) / (a[1] + b[1])
            a[1] += b[1]
            a[2] += b[2]
    high = max(top, bottom - run)
    z = [min(max(mean, top), high) for mean, _, count in pools for _ in range(int(count))]
    return [zi + off for zi, off in zip(z, offsets, strict=True)]


def layout_maillage(m: Maillage, width: float = 594.0, height: float = 420.0, credit: str = "", when: str = "", head_pt: float = HEAD_PT, panel: bool = True) -> Drawing:
    """The first arrangement, from the largest text and fewest actor columns, that fits the page.
    ``head_pt``: the headings' size (larger on a canvas that a wall poster scales up); without
    ``panel``, the network alone (a mesh on several pages has its measures on pages of their own)."""
    fallback = None
    g = m.graph()
    for columns in (1, 2, 3, 4):
        for sizes in SIZES:
            attempt = _layout(m, width, height, sizes, columns, credit, when, g, head_pt, panel)
            if attempt.fits:
                return attempt
            if fallback is None and columns == 1 and sizes == SIZES[-1]:
                fallback = attempt
    # Nothing fits (a lone competence whose text and holders overflow a page: panels.py shares
    # its holders out first): one column of actors at the smallest sizes, the widest labels.
    assert fallback is not None
    return fallback


def _layout(
    m: Maillage, W: float, H: float, sizes: tuple[float, float, float], k: int, credit: str, when: str, g: nx.Graph | None = None,
    head_pt: float = HEAD_PT, panel: bool = True,
) -> Drawing:
    tm = metrics()
    comp_pt, actor_pt, panel_pt = sizes
    d = Drawing(W, H, sizes=sizes, columns=k, head_pt=head_pt)
    inner = W - 2 * MARGIN
    unit = min(1.0, inner / REFERENCE_INNER)  # a canvas narrower than A3 narrows its columns alike

    reliees = m.reliees
    y = _header(d, m, when, head_pt)
    y = _legend(d, m, y, inner, panel_pt)

    # ---------------------------------------------------------- columns
    net_top = y + 5.0
    actor_w = (110.0 if k == 1 else 66.0) * unit
    actor_gap = 6.0 * unit
    centre_w = k * actor_w + (k - 1) * actor_gap
    comp_w = min(150.0, (inner - centre_w - 2 * 40.0 * unit) / 2)
    if comp_w < 40.0:  # too many actor columns for this canvas: not this arrangement
        d.fits = False
        comp_w = 40.0
    link_gap = (inner - centre_w - 2 * comp_w) / 2
    left_x = MARGIN
    right_x = W - MARGIN - comp_w
    centre_x = MARGIN + comp_w + link_gap

    items = _competence_items(m, reliees, comp_w - 13.0, comp_pt)
    left, right = _split(items)
    for side, column in (("gauche", left), ("droite", right)):
        _place_competences(d, m, column, left_x if side == "gauche" else right_x, comp_w, net_top, side, comp_pt, head_pt)
    comp_bottom = max([t.y + t.height for t in d.texts if t.ref.startswith("C:")] + [net_top])

    # ---------------------------------------------------------- actors
    g = g if g is not None else m.graph()
    actor_bottom = _place_actors(d, m, g, centre_x, actor_w, actor_gap, k, net_top, max(comp_bottom, net_top), actor_pt, head_pt)
    net_bottom = max(comp_bottom, actor_bottom)

    # ---------------------------------------------------------- links
    _links(d, m)

    # ---------------------------------------------------------- panel and foot
    foot_y = _foot(d, credit)
    if not m.liens:
        empty = "Aucun acteur n’est encore cité comme détenteur d’une compétence."
        d.texts.append(Text(MARGIN, net_top, (empty,), 16.0, "discret"))
        net_bottom = net_top + line_height(16.0)
    panel_top = net_bottom + 8.0
    bottom = foot_y - 3.0
    if not panel:
        d.fits = d.fits and net_bottom <= bottom
        return d
    # Balanced columns: the shortest panel that still holds everything (a few dry runs).
    low, high = panel_top + 20.0, bottom
    if not d.fits or not _panel(Drawing(W, H), m, panel_top, high, inner, panel_pt, head_pt):
        d.fits = False  # not this arrangement: the next one is tried
        return d
    for _ in range(8):
        mid = (low + high) / 2
        if _panel(Drawing(W, H), m, panel_top, mid, inner, panel_pt, head_pt):
            high = mid
        else:
            low = mid
    d.fits = _panel(d, m, panel_top, high, inner, panel_pt, head_pt)
    return d


def _header(d: Drawing, m: Maillage, when: str, head_pt: float) -> float:
    """The title, the territory and the subtitle (with ``when``: the date, the page); the y under them."""
    tm = metrics()
    W = d.width
    inner = W - 2 * MARGIN
    # The kit's poster rule: titles ≥ 48 pt at A3, scaled with the format (68 pt at A2).
    f = W / 594.0
    # On a wall poster's canvas (larger headings, scaled ×2.4): 48 pt printed, the room goes to the mesh.
    title, title_pt = "Le maillage des acteurs", 68.0 * f if head_pt <= HEAD_PT else 20.0
    title_w = tm.width(title, title_pt, bold=True)
    d.texts.append(Text(MARGIN, MARGIN, (title,), title_pt, "titre", bold=True))
    subtitle = (
        f"«{NBSP}Qui, sur notre territoire, détient cette compétence{NBSP}?{NBSP}» — {plural(len(m.acteurs), 'acteur', space=NBSP)}{NBSP}; "
        f"{len(m.reliees)} compétences détenues sur {len(m.competences)}"
    )
    territoire = m.territoire or "Le territoire"
    side_x = MARGIN + title_w + 10.0
    side_w = W - MARGIN - side_x
    name_pt, sub_pt = max(24.0 * f, head_pt), max(15.0 * f, MIN_PT)
    name = _wrap(tm, territoire, side_w, name_pt, bold=True) if side_w > 120.0 else []
    sub = _wrap(tm, subtitle, side_w, sub_pt) + _wrap(tm, when, side_w, sub_pt) * bool(when) if name else []
    side_h = len(name) * line_height(name_pt) + len(sub) * line_height(sub_pt)
    if name and side_h <= line_height(title_pt) + 2.0:
        # Beside the title, its last line on the title's baseline side.
        y0 = MARGIN + line_height(title_pt) - side_h
        d.texts.append(Text(side_x, y0, tuple(name), name_pt, "titre", bold=True))
        d.texts.append(Text(side_x, y0 + len(name) * line_height(name_pt), tuple(sub), sub_pt, "discret"))
        y = MARGIN + line_height(title_pt) + 3.0
    else:  # a long territory name: under the title
        y = MARGIN + line_height(title_pt)
        name = _wrap(tm, territoire, inner, name_pt, bold=True)
        d.texts.append(Text(MARGIN, y, tuple(name), name_pt, "titre", bold=True))
        y += len(name) * line_height(name_pt)
        sub = _wrap(tm, subtitle + (f" · {when}" if when else ""), inner, sub_pt)
        d.texts.append(Text(MARGIN, y, tuple(sub), sub_pt, "discret"))
        y += len(sub) * line_height(sub_pt) + 3.0
    return y


def _foot(d: Drawing, credit: str) -> float:
    """The credit at the foot, wrapped; its top."""
    tm = metrics()
    foot = _wrap(tm, credit, d.width - 2 * MARGIN, SMALL_PT) if credit else []
    foot_y = d.height - MARGIN + 1.0 - max(1, len(foot)) * line_height(SMALL_PT)
    if foot:
        d.texts.append(Text(MARGIN, foot_y, tuple(foot), SMALL_PT, "discret"))
    return foot_y


def panel_pages(m: Maillage, width: float, height: float, credit: str, when_of, head_pt: float = HEAD_PT) -> list[Drawing]:
    """The measures and lists of a mesh on several pages, on pages of their own (as many as
    they need): each with the title, ``when_of(i)`` (its date and page label) and the credit."""
    pages: list[Drawing] = []

    def new_page() -> tuple[Drawing, float, float]:
        d = Drawing(width, height, sizes=SIZES[0], head_pt=head_pt)
        top = _header(d, m, when_of(len(pages)), head_pt) + 5.0
        bottom = _foot(d, credit) - 3.0
        pages.append(d)
        return d, top, bottom

    d, top, bottom = new_page()
    _panel(d, m, top, bottom, width - 2 * MARGIN, SIZES[0][2], head_pt, new_page)
    return pages


def _legend(d: Drawing, m: Maillage, y: float, inner: float, pt: float) -> float:
    tm = metrics()
    lh = line_height(pt)
    x = MARGIN
    entries: list[tuple[str, str, float]] = []  # (kind, text, width of the sample)
    for numero, nom in m.phases.items():
        entries.append((f"phase:{numero}", f"{numero} {nom}", 5.0))
    entries.append(("lien:détenue", "détenue", 12.0))
    entries.append(("lien:partielle", "partielle", 12.0))
    if any(l.statut == "à vérifier" for l in m.liens):
        entries.append(("lien:à vérifier", "à vérifier (piste, pas encore détenue)", 12.0))
    if any(c.proposee for c in m.competences):
        entries.append(("texte", f"P1, P2…{NBSP}: compétences proposées par les groupes", 0.0))
    if m.avant:
        entries.append(("lien:nouveau", "lien nouveau depuis la synthèse précédente", 12.0))
        entries.append(("lien:perdu", "lien perdu", 12.0))
    entries.append(("badge", "nombre d’acteurs qui la détiennent", 6.0))
    entries.append(("badge-fragile", f"un seul acteur{NBSP}: fragile", 6.0))
    entries.append(("acteur-seul", "seul détenteur d’au moins une compétence", 8.0))
    for kind, text, sample in entries:
        w = sample + 1.5 + tm.width(text, pt) + 6.0
        if w - 6.0 > inner:
            d.fits = False
        if x + w > MARGIN + inner:
            x = MARGIN
            y += lh + 2.0
        cy = y + lh / 2
        if kind.startswith("phase:"):
            numero = int(kind.split(":")[1])
            d.marks.append(Mark(phase_identite(numero).forme, x, cy - 2.5, 5.0, phase_identite(numero).cle))
        elif kind.startswith("lien:"):
            style = kind.split(":")[1]
            d.curves.append(Curve(f"M{x:.2f} {cy:.2f}H{x + sample:.2f}", style, 0, "", ""))
        elif kind.startswith("badge"):
            d.rects.append(Fill(x, cy - 2.2, 6.0, 4.4, kind))
            d.texts.append(Text(x + 1.6, cy - lh / 2, ("1" if kind == "badge-fragile" else "2",), pt, kind, bold=True))
        elif kind != "texte":
            d.rects.append(Fill(x, cy - 2.2, sample, 4.4, kind))
        d.texts.append(Text(x + sample + 1.5, y, (text,), pt, "texte"))
        x += w
    return y + lh


@dataclass
class _Item:
    kind: str  # entete, competence
    phase: int
    height: float
    competence: MeshCompetence | None = None
    lines: tuple[str, ...] = ()
    lead: str = ""


HEADER_H = 7.5
PAD = 1.0  # inside an actor's box, above and below its text
ACTOR_GAP = 1.5


def _competence_items(m: Maillage, reliees: list[MeshCompetence], text_w: float, pt: float) -> list[_Item]:
    tm = metrics()
    lh = line_height(pt)
    items: list[_Item] = []
    for numero in m.phases:
        members = [c for c in reliees if c.phase == numero]
        if not members:
            continue
        items.append(_Item("entete", numero, HEADER_H + 2.0))
        for c in members:
            lead = c.id + (" — proposée" if c.proposee else " — à vérifier" if not c.detenteurs else " — fragile" if len(c.detenteurs) == 1 else "")
            indent = tm.width(lead + " ", pt, bold=True)
            lines = _wrap_after(tm, c.texte, text_w, pt, indent)
            items.append(_Item("competence", numero, len(lines) * lh + 1.6, c, tuple(lines), lead))
    return items


def _wrap(tm, text: str, width: float, pt: float, bold: bool = False) -> list[str]:
    """French spacing first (no line may start with « : » or « ? »), then wrapping."""
    return tm.wrap(nbsp_punctuation(text), width, pt, bold)


def _wrap_after(tm, text: str, width: float, pt: float, indent: float) -> list[str]:
    """Wrap with the first line shortened by ``indent`` (the bold id before it)."""
    words = nbsp_punctuation(text).split(" ")
    first: list[str] = []
    used, space = 0.0, tm.width(" ", pt)
    while words:
        w = tm.width(words[0], pt) + (space if first else 0.0)
        if used + w > width - indent:
            break
        used += w
        first.append(words.pop(0))
    rest = _wrap(tm, " ".join(words), width, pt) if words else []
    return [" ".join(first)] + rest


def _split(items: list[_Item]) -> tuple[list[_Item], list[_Item]]:
    """Two columns of about the same height; at a phase boundary when that costs little."""
    if not items:
        return [], []
    total = sum(i.height for i in items)
    best, best_cost, best_phase, phase_cost = 0, float("inf"), None, float("inf")
    run = 0.0
    for cut in range(1, len(items) + 1):
        run += items[cut - 1].height
        if cut < len(items) and items[cut].kind == "entete" and items[cut - 1].kind == "entete":
            continue
        rest = total - run + (HEADER_H + 2.0 if cut < len(items) and items[cut].kind != "entete" else 0.0)
        cost = max(run, rest)
        if cost < best_cost:
            best, best_cost = cut, cost
        if (cut == len(items) or items[cut].kind == "entete") and cost < phase_cost:
            best_phase, phase_cost = cut, cost
    cut = best_phase if best_phase is not None and phase_cost <= best_cost * 1.12 else best
    left, right = items[:cut], items[cut:]
    if right and right[0].kind != "entete":
        right.insert(0, _Item("suite", right[0].phase, HEADER_H + 2.0))
    return left, right


def _place_competences(d: Drawing, m: Maillage, items: list[_Item], x: float, w: float, top: float, side: str, pt: float, head_pt: float = HEAD_PT) -> None:
    tm = metrics()
    lh = line_height(pt)
    y = top
    for item in items:
        ident = phase_identite(item.phase)
        if item.kind in ("entete", "suite"):
            if y > top:
                y += 2.5
            cov = m.coverage(item.phase)
            tail = " (suite)" if item.kind == "suite" else f" · {cov['tenues']} sur {cov['total']} détenues"
            # The phase's name, then shorter labels when the column is narrow: never past the band.
            labels = [f"Phase {item.phase} — {m.phases[item.phase]}{tail}", f"Phase {item.phase}{tail}", f"Phase {item.phase}"]
            label = next((t for t in labels if tm.width(t, MIN_PT, bold=True) <= w - 10.0), labels[-1])
            d.rects.append(Fill(x, y, w, HEADER_H, f"bande-{ident.cle}"))
            d.marks.append(Mark(ident.forme, x + 1.5, y + 1.25, 5.0, ident.cle + "-bande"))
            size = min(head_pt - 1.0, (HEADER_H - 0.6) / line_height(1.0))  # inside its band
            while tm.width(label, size, bold=True) > w - 10.0 and size > MIN_PT:
                size -= 0.5
            d.texts.append(Text(x + 8.0, y + (HEADER_H - line_height(size)) / 2, (label,), size, f"bande-{ident.cle}", bold=True))
            y += item.height
            continue
        c = item.competence
        assert c is not None
        text_w = w - 13.0
        if side == "gauche":
            text_x, badge_x, mark_x = x, x + text_w + 2.0, x + w + 0.6
            anchor = x + w + 5.6
        else:
            text_x, badge_x, mark_x = x + 13.0, x + 5.0, x - 5.6
            anchor = x - 5.6
        ref = "C:" + c.id
        d.texts.append(Text(text_x, y, item.lines, pt, "texte", lead=item.lead, ref=ref))
        cy = y + lh / 2
        fragile = len(c.detenteurs) == 1 and not c.proposee
        d.rects.append(Fill(badge_x, cy - 2.2, 6.0, 4.4, "badge-fragile" if fragile else "badge", ref))
        count = str(len(c.detenteurs))
        d.texts.append(Text(badge_x + 3.0 - tm.width(count, SMALL_PT, True) / 2, cy - line_height(SMALL_PT) / 2, (count,), SMALL_PT, "badge-fragile" if fragile else "badge", bold=True, ref=ref + ":n"))
        d.marks.append(Mark(ident.forme, mark_x, cy - 2.5, 5.0, ident.cle))
        d.anchors[c.id] = (anchor, cy)
        y += item.height




def _place_actors(d: Drawing, m: Maillage, g: nx.Graph, x0: float, w: float, gap: float, k: int, top: float, bottom: float, pt: float, head_pt: float = HEAD_PT) -> float:
    tm = metrics()
    lh, small = line_height(pt), line_height(SMALL_PT)
    sole = m.sole_holdings()
    groups = [(t, [a for a in m.acteurs if a.type == t]) for t in TYPES]
    groups = [(t, members) for t, members in groups if members]

    def barycentre(key: str) -> float:
        ys = [d.anchors[n][1] for n in g.neighbors(node_id(key)) if n in d.anchors]
        return sum(ys) / len(ys) if ys else top

    blocks = []  # (type, [(actor, name lines, measure line, sole line)], height, wanted top)
    for t, members in groups:
        members = sorted(members, key=lambda a: (barycentre(a.key), a.nom.casefold(), a.key))
        entries, h = [], HEADER_H + 1.0
        for a in members:
            name = _wrap(tm, a.nom, w - 4.0, pt, bold=True)
            held = len(m.held(a.key))
            measure = m.measure(a.key) + (NBSP + ":" if held else "")  # « : » before the per-phase counts
            counts = [str(n) for n in m.per_phase(a.key).values() if n]
            measure_w = tm.width(measure, SMALL_PT) + 1.5 + sum(3.8 + tm.width(n, SMALL_PT) + 2.2 for n in counts)
            # The measures go on the name's line when there is room, else on the next one;
            # « seul pour … » follows them, or takes lines of its own.
            name_w = tm.width(name[-1], pt, bold=True)
            beside = len(name) == 1 and name_w + 4.0 + measure_w <= w - 4.0
            start = name_w + 4.0 if beside else 0.0
            only: list[str] = []
            inline = False
            if a.key in sole:
                text = "seul pour " + ", ".join(sole[a.key])
                inline = start + measure_w + tm.width(text, SMALL_PT) <= w - 4.0
                only = [text] if inline else _wrap(tm, text, w - 4.0, SMALL_PT)
            rows_h = len(name) * lh + (0 if beside else small) + (0 if inline else len(only) * small)
            eh = PAD + rows_h + PAD
            entries.append((a, name, measure, only, inline, measure_w, beside, eh))
            h += eh + ACTOR_GAP
        wanted = sum(barycentre(a.key) for a in members) / len(members) - h / 2
        blocks.append((t, entries, h + 2.5, wanted))

    # Rows to draw: (x, y, kind, payload); kind « entete » (a group's title) or « acteur ».
    rows: list[tuple[float, float, str, tuple]] = []
    if k == 1:
        tops = _pav([(b[3], b[2]) for b in blocks], top, bottom)
        for y, (t, entries, _, _) in zip(tops, blocks, strict=True):
            rows.append((x0, y, "entete", (t, len(entries), False)))
            y += HEADER_H + 1.0
            for e in entries:
                rows.append((x0, y, "acteur", e))
                y += e[-1] + ACTOR_GAP
    else:
        # Several actor columns: actors poured in order, a group continued at the next
        # column's top under its title « (suite) », columns of about the same height.
        total = sum(b[2] for b in blocks)
        target = total / k + HEADER_H
        col, y = 0, top
        for t, entries, _, _ in blocks:
            if y > top:
                y += 2.5
            if y > top and y - top + HEADER_H + entries[0][-1] > target and col < k - 1:
                col, y = col + 1, top
            rows.append((x0 + col * (w + gap), y, "entete", (t, len(entries), False)))
            y += HEADER_H + 1.0
            for e in entries:
                if y - top + e[-1] > target and col < k - 1:
                    col, y = col + 1, top
                    rows.append((x0 + col * (w + gap), y, "entete", (t, len(entries), True)))
                    y += HEADER_H + 1.0
                rows.append((x0 + col * (w + gap), y, "acteur", e))
                y += e[-1] + ACTOR_GAP
    end = top
    for x, y, kind, payload in rows:
        if kind == "entete":
            t, count, suite = payload
            # The group's title, its count and « (suite) », or shorter, or smaller: never under its mark.
            room = w - 6.0
            title, short = GROUP_TITLES[t], SHORT_GROUP_TITLES[t]
            if suite:  # never two heads alike: « (suite) » is kept before the count
                labels = [f"{title} · {count} (suite)", f"{title} (suite)", f"{short} (suite)", f"{short} (s.)"]
            else:
                labels = [f"{title} · {count}", title, short]
            size = min(head_pt - 1.0, (HEADER_H - 0.6) / line_height(1.0))
            label = next((t for t in labels if tm.width(t, size, bold=True) <= room), labels[-1])
            while tm.width(label, size, bold=True) > room and size > MIN_PT:
                size -= 0.5
            if tm.width(label, size, bold=True) > room:
                d.fits = False
            d.texts.append(Text(x, y, (label,), size, "groupe", bold=True))
            d.marks.append(Mark(ACTEUR.forme, x + w - 5.0, y + 0.6, 4.4, "acteur"))
            end = max(end, y + HEADER_H)
            continue
        a, name, measure, only, inline, measure_w, beside, eh = payload
        ref = node_id(a.key)
        d.rects.append(Fill(x, y, w, eh, "acteur-seul" if only else "acteur", ref))
        d.texts.append(Text(x + 2.0, y + PAD, tuple(name), pt, "acteur", bold=True, ref=ref))
        if beside:
            mx, my = x + 2.0 + tm.width(name[0], pt, bold=True) + 4.0, y + PAD + (lh - small) / 2
        else:
            mx, my = x + 2.0, y + PAD + len(name) * lh
        d.texts.append(Text(mx, my, (measure,), SMALL_PT, "texte", ref=ref + ":n"))
        px = mx + tm.width(measure, SMALL_PT) + 1.5
        for numero, count in m.per_phase(a.key).items():
            if not count:
                continue
            ident = phase_identite(numero)
            d.marks.append(Mark(ident.forme, px, my + (small - 3.2) / 2, 3.2, ident.cle))
            d.texts.append(Text(px + 3.8, my, (str(count),), SMALL_PT, "texte", ref=ref + f":p{numero}"))
            px += 3.8 + tm.width(str(count), SMALL_PT) + 2.2
        if only:
            sx, sy = (mx + measure_w, my) if inline else (x + 2.0, max(my + small, y + PAD + len(name) * lh))
            d.texts.append(Text(sx, sy, tuple(only), SMALL_PT, "seul", ref=ref + ":seul"))
        d.anchors[ref] = (x, y + eh / 2)
        d.anchors[ref + ":droite"] = (x + w, y + eh / 2)
        end = max(end, y + eh + ACTOR_GAP)
    return end


def _links(d: Drawing, m: Maillage) -> None:
    def curve(acteur: str, competence: str, style: str, phase: int) -> None:
        cx, cy = d.anchors[competence]
        ref = node_id(acteur)
        ax, ay = d.anchors[ref] if cx < d.anchors[ref][0] else d.anchors[ref + ":droite"]
        dx = (ax - cx) * 0.5
        d.curves.append(Curve(f"M{cx:.2f} {cy:.2f}C{cx + dx:.2f} {cy:.2f} {ax - dx:.2f} {ay:.2f} {ax:.2f} {ay:.2f}", style, phase, acteur, competence))

    for link in m.liens:
        style = "nouveau" if link.nouveau else link.statut
        curve(link.acteur, link.competence, style, m.competence(link.competence).phase)
    for lost in m.perdus:
        key = fold(lost.acteur)
        if lost.acteur_present and lost.competence in d.anchors and node_id(key) in d.anchors:
            curve(key, lost.competence, "perdu", m.competence(lost.competence).phase)


def _panel(d: Drawing, m: Maillage, top: float, bottom: float, inner: float, pt: float, head_pt: float = HEAD_PT, next_page=None) -> bool:
    """Measures and lists below the network, poured into four columns (fewer on a narrow canvas)."""
    tm = metrics()
    lh = line_height(pt)
    hh = line_height(head_pt)
    columns, gap = (4 if inner >= 380.0 else 3 if inner >= 280.0 else 2), 8.0
    cw = (inner - (columns - 1) * gap) / columns
    flow = _Flow(d, MARGIN, top, cw, gap, columns, bottom, next_page)

    def heading(text: str) -> None:
        flow.skip(3.0)
        lines = _wrap(tm, text, cw, head_pt, bold=True)
        x, y = flow.place(len(lines) * hh + 0.8, keep=lh)
        flow.d.texts.append(Text(x, y, tuple(lines), head_pt, "titre-bloc", bold=True))

    def para(text: str, lead: str = "", indent_mark: str = "", phase: int = 0, style: str = "texte") -> None:
        off = 5.0 if indent_mark else 0.0
        lead_w = tm.width(lead + " ", pt, bold=True) if lead else 0.0
        lines = _wrap_after(tm, text, cw - off, pt, lead_w) if lead else _wrap(tm, text, cw - off, pt)
        x, y = flow.place(len(lines) * lh + 0.8)
        if indent_mark:
            ident = phase_identite(phase)
            flow.d.marks.append(Mark(ident.forme, x, y + (lh - 3.4) / 2, 3.4, ident.cle))
        flow.d.texts.append(Text(x + off, y, tuple(lines), pt, style, lead=lead))

    heading("Couverture par phase")
    for numero, nom in m.phases.items():
        cov = m.coverage(numero)
        share = round(100 * cov["tenues"] / cov["total"]) if cov["total"] else 0
        para(
            f"{cov['tenues']} sur {cov['total']} détenues ({share}{NBSP}%) : {plural(cov['couverte'], 'couverte', space=NBSP)}, {plural(cov['fragile'], 'fragile', space=NBSP)}, "
            f"{plural(cov['partielle'], 'partielle', space=NBSP)}, {plural(cov['portée'], 'portée', space=NBSP)} par le porteur de projet, {cov['à vérifier']}{NBSP}à vérifier, "
            f"{plural(cov['manquante'], 'manquante', space=NBSP)}, {plural(cov['non examinée'], 'non examinée', space=NBSP)}",
            lead=f"Phase {numero} — {nom}",
            indent_mark="phase",
            phase=numero,
        )
    sole = m.sole_holdings()
    heading(f"Points de fragilité : {plural(len(sole), 'acteur', space=NBSP)} seul{'s' if len(sole) > 1 else ''} à détenir une compétence")
    if not m.liens:
        para("Aucune compétence n’est encore détenue.")
    elif not sole:
        para("Aucun : chaque compétence détenue l’est par au moins deux acteurs.")
    else:  # one flowing paragraph: the same names are also framed in the network
        para(" ; ".join(f"{m.acteur(key).nom} ({', '.join(idents)})" for key, idents in sole.items()))
    manques = m.manques
    heading(f"Compétences sans acteur du territoire ({len(manques)})")
    if not manques:
        para("Aucune.")
    for c in manques:
        if c.couverture == "non examinée":
            continue
        note = {"partielle": " (partielle, sans acteur nommé)", "portée": " (portée par le porteur de projet)"}.get(c.couverture, "")
        para(c.texte + note, lead=c.id, indent_mark="phase", phase=c.phase)
    # Not reached by the groups: their numbers only, per phase (the map gives their text).
    for numero in m.phases:
        idents = [c.id for c in manques if c.couverture == "non examinée" and c.phase == numero]
        if idents:
            para(", ".join(idents), lead=f"Non examinées (aucune ligne remplie){NBSP}:", indent_mark="phase", phase=numero)
    if m.sans_competence:
        heading(f"Acteurs connus, cités pour aucune compétence ({len(m.sans_competence)})")
        para(", ".join(m.sans_competence))
    if m.avant:
        nouveaux = [l for l in m.liens if l.nouveau]
        heading(f"Depuis la synthèse précédente : {plural(len(nouveaux), 'lien nouveau', 'liens nouveaux', space=NBSP)}, {plural(len(m.perdus), 'lien perdu', 'liens perdus', space=NBSP)}")
        for l in nouveaux:
            para(m.acteur(l.acteur).nom, lead=f"+ {l.competence}")
        for p in m.perdus:
            para(p.acteur, lead=f"− {p.competence}", style="perdu")
    return flow.fits

