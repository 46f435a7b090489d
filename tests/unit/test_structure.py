"""The shape of the Python code: layers that flow one way, shared names written once, no Flask for the CLI."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("dossier_bridge", "devstack", "prodstack", "bench")


def module_files() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def _base(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    # A relative import counts from the package that holds the module.
    package = module.split(".") if is_package else module.split(".")[:-1]
    anchor = package[: len(package) - (node.level - 1)]
    return ".".join(anchor + ([node.module] if node.module else []))


def import_graph() -> dict[str, set[str]]:
    """Module -> project modules it imports, at any depth of its code (function-level imports too)."""
    modules = module_files()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _base(name, node, path.name == "__init__.py")
                # `from package import module` names the module; `from module import name` the module itself.
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
            else:
                continue
            graph[name].update(t for t in targets if t in modules and t != name)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle (a list of modules ending where it starts), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return path[path.index(target):] + [target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state:
            found = visit(start)
            if found:
                return found
    return None


def test_the_import_walk_sees_function_level_imports_and_finds_a_circle():
    # The detector itself: a circle closed by an import inside a function is still a circle.
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
    source = "def late():\n    from dossier_bridge.matching import blocking\n"
    imported = [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.ImportFrom)]
    assert imported and imported[0].module == "dossier_bridge.matching"


def test_no_import_circle_among_the_project_modules():
    graph = import_graph()
    assert "dossier_bridge.models.matching" in graph and len(graph) > 80
    cycle = find_cycle(graph)
    assert cycle is None, "import circle: " + " -> ".join(cycle or [])


def test_the_models_are_tables_only():
    graph = import_graph()
    for module, targets in graph.items():
        if module.startswith("dossier_bridge.models"):
            above = {t for t in targets if not t.startswith(("dossier_bridge.models", "dossier_bridge.db",
                                                             "dossier_bridge.keycloak_attributes"))}
            assert not above, f"{module} imports {sorted(above)}"


# The names Keycloak and the bridge share (realm user profile, extension, tokens).
SHARED_NAMES = ("dossierNumber", "dossierStatus", "linked", "pending_review", "info_requested", "rejected")
CONSTANTS = ROOT / "dossier_bridge" / "keycloak_attributes.py"
# Migrations freeze the values of their day: a migration must keep describing
# the schema it created even after a constant is renamed in a later release.
FROZEN = ROOT / "dossier_bridge" / "migrations" / "versions"


def quoted(name: str) -> re.Pattern[str]:
    return re.compile(rf"""(["']){re.escape(name)}\1""")


def test_each_keycloak_name_is_written_once_in_the_bridge():
    sources = [p for p in (ROOT / "dossier_bridge").rglob("*") if p.suffix in (".py", ".html", ".txt")]
    for name in SHARED_NAMES:
        pattern = quoted(name)
        assert len(pattern.findall(CONSTANTS.read_text(encoding="utf-8"))) == 1, name
        elsewhere = [
            str(p.relative_to(ROOT)) for p in sources
            if p != CONSTANTS and FROZEN not in p.parents and pattern.search(p.read_text(encoding="utf-8"))
        ]
        assert not elsewhere, f"{name!r} is also written in {elsewhere}; use dossier_bridge.keycloak_attributes"


def imported_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted(sys.modules)))"
    answer = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(answer.stdout.split())


def test_the_console_script_and_the_worker_do_not_load_flask():
    for statement in ("import dossier_bridge", "import dossier_bridge.cli", "import dossier_bridge.worker"):
        loaded = imported_after(statement)
        assert "flask" not in loaded and "dossier_bridge.app" not in loaded, statement


def test_every_start_path_names_the_same_web_entry():
    entries = {}
    for path in [ROOT / "devstack" / "services.py", ROOT / "prodstack" / "services.py", ROOT / "docker-compose.yml",
                 *ROOT.glob("deploy/*")]:
        if path.is_file():
            entries.update({f"{path.relative_to(ROOT)}: {found}": found
                            for found in re.findall(r"[\w.]+:create_app\(\)", path.read_text(encoding="utf-8"))})
    assert entries, "no gunicorn entry found"
    assert set(entries.values()) == {"dossier_bridge.app:create_app()"}, entries
    assert "flask" in imported_after("from dossier_bridge.app import create_app")


# The layers of the bridge, lowest first (docs/architecture.md draws them). A
# module may import its own layer and the ones below, never one above.
LAYERS = (
    ("foundations", ("dossier_bridge", "dossier_bridge.config", "dossier_bridge.db", "dossier_bridge.migrate",
                     "dossier_bridge.names", "dossier_bridge.french_input", "dossier_bridge.keycloak_attributes",
                     "dossier_bridge.branding", "dossier_bridge.i18n", "dossier_bridge.matching.weights",
                     "dossier_bridge.data_protection")),
    ("tables", ("dossier_bridge.models",)),
    ("formats", ("dossier_bridge.registry.numbers", "dossier_bridge.registry.csv_format",
                 "dossier_bridge.registry.import_report", "dossier_bridge.registry.text_decoding")),
    ("duplicate engine", ("dossier_bridge.matching",)),
    ("registry writes", ("dossier_bridge.registry",)),
    ("services", ("dossier_bridge.verification", "dossier_bridge.family_requests", "dossier_bridge.review",
                  "dossier_bridge.news", "dossier_bridge.news_import", "dossier_bridge.mail_outbox",
                  "dossier_bridge.keycloak_users", "dossier_bridge.keycloak_sync", "dossier_bridge.signin",
                  "dossier_bridge.app_registration", "dossier_bridge.family_space", "dossier_bridge.personal_data",
                  "dossier_bridge.schedule")),
    ("entry points", ("dossier_bridge.services", "dossier_bridge.web", "dossier_bridge.app", "dossier_bridge.cli",
                      "dossier_bridge.worker", "dossier_bridge.migrations", "dossier_bridge.gunicorn_conf")),
    ("tools", ("devstack", "prodstack", "bench")),
)


def layer_of(module: str) -> tuple[int, str]:
    best = (-1, -1, "")
    for index, (name, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best[0]:
                best = (len(prefix), index, name)
    assert best[1] >= 0, f"{module} is in no layer: place it in LAYERS (and in docs/architecture.md)"
    return best[1], best[2]


def test_layers_flow_one_way():
    upward = []
    for module, targets in import_graph().items():
        level, name = layer_of(module)
        for target in targets:
            target_level, target_name = layer_of(target)
            if target_level > level:
                upward.append(f"{module} ({name}) imports {target} ({target_name})")
    assert not upward, "\n".join(upward)


def test_only_config_reads_the_environment():
    readers = []
    for module, path in module_files().items():
        if not module.startswith("dossier_bridge") or module == "dossier_bridge.config":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv", "environb"):
                readers.append(f"{module}:{node.lineno}")
    assert not readers, f"configuration is read in config.py only; also read in {readers}"
