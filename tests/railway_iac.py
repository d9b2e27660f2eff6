"""Evaluate a baked project's `.railway/railway.py` the way the Railway CLI does, offline.

The CLI (railwayapp/cli, src/iac/eval.rs) loads the file as a module named
``railway_sdk_user``, calls ``main`` (with a context built from RAILWAY_IAC_CONTEXT when the
function takes a parameter, without one on older CLIs) and serializes ``.to_graph()``. Its
compiler then renders references as ``${{<resource name>.<VAR>}}`` and rejects duplicate
addresses and references to missing resources: ``rendered_variables`` and ``graph_errors``
are small ports of those two steps (compiler.rs::variable_to_config, graph.rs::validate_graph).
"""

from __future__ import annotations

import importlib.util
import inspect
from pathlib import Path

from railway_sdk import create_railway_context


def load_graph(project: Path, environment: str | None = "production") -> dict:
    """The project graph; ``environment=None`` calls ``main()`` with no context, as CLIs before 5.52 do."""
    spec = importlib.util.spec_from_file_location("railway_sdk_user", project / ".railway" / "railway.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    main = module.main
    if environment is None or not inspect.signature(main).parameters:
        result = main()
    else:
        result = main(create_railway_context({"environment": environment, "environmentName": environment}))
    return result.to_graph() if hasattr(result, "to_graph") else result


def resources(graph: dict) -> dict[str, dict]:
    return {resource["address"]: resource for resource in graph["resources"]}


def graph_errors(graph: dict) -> list[str]:
    errors, seen = [], set()
    for resource in graph["resources"]:
        if resource["address"] in seen:
            errors.append(f"Duplicate resource address: {resource['address']}")
        seen.add(resource["address"])
    for resource in graph["resources"]:
        for value in (resource.get("variables") or {}).values():
            if value.get("type") == "reference" and value["resource"] not in seen:
                errors.append(f"Edge references missing target: {value['resource']}")
        for attachment in (resource.get("volumeAttachments") or {}).values():
            if attachment["volume"] not in seen:
                errors.append(f"Edge references missing target: {attachment['volume']}")
    return errors


def rendered_variables(graph: dict, address: str) -> dict[str, str | None]:
    """A service's variables as Railway stores them; None for ``preserve()`` (kept as set by hand)."""
    names = {resource["address"]: resource["name"] for resource in graph["resources"]}
    rendered = {}
    for key, value in (resources(graph)[address].get("variables") or {}).items():
        kind = value.get("type")
        if kind == "literal":
            rendered[key] = value["value"]
        elif kind == "reference":
            rendered[key] = "${{" + names[value["resource"]] + "." + value["output"] + "}}"
        elif kind == "preserve":
            rendered[key] = None
        else:
            raise AssertionError(f"{address}.{key}: unexpected variable kind {kind!r} ({value!r})")
    return rendered
