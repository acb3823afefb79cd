/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * The variable byte integer of lib/wire.h checked over its whole domain,
 * as compiled (gcc -O2 with the library's own flags): the functional half
 * of what proofs/wp_varint.c states, for the goals whose bit operations
 * and narrowing casts Debian's provers (CVC4, Z3; Alt-Ergo is not
 * packaged) cannot discharge.
 *   - every v in [0, 268,435,455]: mqw_wr_varint writes mqw_varint_size(v)
 *     bytes, the fewest that hold v; mqw_varint_decode (minimal form
 *     required) reads them back as v with that length;
 *   - every input the decoder can be shown (1 to 4 bytes, all but the last
 *     continuing, whole and cut short at every length; bytes after the
 *     last are never read, as EVA proves for mqw_frame): mqw_varint_decode
 *     answers as the reference below says --
 *     incomplete, a fourth byte that continues (MQW_VARINT_LONG, bad 3), a
 *     final 0x00 after the first byte (MQW_VARINT_PADDED when minimal), or
 *     the value and length -- with and without the minimal form.
 * Prints the number of cases and exits 1 at the first disagreement.
 */
#include <stdio.h>

#include "wire.h"

/* The encoding read the slow way, byte by byte, from its definition. */
static int reference(const uint8_t *p, size_t avail, bool minimal, uint32_t *value, size_t *bad)
{
    uint32_t v = 0;
    for (size_t i = 0; i < 4; i++) {
        if (i == avail)
            return 0;
        v += (uint32_t)(p[i] % 128) << (7 * i);
        if (p[i] < 128) {
            if (minimal && i > 0 && p[i] == 0) {
                *bad = i;
                return MQW_VARINT_PADDED;
            }
            *value = v;
            return (int)i + 1;
        }
    }
    *bad = 3;
    return MQW_VARINT_LONG;
}

static int fail(const char *what, uint32_t x)
{
    printf("varint: %s disagrees at 0x%08x\n", what, (unsigned)x);
    return 1;
}

int main(void)
{
    unsigned long long cases = 0;
    for (uint32_t v = 0; v <= MQW_VARINT_MAX; v++, cases++) {
        uint8_t b[4];
        uint8_t *end = mqw_wr_varint(b, v);
        size_t n = mqw_varint_size(v);
        uint32_t back = 0;
        size_t bad = 0;
        /* The fewest bytes: v does not fit in n - 1 of them. */
        if ((size_t)(end - b) != n || (n > 1 && v < 1u << (7 * (n - 1))) ||
            (n < 4 && v >= 1u << (7 * n)))
            return fail("size", v);
        if (mqw_varint_decode(b, end, true, &back, &bad) != (int)n || back != v)
            return fail("decode of encode", v);
    }
    /* Every sequence the decoder can be shown: k = 1..4 bytes, all but the
     * last continuing (the last any byte: at k = 4 one that continues is
     * the fifth-byte case), read whole and cut at every shorter length. */
    for (size_t k = 1; k <= 4; k++) {
        uint64_t count = 256ull << (7 * (k - 1));
        for (uint64_t x = 0; x < count; x++) {
            uint8_t p[4];
            for (size_t i = 0; i + 1 < k; i++)
                p[i] = (uint8_t)(0x80 | (x >> (7 * i) & 0x7F));
            p[k - 1] = (uint8_t)(x >> (7 * (k - 1)));
            /* The cut inputs repeat across x; check each once, at the x
             * whose last byte is 0. */
            for (size_t avail = p[k - 1] ? k : 0; avail <= k; avail++) {
                for (int minimal = 0; minimal < 2; minimal++, cases++) {
                    uint32_t v1 = 0, v2 = 0;
                    size_t bad1 = 0, bad2 = 0;
                    int r1 = mqw_varint_decode(p, p + avail, minimal, &v1, &bad1);
                    int r2 = reference(p, avail, minimal, &v2, &bad2);
                    if (r1 != r2 || (r1 > 0 && v1 != v2) || (r1 < 0 && bad1 != bad2))
                        return fail("decode", (uint32_t)x);
                }
            }
        }
    }
    printf("varint: %llu cases, all as specified\n", cases);
    return 0;
}
