"""Importers for the exports of the Danish case systems (ESDH).

``sbsys`` (SBSYS "Publication" XML), ``sbsys-dagsorden`` (SBSYS "Dagsorden"
XML, Danish element names), ``edoc`` (eDoc AgendaPublishing XML),
``edoc-fujitsu`` (eDoc agenda XML in the Fujitsu namespace) and ``acadre``
(Acadre Meeting Manager: the manifest or the agenda file it points to).
``docs/esdh.md`` describes each, its quirks and what becomes of every field.
"""

from ._acadre import read_acadre
from ._edoc import read_edoc
from ._fujitsu import read_fujitsu
from ._sbsys import read_sbsys
from ._sbsys_dagsorden import read_sbsys_dagsorden

__all__ = ["read_acadre", "read_edoc", "read_fujitsu", "read_sbsys", "read_sbsys_dagsorden"]
