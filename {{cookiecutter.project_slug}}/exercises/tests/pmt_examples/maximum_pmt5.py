#--- PMT:env ---#
from math import inf
#  ---------  PYODIDE : code  ---------  #	
def maximum(valeurs):
    ...
# --- PMT:corr --- #
def maximum(valeurs):
    plus_grand = -inf
    for valeur in valeurs:
        if valeur > plus_grand:
            plus_grand = valeur
    return plus_grand
# --- PMT:secrets --- #
assert maximum([3, 9, 2]) == 9
# --- PMT:post --- #
del inf
# --- PMT:REM --- #
On part de `-inf`, plus petit que tout nombre.
