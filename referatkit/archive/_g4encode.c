/*
 * CCITT T.6 (Group 4) coding of a bilevel page: the archive's TIFF renditions.
 *
 * The same bits libtiff's encoder writes (the rules of T.6 leave no choice: each
 * changing element is coded in pass, vertical or horizontal mode as T.4 4.2.1.3.3
 * says, then EOFB and zero bits to the byte), in about a third of its time: libtiff
 * scans the reference line again for every changing element; here each line's
 * changing elements are found once, a machine word at a time over runs of one
 * colour, and the coding walks the two lists. tests/test_g4encode.py holds the
 * two encoders to the same bytes; referatkit/archive/_g4.py uses libtiff's where
 * this module is not built.
 *
 * Input: rows of bits, most significant bit first, 1 for black (as numpy's
 * packbits makes them), each row (width + 7) / 8 bytes; bits past the width
 * are ignored.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(_MSC_VER)
#include <intrin.h>
#endif

typedef struct {
    uint16_t code;
    uint8_t length;
} Code;

/* T.4 Table 2: terminating codes (runs 0 to 63). */
static const Code WHITE_TERMINATING[64] = {
    {0x35, 8}, {0x07, 6}, {0x07, 4}, {0x08, 4}, {0x0B, 4}, {0x0C, 4}, {0x0E, 4}, {0x0F, 4},
    {0x13, 5}, {0x14, 5}, {0x07, 5}, {0x08, 5}, {0x08, 6}, {0x03, 6}, {0x34, 6}, {0x35, 6},
    {0x2A, 6}, {0x2B, 6}, {0x27, 7}, {0x0C, 7}, {0x08, 7}, {0x17, 7}, {0x03, 7}, {0x04, 7},
    {0x28, 7}, {0x2B, 7}, {0x13, 7}, {0x24, 7}, {0x18, 7}, {0x02, 8}, {0x03, 8}, {0x1A, 8},
    {0x1B, 8}, {0x12, 8}, {0x13, 8}, {0x14, 8}, {0x15, 8}, {0x16, 8}, {0x17, 8}, {0x28, 8},
    {0x29, 8}, {0x2A, 8}, {0x2B, 8}, {0x2C, 8}, {0x2D, 8}, {0x04, 8}, {0x05, 8}, {0x0A, 8},
    {0x0B, 8}, {0x52, 8}, {0x53, 8}, {0x54, 8}, {0x55, 8}, {0x24, 8}, {0x25, 8}, {0x58, 8},
    {0x59, 8}, {0x5A, 8}, {0x5B, 8}, {0x4A, 8}, {0x4B, 8}, {0x32, 8}, {0x33, 8}, {0x34, 8},
};
static const Code BLACK_TERMINATING[64] = {
    {0x37, 10}, {0x02, 3},  {0x03, 2},  {0x02, 2},  {0x03, 3},  {0x03, 4},  {0x02, 4},  {0x03, 5},
    {0x05, 6},  {0x04, 6},  {0x04, 7},  {0x05, 7},  {0x07, 7},  {0x04, 8},  {0x07, 8},  {0x18, 9},
    {0x17, 10}, {0x18, 10}, {0x08, 10}, {0x67, 11}, {0x68, 11}, {0x6C, 11}, {0x37, 11}, {0x28, 11},
    {0x17, 11}, {0x18, 11}, {0xCA, 12}, {0xCB, 12}, {0xCC, 12}, {0xCD, 12}, {0x68, 12}, {0x69, 12},
    {0x6A, 12}, {0x6B, 12}, {0xD2, 12}, {0xD3, 12}, {0xD4, 12}, {0xD5, 12}, {0xD6, 12}, {0xD7, 12},
    {0x6C, 12}, {0x6D, 12}, {0xDA, 12}, {0xDB, 12}, {0x54, 12}, {0x55, 12}, {0x56, 12}, {0x57, 12},
    {0x64, 12}, {0x65, 12}, {0x52, 12}, {0x53, 12}, {0x24, 12}, {0x37, 12}, {0x38, 12}, {0x27, 12},
    {0x28, 12}, {0x58, 12}, {0x59, 12}, {0x2B, 12}, {0x2C, 12}, {0x5A, 12}, {0x66, 12}, {0x67, 12},
};
/* Make-up codes of 64 to 2560 by 64, index run / 64 - 1; from 1792 on both colours share them. */
static const Code WHITE_MAKEUP[40] = {
    {0x1B, 5},  {0x12, 5},  {0x17, 6},  {0x37, 7},  {0x36, 8},  {0x37, 8},  {0x64, 8},  {0x65, 8},
    {0x68, 8},  {0x67, 8},  {0xCC, 9},  {0xCD, 9},  {0xD2, 9},  {0xD3, 9},  {0xD4, 9},  {0xD5, 9},
    {0xD6, 9},  {0xD7, 9},  {0xD8, 9},  {0xD9, 9},  {0xDA, 9},  {0xDB, 9},  {0x98, 9},  {0x99, 9},
    {0x9A, 9},  {0x18, 6},  {0x9B, 9},  {0x08, 11}, {0x0C, 11}, {0x0D, 11}, {0x12, 12}, {0x13, 12},
    {0x14, 12}, {0x15, 12}, {0x16, 12}, {0x17, 12}, {0x1C, 12}, {0x1D, 12}, {0x1E, 12}, {0x1F, 12},
};
static const Code BLACK_MAKEUP[40] = {
    {0x0F, 10}, {0xC8, 12}, {0xC9, 12}, {0x5B, 12}, {0x33, 12}, {0x34, 12}, {0x35, 12}, {0x6C, 13},
    {0x6D, 13}, {0x4A, 13}, {0x4B, 13}, {0x4C, 13}, {0x4D, 13}, {0x72, 13}, {0x73, 13}, {0x74, 13},
    {0x75, 13}, {0x76, 13}, {0x77, 13}, {0x52, 13}, {0x53, 13}, {0x54, 13}, {0x55, 13}, {0x5A, 13},
    {0x5B, 13}, {0x64, 13}, {0x65, 13}, {0x08, 11}, {0x0C, 11}, {0x0D, 11}, {0x12, 12}, {0x13, 12},
    {0x14, 12}, {0x15, 12}, {0x16, 12}, {0x17, 12}, {0x1C, 12}, {0x1D, 12}, {0x1E, 12}, {0x1F, 12},
};
/* T.4 Table 4: the two-dimensional modes; vertical by a1 - b1 from -3 to 3. */
static const Code PASS = {0x1, 4};
static const Code HORIZONTAL = {0x1, 3};
static const Code VERTICAL[7] = {{0x02, 7}, {0x02, 6}, {0x02, 3}, {0x1, 1}, {0x03, 3}, {0x03, 6}, {0x03, 7}};
static const Code EOL = {0x001, 12};

typedef struct {
    uint8_t *data;
    size_t size;
    size_t capacity;
    uint64_t bits;  /* pending bits, the last `count` of them */
    int count;
} Writer;

static int reserve(Writer *out, size_t more) {
    if (out->size + more <= out->capacity) {
        return 1;
    }
    size_t capacity = out->capacity ? out->capacity : 1 << 16;
    while (capacity < out->size + more) {
        capacity *= 2;
    }
    uint8_t *grown = realloc(out->data, capacity);
    if (grown == NULL) {
        return 0;
    }
    out->data = grown;
    out->capacity = capacity;
    return 1;
}

/* Room is reserved a line at a time (see encode), so put never grows the buffer. */
static inline void put(Writer *out, Code code) {
    out->bits = (out->bits << code.length) | code.code;
    out->count += code.length;
    if (out->count >= 32) { /* four bytes at a time: at most 31 + 13 bits are pending */
        out->count -= 32;
        uint32_t word = (uint32_t)(out->bits >> out->count);
        out->data[out->size] = (uint8_t)(word >> 24);
        out->data[out->size + 1] = (uint8_t)(word >> 16);
        out->data[out->size + 2] = (uint8_t)(word >> 8);
        out->data[out->size + 3] = (uint8_t)word;
        out->size += 4;
    }
}

/* The pending bits, then zero bits to the byte. */
static void flush(Writer *out) {
    while (out->count >= 8) {
        out->count -= 8;
        out->data[out->size++] = (uint8_t)(out->bits >> out->count);
    }
    if (out->count > 0) {
        out->data[out->size++] = (uint8_t)(out->bits << (8 - out->count));
        out->count = 0;
    }
}

static inline void put_run(Writer *out, int run, int black) {
    const Code *makeup = black ? BLACK_MAKEUP : WHITE_MAKEUP;
    while (run >= 2624) { /* as libtiff: 2560 at a time until one make-up code and a rest remain */
        put(out, makeup[39]);
        run -= 2560;
    }
    if (run >= 64) {
        put(out, makeup[(run >> 6) - 1]);
        run &= 63;
    }
    put(out, (black ? BLACK_TERMINATING : WHITE_TERMINATING)[run]);
}

/* Eight bytes as one number, the first byte highest (the line's first pixel is bit 63). */
static inline uint64_t load_be64(const uint8_t *bytes) {
    uint64_t word;
    memcpy(&word, bytes, 8);
#if defined(_MSC_VER)
    word = _byteswap_uint64(word);
#elif defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    word = __builtin_bswap64(word);
#endif
    return word;
}

/* The number of zero bits above the highest set bit of a word that is not 0. */
static inline int leading_zeros(uint64_t word) {
#if defined(_MSC_VER)
    unsigned long index;
    _BitScanReverse64(&index, word);
    return 63 - (int)index;
#else
    return __builtin_clzll(word);
#endif
}

/* A line's changing elements, in an array that grows as a line needs it: a page is most
 * often a few thousand pixels wide, but a PDF's page may be millions wide and one row tall. */
typedef struct {
    int *at;
    Py_ssize_t capacity;
} Changes;

static int room(Changes *changes, Py_ssize_t needed) {
    if (needed <= changes->capacity) {
        return 1;
    }
    Py_ssize_t capacity = changes->capacity ? changes->capacity : 1024;
    while (capacity < needed) {
        capacity *= 2;
    }
    int *grown = realloc(changes->at, sizeof(int) * (size_t)capacity);
    if (grown == NULL) {
        return 0;
    }
    changes->at = grown;
    changes->capacity = capacity;
    return 1;
}

/* The changing elements of a line: the columns whose pixel differs from the one before it (the
 * one before the first is white), then three times `width`. Returns how many there are, or -1
 * when there is no memory for them.
 * Sixty-four pixels at a time: a word's changes are the bits where it differs from itself moved
 * one pixel on; a word of one colour, most of a page, has none. */
static Py_ssize_t find_changes(const uint8_t *row, Py_ssize_t width, Changes *changes) {
    Py_ssize_t count = 0;
    Py_ssize_t bytes = (width + 7) / 8;
    uint64_t previous = 0; /* the last pixel of the word before */
    if (!room(changes, 64 + 3)) {
        return -1;
    }
    for (Py_ssize_t i = 0; i < bytes; i += 8) {
        uint64_t word;
        if (i + 8 <= bytes) {
            word = load_be64(row + i);
        } else {
            uint8_t tail[8] = {0};
            memcpy(tail, row + i, (size_t)(bytes - i));
            word = load_be64(tail);
        }
        uint64_t flips = word ^ ((word >> 1) | (previous << 63));
        previous = word & 1;
        if (flips && !room(changes, count + 64 + 3)) {
            return -1;
        }
        int *found = changes->at;
        while (flips) {
            int bit = leading_zeros(flips);
            Py_ssize_t column = i * 8 + bit;
            if (column >= width) { /* the bits past the width, in the last word */
                break;
            }
            found[count++] = (int)column;
            flips ^= (UINT64_C(1) << 63) >> bit;
        }
    }
    changes->at[count] = changes->at[count + 1] = changes->at[count + 2] = (int)width;
    return count;
}

/* One line in two-dimensional coding against the reference line's changing elements. */
static void code_line(Writer *out, const int *line, const int *reference, int width) {
    int a0 = -1;      /* before the first pixel */
    int colour = 0;   /* of a0: white */
    int a = 0, b = 0; /* the first changing elements of each line right of a0 */
    for (;;) {
        while (line[a] <= a0) {
            a++;
        }
        while (reference[b] <= a0) {
            b++;
        }
        int a1 = line[a];
        /* b1 is of the colour opposite a0's: elements alternate, black first (even). */
        int b1_index = b + ((b & 1) != colour);
        int b1 = reference[b1_index];
        int b2 = reference[b1_index + 1];
        if (b2 < a1) {
            put(out, PASS);
            a0 = b2;
        } else if (b1 - a1 >= -3 && b1 - a1 <= 3) {
            put(out, VERTICAL[a1 - b1 + 3]);
            a0 = a1;
            colour ^= 1;
        } else {
            int a2 = line[a + 1];
            put(out, HORIZONTAL);
            put_run(out, a1 - (a0 < 0 ? 0 : a0), colour);
            put_run(out, a2 - a1, !colour);
            a0 = a2;
        }
        if (a0 >= width) {
            return;
        }
    }
}

static PyObject *encode(PyObject *module, PyObject *args) {
    Py_buffer rows;
    Py_ssize_t width, height;
    (void)module;
    if (!PyArg_ParseTuple(args, "y*nn", &rows, &width, &height)) {
        return NULL;
    }
    Py_ssize_t stride = (width + 7) / 8;
    if (width < 1 || width > INT_MAX - 3 || height < 0 || rows.len != stride * height) {
        PyBuffer_Release(&rows);
        PyErr_SetString(PyExc_ValueError, "the rows do not fit the width and height");
        return NULL;
    }
    Changes first = {NULL, 0}, second = {NULL, 0};
    Writer out = {NULL, 0, 0, 0, 0};
    int ok = 1;
    Py_BEGIN_ALLOW_THREADS
    Changes *reference = &first, *line = &second;
    ok = room(reference, 3);
    if (ok) {
        reference->at[0] = reference->at[1] = reference->at[2] = (int)width; /* an imaginary white line */
    }
    const uint8_t *data = rows.buf;
    Py_ssize_t previous = 0; /* the reference line's changing elements */
    for (Py_ssize_t y = 0; y < height && ok; y++) {
        Py_ssize_t count = find_changes(data + y * stride, width, line);
        /* Bytes enough for the line: each code consumes a changing element of either line
         * (a pass, a vertical, half a horizontal) and is at most 3 + 13 + 12 bits with its
         * runs' terminating codes; the make-up codes of a line's runs sum to its width. */
        ok = count >= 0 && reserve(&out, (size_t)(count + previous + 4) * 4 + (size_t)(width / 64 + 2) * 2 + 16);
        if (ok) {
            code_line(&out, line->at, reference->at, (int)width);
            Changes *swap = reference;
            reference = line;
            line = swap;
            previous = count;
        }
    }
    if (ok && (ok = reserve(&out, 16))) {
        put(&out, EOL); /* EOFB */
        put(&out, EOL);
        flush(&out);
    }
    Py_END_ALLOW_THREADS
    free(first.at);
    free(second.at);
    PyBuffer_Release(&rows);
    if (!ok) {
        free(out.data);
        return PyErr_NoMemory();
    }
    PyObject *result = PyBytes_FromStringAndSize((const char *)out.data, (Py_ssize_t)out.size);
    free(out.data);
    return result;
}

static PyMethodDef methods[] = {
    {"encode", encode, METH_VARARGS,
     "encode(rows, width, height) -> bytes\n\n"
     "The page's rows of bits (most significant bit first, 1 black, (width + 7) // 8 bytes a row)\n"
     "coded as CCITT T.6 (Group 4), ended by EOFB: the strip libtiff would write."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_g4encode", "CCITT Group 4 coding of bilevel pages (see _g4encode.c).", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__g4encode(void) { return PyModule_Create(&module); }
