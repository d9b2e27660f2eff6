# --- PYODIDE:ignore --- #
"""
Exercice « somme » (première NSI) : parcourir une liste avec une boucle.
La fonction sum est interdite : elle est masquée dans la section env.
"""
# --- PYODIDE:env --- #


def sum(*args, **kwargs):
    raise NotImplementedError("La fonction sum est interdite dans cet exercice.")


# --- PYODIDE:ignore --- #
##########################
# --- PYODIDE:code --- #
def somme(nombres):
    ...


# --- PYODIDE:corr --- #
def somme(nombres):
    total = 0
    for nombre in nombres:
        total = total + nombre
    return total


# --- PYODIDE:tests --- #
assert somme([]) == 0
assert somme([1, 2, 3]) == 6

# --- PYODIDE:secrets --- #
assert somme([-4, 4]) == 0, "somme([-4, 4])"
assert somme([10]) == 10, "somme([10])"
assert somme([0.5, 0.25]) == 0.75, "somme([0.5, 0.25])"
