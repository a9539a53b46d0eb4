"""The operating system's errors as a secretary reads them: in Danish.

``OSError.strerror`` is the C library's text, in English wherever the locale
is (``Permission denied``, ``No space left on device``); the error's number
says the same, and is said in Danish here::

    >>> import errno
    >>> os_problem(PermissionError(errno.EACCES, "Permission denied"))
    'adgang nægtet'
    >>> os_problem(OSError(errno.EXDEV, "Invalid cross-device link"))
    'systemfejl EXDEV'
"""

from __future__ import annotations

import errno

__all__ = ["os_problem"]

_DANISH = {
    errno.EACCES: "adgang nægtet",
    errno.EPERM: "handlingen er ikke tilladt",
    errno.ENOENT: "filen eller en mappe i stien findes ikke",
    errno.EISDIR: "er en mappe, ikke en fil",
    errno.ENOTDIR: "en del af stien er ikke en mappe",
    errno.EEXIST: "findes allerede",
    errno.ENOSPC: "disken er fuld",
    errno.EDQUOT: "diskkvoten er brugt op",
    errno.EFBIG: "filen er for stor til filsystemet",
    errno.EROFS: "filsystemet er skrivebeskyttet",
    errno.EIO: "ind- eller uddatafejl på disken",
    errno.ENAMETOOLONG: "navnet er for langt",
    errno.ELOOP: "for mange symbolske link i stien",
    errno.EMFILE: "for mange åbne filer",
    errno.ENFILE: "for mange åbne filer i systemet",
    errno.EBUSY: "filen er i brug",
    errno.ETXTBSY: "filen er i brug",
    errno.ENOMEM: "ikke nok hukommelse",
    errno.ENOEXEC: "filen er ikke et program, der kan køres",
    errno.EINVAL: "ugyldigt navn eller argument",
}


def os_problem(error: OSError) -> str:
    """What ``error`` means, in Danish, from its number; one this table does not know is
    "systemfejl" with the number's name (``EXDEV``), never the C library's English."""
    if error.errno in _DANISH:
        return _DANISH[error.errno]
    name = errno.errorcode.get(error.errno) if error.errno is not None else None
    return f"systemfejl {name}" if name else "systemfejl"
