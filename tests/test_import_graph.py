"""The shape of the package, checked from its source: no import cycle, no arrow pointing up.

Every module of ``shopcrm`` is parsed with :mod:`ast`; every ``import`` in it counts, at the top
of the file or inside a function (a function-level import is where a cycle hides). Imports in an
``if TYPE_CHECKING:`` block are left out: they never run, so they cannot make a cycle at run
time, and annotations may name a type from anywhere in the same layer. Relative imports are
resolved against the importing module. ``from package import name`` counts as an arrow to
``package.name`` when that is a module, else to the package itself. Importing a module does not
count as an arrow to its parent packages (their ``__init__`` runs, but a package that names its
public API imports its own modules, and that is no cycle worth reporting).

The layers: ``ui -> core -> db``; ``pdf`` is used by ``core`` and ``ui``; ``demo`` uses
``core`` and ``db``. Inside ``ui`` the screen packages (search, card, loyalty, vouchers, its
wizard, shop, widgets) must not form a cycle either.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "shopcrm"
MAX_LINES = 400

#: For each layer, the modules (prefixes) and third-party packages it must never import.
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "shopcrm.core": (
        "shopcrm.ui",
        "shopcrm.cli",
        "shopcrm.demo",
        "shopcrm.__main__",
        "PySide6",
        "shiboken6",
    ),
    "shopcrm.db": (
        "shopcrm.core",
        "shopcrm.ui",
        "shopcrm.cli",
        "shopcrm.demo",
        "shopcrm.pdf",
        "shopcrm.__main__",
        "PySide6",
        "shiboken6",
    ),
    "shopcrm.pdf": (
        "shopcrm.core",
        "shopcrm.db",
        "shopcrm.ui",
        "shopcrm.cli",
        "shopcrm.demo",
        "shopcrm.__main__",
        "PySide6",
        "shiboken6",
    ),
    "shopcrm.demo": ("shopcrm.ui", "shopcrm.cli", "shopcrm.__main__", "PySide6", "shiboken6"),
}


#: What each ui screen package may import of the others (the map in ``shopcrm/ui/__init__``).
UI_MAY_IMPORT = {
    "shopcrm.ui.widgets": set(),
    "shopcrm.ui.crash": set(),
    "shopcrm.ui.help": {"shopcrm.ui.widgets"},
    "shopcrm.ui.first_start": {"shopcrm.ui.shop", "shopcrm.ui.widgets"},
    "shopcrm.ui.shop": {"shopcrm.ui.widgets"},
    "shopcrm.ui.loyalty": {"shopcrm.ui.shop", "shopcrm.ui.widgets"},
    "shopcrm.ui.vouchers": {"shopcrm.ui.shop", "shopcrm.ui.widgets"},
    "shopcrm.ui.vouchers.wizard": {"shopcrm.ui.vouchers", "shopcrm.ui.shop", "shopcrm.ui.widgets"},
    "shopcrm.ui.search": {"shopcrm.ui.vouchers", "shopcrm.ui.widgets"},
    "shopcrm.ui.followups": {"shopcrm.ui.shop", "shopcrm.ui.widgets"},
    "shopcrm.ui.privacy": {"shopcrm.ui.shop", "shopcrm.ui.widgets"},
    "shopcrm.ui.importing": {"shopcrm.ui.card", "shopcrm.ui.shop", "shopcrm.ui.widgets"},
    "shopcrm.ui.card": {
        "shopcrm.ui.followups",
        "shopcrm.ui.loyalty",
        "shopcrm.ui.privacy",
        "shopcrm.ui.vouchers",
        "shopcrm.ui.shop",
        "shopcrm.ui.widgets",
    },
    "shopcrm.ui.segments": {"shopcrm.ui.vouchers.wizard", "shopcrm.ui.shop", "shopcrm.ui.widgets"},
    "shopcrm.ui.today": {"shopcrm.ui.segments", "shopcrm.ui.widgets"},
}
#: The only ui modules that touch the storage layer directly.
UI_USING_DB = {
    "shopcrm.ui.app",
    "shopcrm.ui.main_window",
    "shopcrm.ui.ops",
    "shopcrm.ui.opening",
    "shopcrm.ui.restore_flow",  # lets go of the shop and opens it again, like app does
}


@dataclass
class Graph:
    modules: dict[str, Path] = field(default_factory=dict)
    #: module -> {imported module -> line of the first import}
    arrows: dict[str, dict[str, int]] = field(default_factory=dict)

    def inside(self) -> dict[str, set[str]]:
        """Arrows between shopcrm's own modules only."""
        return {
            module: {target for target in targets if target in self.modules}
            for module, targets in self.arrows.items()
        }


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement, at any depth, except those under ``if TYPE_CHECKING:``."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))


def _base(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module if is_package else module.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


def build_graph() -> Graph:
    graph = Graph()
    paths = sorted(ROOT.rglob("*.py"))
    for path in paths:
        graph.modules[module_name(path)] = path
    for module, path in graph.modules.items():
        targets: dict[str, int] = {}
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in _imports(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                base = _base(module, path.name == "__init__.py", node)
                names = [
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in graph.modules else base
                    for alias in node.names
                ]
            for name in names:
                targets.setdefault(name, node.lineno)
        graph.arrows[module] = targets
    return graph


def strongly_connected(arrows: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's components with more than one member (or a module importing itself)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(start: str) -> None:
        work = [(start, iter(sorted(arrows.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(arrows.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                members = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.append(member)
                    if member == node:
                        break
                if len(members) > 1 or node in arrows.get(node, ()):
                    found.append(sorted(members))

    for node in sorted(arrows):
        if node not in index:
            visit(node)
    return found


def one_cycle(arrows: dict[str, set[str]], members: list[str]) -> list[str]:
    """A shortest way round the component from its first member back to itself."""
    inside = set(members)
    start = members[0]
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for child in sorted(arrows.get(node, set()) & inside):
                if child == start:
                    return [*paths[node], start]
                if child not in paths:
                    paths[child] = [*paths[node], child]
                    following.append(child)
        frontier = following
    return members  # pragma: no cover - a component always has a way round


def describe_cycles(arrows: dict[str, set[str]]) -> list[str]:
    """One line per tangle: a way round it, then every module caught in it."""
    described = []
    for members in strongly_connected(arrows):
        line = " -> ".join(one_cycle(arrows, members))
        if len(members) > 2:
            line += f"  (tangled: {', '.join(members)})"
        described.append(line)
    return described


def ui_package(module: str, graph: Graph) -> str | None:
    """The screen package a ui module belongs to (``shopcrm.ui.vouchers.wizard``), or None
    for the modules at the top of ui (app, main_window, ops), which wire the packages."""
    if not module.startswith("shopcrm.ui."):
        return None
    is_package = graph.modules[module].name == "__init__.py"
    package = module if is_package else module.rpartition(".")[0]
    return None if package == "shopcrm.ui" else package


@pytest.fixture(scope="module")
def graph() -> Graph:
    return build_graph()


def test_the_walk_sees_function_level_imports(graph: Graph):
    """The walker itself: a cycle hidden in a function must not slip past it."""
    tree = ast.parse("import a\ndef f():\n    from b import c\nif TYPE_CHECKING:\n    import d\n")
    found = [
        (n.module or "") if isinstance(n, ast.ImportFrom) else n.names[0].name
        for n in _imports(tree)
    ]
    assert sorted(found) == ["a", "b"]
    tangle = {"x": {"y"}, "y": {"z"}, "z": {"x"}, "w": {"x"}}
    assert describe_cycles(tangle) == ["x -> y -> z -> x  (tangled: x, y, z)"]
    assert describe_cycles({"x": {"x"}}) == ["x -> x"]
    assert describe_cycles({"x": {"y"}, "y": set()}) == []
    assert len(graph.modules) > 100
    assert "shopcrm.core.vouchers.batches" in graph.arrows["shopcrm.ui.vouchers.wizard.wizard"] or (
        "shopcrm.core.vouchers" in graph.arrows["shopcrm.ui.vouchers.wizard.wizard"]
    )


def test_no_module_imports_its_way_back_to_itself(graph: Graph):
    cycles = describe_cycles(graph.inside())
    assert cycles == [], "import cycles:\n" + "\n".join(cycles)


def test_no_cycle_between_ui_screen_packages(graph: Graph):
    arrows: dict[str, set[str]] = {}
    for module, targets in graph.inside().items():
        source = ui_package(module, graph)
        if source is None:
            continue
        for target in targets:
            package = ui_package(target, graph)
            if package is not None and package != source:
                arrows.setdefault(source, set()).add(package)
    cycles = describe_cycles(arrows)
    assert cycles == [], "cycles between ui packages:\n" + "\n".join(cycles)


def _off_the_map(module: str, target: str, graph: Graph) -> bool:
    source, package = ui_package(module, graph), ui_package(target, graph)
    if target.startswith("shopcrm.db"):
        return module not in UI_USING_DB
    if not target.startswith("shopcrm.ui."):
        return False
    if module == "shopcrm.ui.ops":
        return True  # it serves every screen, so it imports none
    if package is None:  # app, main_window, ops: the wiring, which screens never import
        return source is not None and target != "shopcrm.ui.ops"
    return source is not None and package not in (source, *UI_MAY_IMPORT[source])


def test_ui_packages_keep_to_their_map(graph: Graph):
    """Each screen package imports only the packages its docstring names; ``ops`` (used by
    all) imports no screen; only the wiring and ``ops`` reach into ``shopcrm.db``."""
    wrong = [
        f"{module} imports {target}"
        for module, targets in graph.inside().items()
        for target in sorted(targets)
        if module.startswith("shopcrm.ui.") and _off_the_map(module, target, graph)
    ]
    assert set(UI_MAY_IMPORT) == {
        ui_package(m, graph) for m in graph.modules if ui_package(m, graph)
    }, "a new ui package: give it a place in the map"
    assert wrong == [], "\n".join(wrong)


def test_no_arrow_points_up(graph: Graph):
    wrong = []
    for module, targets in graph.arrows.items():
        for layer, forbidden in FORBIDDEN.items():
            if module != layer and not module.startswith(layer + "."):
                continue
            for target, line in sorted(targets.items()):
                if any(target == f or target.startswith(f + ".") for f in forbidden):
                    wrong.append(
                        f"{graph.modules[module].relative_to(ROOT.parent)}:{line} "
                        f"{module} imports {target}"
                    )
    assert wrong == [], "arrows pointing up:\n" + "\n".join(wrong)


def test_no_import_hides_from_the_walk():
    """Dynamic imports (``importlib``, ``__import__``) would hide an arrow from this test."""
    hidden = [
        f"{path.relative_to(ROOT.parent)}:{node.lineno}"
        for path in sorted(ROOT.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if (isinstance(node, ast.Name) and node.id == "__import__")
        or (isinstance(node, ast.alias) and node.name.split(".")[0] == "importlib")
        or (isinstance(node, ast.ImportFrom) and (node.module or "").startswith("importlib"))
    ]
    assert hidden == []


def test_no_file_is_over_the_limit():
    long = {
        str(path.relative_to(ROOT.parent)): lines
        for path in sorted(ROOT.rglob("*.py"))
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}, f"files over {MAX_LINES} lines"
