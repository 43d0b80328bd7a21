"""Builds dutyscore._dutyscore with the repository's CMake (the same target
CTest tests), offline: the C++ library, pybind11 and Python's headers come
from the system (Debian: pybind11-dev, python3-dev, and the libraries in
tools/install-deps.sh). The repository must be the parent of this folder.

DUTYSCORE_CMAKE_ARGS adds CMake arguments (e.g. a compiler launcher);
DUTYSCORE_JOBS sets the build's parallelism (default 2)."""
import os
import pathlib
import shlex
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = pathlib.Path(__file__).resolve().parent.parent


class CMakeExtension(Extension):
    def __init__(self, name):
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        if not (ROOT / "CMakeLists.txt").exists():
            sys.exit(f"dutyscore: the repository is not at {ROOT}; install from a checkout "
                     "(pip install ./python)")
        build = pathlib.Path(self.build_temp).resolve() / "cmake"
        configure = ["cmake", "-S", str(ROOT), "-B", str(build), "-DCMAKE_BUILD_TYPE=Release",
                     "-DDUTYSCORE_BUILD_TESTS=OFF", "-DDUTYSCORE_BUILD_BENCH=OFF",
                     "-DDUTYSCORE_PYTHON=ON", "-DDUTYSCORE_JAVA=OFF",
                     f"-DPython3_EXECUTABLE={sys.executable}"]
        configure += shlex.split(os.environ.get("DUTYSCORE_CMAKE_ARGS", ""))
        subprocess.run(configure, check=True)
        subprocess.run(["cmake", "--build", str(build), "--target", "_dutyscore", "-j",
                        os.environ.get("DUTYSCORE_JOBS", "2")], check=True)
        built = sorted((build / "python" / "dutyscore").glob("_dutyscore*.so"))
        if not built:
            sys.exit("dutyscore: CMake built no _dutyscore module")
        target = pathlib.Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(built[0], target)


setup(ext_modules=[CMakeExtension("dutyscore._dutyscore")], cmdclass={"build_ext": CMakeBuild})
