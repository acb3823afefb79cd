/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * mqw_utf8_check against a reference written for clarity, not speed:
 * decode each code point the long way (count the bytes from the lead, take
 * the bits, then reject overlongs, surrogates and values past U+10FFFF by
 * value). Both must agree on accept/reject and on the offset of the first
 * bad sequence, with and without MQW_STRICT_UTF8.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "mqttwire.h"

static bool reference_char_ok(uint32_t cp, bool strict)
{
    if (cp == 0)
        return false;
    if (cp >= 0xD800 && cp <= 0xDFFF)
        return false;
    if (cp > 0x10FFFF)
        return false;
    if (strict) {
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
            return false;
        if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFF) == 0xFFFE || (cp & 0xFFFF) == 0xFFFF)
            return false;
    }
    return true;
}

/* Offset of the first bad sequence, or len. */
static size_t reference_scan(const uint8_t *s, size_t len, bool strict)
{
    size_t i = 0;
    while (i < len) {
        uint8_t b = s[i];
        size_t n;
        uint32_t cp, min;
        if (b < 0x80) {
            n = 1, cp = b, min = 0;
        } else if ((b & 0xE0) == 0xC0) {
            n = 2, cp = b & 0x1F, min = 0x80;
        } else if ((b & 0xF0) == 0xE0) {
            n = 3, cp = b & 0x0F, min = 0x800;
        } else if ((b & 0xF8) == 0xF0) {
            n = 4, cp = b & 0x07, min = 0x10000;
        } else {
            return i;
        }
        if (len - i < n)
            return i;
        for (size_t k = 1; k < n; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
            cp = cp << 6 | (s[i + k] & 0x3F);
        }
        if (cp < min || !reference_char_ok(cp, strict))
            return i;
        i += n;
    }
    return len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *copy = malloc(size ? size : 1);
    FUZZ_CHECK(copy != NULL);
    memcpy(copy, data, size);
    for (int strict = 0; strict < 2; strict++) {
        mqw_bytes s = {size ? copy : NULL, size};
        mqw_diag diag;
        int rc = mqw_utf8_check(s, strict ? MQW_STRICT_UTF8 : 0, &diag);
        size_t want = reference_scan(copy, size, strict);
        if (want == size) {
            FUZZ_CHECK_MSG(rc == MQW_OK, "rejected at %zu, reference accepts (strict %d)",
                           diag.offset, strict);
        } else {
            FUZZ_CHECK_MSG(rc == MQW_ERR_UTF8, "accepted, reference rejects at %zu (strict %d)",
                           want, strict);
            FUZZ_CHECK_MSG(diag.offset == want, "offset %zu, reference %zu (strict %d)",
                           diag.offset, want, strict);
            FUZZ_CHECK(diag.rule != NULL && strncmp(diag.rule, "STR-", 4) == 0);
        }
    }
    free(copy);
    return 0;
}
