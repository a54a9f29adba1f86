#!/bin/sh
# Installs what the model trainer needs, from Debian's packages (no pip, no network beyond apt):
# scikit-learn 1.2, onnx 1.12, numpy and scipy for /usr/bin/python3.
# The python3 first on PATH may be another interpreter (pyenv): the trainer always uses
# /usr/bin/python3 (override with SIGNALCRAFT_PYTHON).
set -eu
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends python3 python3-numpy python3-scipy python3-sklearn python3-onnx
/usr/bin/python3 -c 'import sklearn, onnx, numpy, scipy; print("scikit-learn", sklearn.__version__, "onnx", onnx.__version__, "numpy", numpy.__version__, "scipy", scipy.__version__)'
