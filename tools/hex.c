/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/* Hex text <-> bytes for the command-line tool. */
#include <stdio.h>

#include "tool.h"

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* White space, and the ':' and ',' that Wireshark's "10:0d:00:04" and a C
 * array's "0x10, 0x0d" put between bytes. */
static bool is_separator(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f' || c == ':' ||
           c == ',';
}

/* see tool.h */
bool hex_decode(const char *text, size_t len, uint8_t *out, size_t *out_len, size_t *bad_at,
                char *why, size_t why_len)
{
    size_t n = 0, i = 0;
    while (i < len) {
        if (is_separator(text[i])) {
            i++;
            continue;
        }
        /* A group: the characters up to the next separator, an optional
         * 0x, then whole bytes (a digit left over is a typo here, not the
         * high half of the next group's first byte). */
        size_t start = i;
        if (i + 1 < len && text[i] == '0' && (text[i + 1] == 'x' || text[i + 1] == 'X')) {
            i += 2;
            if (i == len || is_separator(text[i])) {
                *bad_at = start;
                snprintf(why, why_len, "0x without hex digits at offset %zu", start);
                return false;
            }
        }
        size_t digits_at = i;
        for (; i < len && !is_separator(text[i]); i++) {
            int d = hex_digit(text[i]);
            unsigned char c = (unsigned char)text[i];
            if (d < 0 && c > ' ' && c < 0x7F) {
                *bad_at = i;
                snprintf(why, why_len, "not a hex digit '%c' at offset %zu", c, i);
                return false;
            }
            if (d < 0) { /* a control character or a byte of a UTF-8 sequence */
                *bad_at = i;
                snprintf(why, why_len, "not a hex digit (byte 0x%02X) at offset %zu", c, i);
                return false;
            }
            if ((i - digits_at) % 2 == 1)
                out[n++] = (uint8_t)(hex_digit(text[i - 1]) << 4 | d);
        }
        if ((i - digits_at) % 2 == 1) {
            *bad_at = digits_at;
            snprintf(why, why_len, "odd number of hex digits (%zu from offset %zu)", i - digits_at,
                     digits_at);
            return false;
        }
    }
    *out_len = n;
    return true;
}

/* see tool.h */
void hex_encode(const uint8_t *data, size_t len, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = digits[data[i] >> 4];
        out[2 * i + 1] = digits[data[i] & 0x0F];
    }
    out[2 * len] = '\0';
}
