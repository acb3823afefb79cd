/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/* Hex text <-> bytes for the command-line tool. */
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

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* see tool.h */
bool hex_decode(const char *text, size_t len, uint8_t *out, size_t *out_len, size_t *bad_at)
{
    size_t n = 0;
    int high = -1;
    size_t high_at = 0;
    for (size_t i = 0; i < len; i++) {
        if (is_space(text[i]))
            continue;
        int d = hex_digit(text[i]);
        if (d < 0) {
            *bad_at = i;
            return false;
        }
        if (high < 0) {
            high = d;
            high_at = i;
        } else {
            out[n++] = (uint8_t)(high << 4 | d);
            high = -1;
        }
    }
    if (high >= 0) {
        *bad_at = high_at;
        return false;
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
