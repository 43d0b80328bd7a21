#!/bin/sh
# Runs a tests/reference script with Debian's Python (the pyenv shim on PATH
# does not see python3-yaml). Exit 77, which CTest reports as a skip, when
# that Python or PyYAML is missing.
python=${DUTYSCORE_REFERENCE_PYTHON:-/usr/bin/python3}
if [ ! -x "$python" ]; then
  echo "SKIP: $python is missing"
  exit 77
fi
if ! "$python" -c 'import yaml' 2>/dev/null; then
  echo "SKIP: PyYAML is missing for $python (install python3-yaml)"
  exit 77
fi
exec "$python" "$@"
