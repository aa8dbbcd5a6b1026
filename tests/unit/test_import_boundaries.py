"""Which module may import which, read from the source (ast, nothing is imported).

- `shared/` serves every service and knows none of them;
- the gateway takes from a service only what it publishes (`services/<svc>/api/`), never its domain,
  application or adapters;
- a domain imports neither adapters nor application code, nor Nameko;
- a service's published language (`services/<svc>/api/`) depends on nothing of the service it describes.

A string that is exactly a module path of ours (`"services.registry.application.app:RegistryApplication"`)
counts as an import: it is one, made later.
"""
from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("registry", "contracts", "filing", "lottery", "escrow")
INTERNALS = ("domain", "application", "adapters")
MODULE_PATH = re.compile(r"services(?:\.[A-Za-z_][A-Za-z0-9_]*)+(?::[A-Za-z_][A-Za-z0-9_.]*)?")


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, as a dotted name
    target: str  # what it imports, as a dotted name
    line: int

    def __str__(self) -> str:
        return f"{self.module}:{self.line} imports {self.target}"


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, root: Path = ROOT) -> Iterator[Import]:
    module = module_name(path, root)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(module, alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:  # `from x import y` may import the module x.y
                yield Import(module, f"{base}.{alias.name}" if alias.name != "*" else base, node.lineno)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and MODULE_PATH.fullmatch(node.value):
            yield Import(module, node.value.partition(":")[0], node.lineno)


def modules_under(folder: str) -> list[Path]:
    return sorted(path for path in ROOT.glob(f"{folder}/**/*.py") if "__pycache__" not in path.parts)


def names(target: str, prefix: str) -> bool:
    """Whether the dotted name `target` is `prefix` or inside it."""
    return target == prefix or target.startswith(prefix + ".")


def violations(folder: str, forbidden: Callable[[Path, str], bool]) -> list[str]:
    return [str(found) for path in modules_under(folder) for found in imports_of(path)
            if forbidden(path, found.target)]


def service_of(path: Path) -> str:
    return path.relative_to(ROOT / "services").parts[0]


def internals(service: str) -> tuple[str, ...]:
    return tuple(f"services.{service}.{layer}" for layer in INTERNALS)


def test_the_checker_sees_plain_relative_and_deferred_imports(tmp_path):
    package = tmp_path / "services" / "lottery" / "domain"
    package.mkdir(parents=True)
    module = package / "cart.py"
    module.write_text("import nameko.rpc\nfrom ..adapters import service\nfrom . import session\n"
                      "APP = 'services.lottery.application.app:LotteryApplication'\n"
                      "NOT_A_PATH = 'services of the lottery'\n")
    found = [(item.module, item.target) for item in imports_of(module, tmp_path)]
    assert found == [("services.lottery.domain.cart", "nameko.rpc"),
                     ("services.lottery.domain.cart", "services.lottery.adapters.service"),
                     ("services.lottery.domain.cart", "services.lottery.domain.session"),
                     ("services.lottery.domain.cart", "services.lottery.application.app")]


def test_shared_imports_no_service():
    assert violations("shared", lambda path, target: names(target, "services")) == []


def test_the_gateway_takes_from_a_service_only_what_it_publishes():
    forbidden = tuple(prefix for service in SERVICES for prefix in internals(service))
    assert violations("services/gateway", lambda path, target: any(names(target, p) for p in forbidden)) == []


@pytest.mark.parametrize("service", SERVICES)
def test_a_domain_imports_no_adapters_application_or_nameko(service):
    def forbidden(path: Path, target: str) -> bool:
        parts = target.split(".")
        return names(target, "nameko") or (parts[0] == "services" and len(parts) > 2
                                           and parts[2] in ("adapters", "application"))

    assert violations(f"services/{service}/domain", forbidden) == []


@pytest.mark.parametrize("service", SERVICES)
def test_a_published_language_depends_on_nothing_of_its_service(service):
    """Only the standard library, marshmallow, `shared` (not its Nameko kit) and the api package itself: never
    the service's domain, application or adapters, nor Nameko."""
    def forbidden(path: Path, target: str) -> bool:
        top = target.partition(".")[0]
        allowed = (top in sys.stdlib_module_names or top in ("__future__", "marshmallow")
                   or (top == "shared" and not names(target, "shared.nameko_kit"))
                   or names(target, f"services.{service}.api"))
        return not allowed

    assert violations(f"services/{service}/api", forbidden) == []


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_publishes_its_language(service):
    assert modules_under(f"services/{service}/api"), f"services/{service}/api/ is missing"


# What a published language repeats of its domain, because it may not import it, stays equal to it.

def test_the_roles_an_account_may_be_opened_with_are_the_domains():
    from services.registry.api.requests import ROLES
    from services.registry.domain.accounts import ROLES as DOMAIN_ROLES

    assert ROLES == DOMAIN_ROLES


def test_the_cart_operations_the_lottery_takes_are_the_domains():
    from services.lottery.api.requests import OPERATIONS
    from services.lottery.domain.cart import OPERATIONS as DOMAIN_OPERATIONS

    assert OPERATIONS == DOMAIN_OPERATIONS
