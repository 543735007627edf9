"""Loader: planner-written YAML files → validated models, with every problem as `file:line:col: message`."""

from .errors import Problem, ScenarioError, UserError
from .files import FileCache
from .library import Library, load_library
from .loaded import LoadedScenario
from .scenario_loader import load_profile, load_scenario
from .validate import FileReport, coverage_of, validate_file

__all__ = [
    "FileCache",
    "FileReport",
    "Library",
    "LoadedScenario",
    "Problem",
    "ScenarioError",
    "UserError",
    "coverage_of",
    "load_library",
    "load_profile",
    "load_scenario",
    "validate_file",
]
