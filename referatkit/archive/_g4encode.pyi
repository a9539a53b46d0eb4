from typing import Any

import numpy as np
from typing_extensions import Buffer

def encode(rows: Buffer | np.ndarray[Any, np.dtype[np.uint8]], width: int, height: int, /) -> bytes:
    """The page's rows of bits (most significant bit first, 1 black, ``(width + 7) // 8`` bytes a
    row) coded as CCITT T.6 (Group 4), ended by EOFB: the strip libtiff would write."""
