# lit configuration for every Interlock suite; lit.site.cfg.py says where the build is.
import os
import shutil

import lit.formats
import lit.util

config.name = "Interlock"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".test", ".cpp", ".c"]
config.excludes = ["Inputs", "unit", "lit.cfg.py", "lit.site.cfg.py.in", "CMakeLists.txt"]
config.test_source_root = os.path.dirname(__file__)

site = lit_config.params.get("interlock_site_config")
if not site:
    lit_config.fatal("run through ctest, or pass --param interlock_site_config=BUILD/tests/lit.site.cfg.py")
lit_config.load_config(config, site)
config.test_exec_root = os.path.join(config.interlock_obj_root, "tests", "lit-out")

config.environment["PATH"] = os.pathsep.join(
    [config.interlock_bin_dir, config.llvm_tools_dir, config.environment.get("PATH", os.environ.get("PATH", ""))])
for var in ["HOME", "TMPDIR", "LANG", "DOTNET_BUNDLE_EXTRACT_BASE_DIR"]:
    if var in os.environ:
        config.environment[var] = os.environ[var]
# Findings print without colour so FileCheck sees plain text.
config.environment["NO_COLOR"] = "1"
# `interlock check` without a compilation database caches summaries under
# $XDG_CACHE_HOME: inside the build, not the user's home.
config.environment["XDG_CACHE_HOME"] = os.path.join(config.test_exec_root, "xdg-cache")

scripts = os.path.join(config.interlock_src_root, "scripts")
config.substitutions += [
    ("%interlock", os.path.join(config.interlock_bin_dir, "interlock")),
    ("%python", config.python),
    ("%scripts", scripts),
    ("%samples", os.path.join(config.interlock_src_root, "samples")),
    ("%clangxx", config.clangxx),
    ("%clang", config.clang),
    ("%resource_dir", config.clang_resource_dir),
    ("%bindir", config.interlock_bin_dir),
    ("%libdir", config.interlock_lib_dir),
    ("%obj_root", config.interlock_obj_root),
]
config.available_features.add("tsan")

# Microsoft's SARIF Multitool validates the SARIF we write (scripts/setup.sh installs it
# with npm when it can). Without it the validation tests are UNSUPPORTED, and lit says why.
multitool = os.environ.get("INTERLOCK_SARIF_MULTITOOL") or getattr(config, "sarif_multitool", "")
if multitool and os.access(multitool, os.X_OK):
    config.available_features.add("sarif-multitool")
    config.substitutions.append(("%sarif_multitool", multitool))
    config.environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1"
else:
    lit_config.note("SARIF Multitool not found at '%s' (scripts/setup.sh installs it with "
                    "npm): SARIF validation tests are UNSUPPORTED" % multitool)

# Neovim's built-in LSP client drives `interlock lsp` end to end (scripts/setup.sh
# installs Debian's neovim). Without it the editor test is UNSUPPORTED, and lit says why.
if shutil.which("nvim", path=config.environment["PATH"]):
    config.available_features.add("neovim")
else:
    lit_config.note("nvim not found (scripts/setup.sh installs Debian's neovim): the "
                    "Neovim LSP test is UNSUPPORTED")
