/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * Tests for lib/utf8.c: mqw_utf8_check (public) and mqw_utf8_scan (wire.h),
 * docs/rules.md rows STR-1..STR-8, and the same rows seen through a PUBLISH
 * Topic Name on every version.
 *
 * The expected answers come from RFC 3629 section 4 (the well-formed byte
 * sequences table) and MQTT 3.1.1 section 1.5.3 / 5.0 section 1.5.4, through
 * a deliberately naive reference decoder below that the brute-force sweeps
 * compare against.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "wire.h"

/* A view of a string literal, usable in static initialisers. */
/* Tables stay one row per entry with a comment per field where useful;
 * clang-format would put every field on a line of its own. */
/* clang-format off */
/* clang-format on */

/* ---- reference decoder ------------------------------------------------- */

/* Length of the well-formed sequence at s[0..n) per RFC 3629, or 0 if the
 * bytes there do not start one; *cp receives the code point. */
static size_t ref_sequence(const uint8_t *s, size_t n, uint32_t *cp)
{
    uint8_t b = s[0];
    size_t need;
    uint32_t c, min;

    if (b < 0x80) {
        *cp = b;
        return 1;
    }
    if (b >= 0xC2 && b <= 0xDF) {
        need = 2, c = b & 0x1Fu, min = 0x80;
    } else if (b >= 0xE0 && b <= 0xEF) {
        need = 3, c = b & 0x0Fu, min = 0x800;
    } else if (b >= 0xF0 && b <= 0xF4) {
        need = 4, c = b & 0x07u, min = 0x10000;
    } else {
        return 0; /* continuation byte, C0/C1, F5..FF */
    }
    if (n < need)
        return 0;
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = c << 6 | (s[i] & 0x3Fu);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0; /* overlong, beyond Unicode, surrogate */
    *cp = c;
    return need;
}

/* STR-8: what MQW_STRICT_UTF8 rejects besides U+0000. */
static bool ref_strict_reject(uint32_t c)
{
    return (c >= 0x01 && c <= 0x1F) || (c >= 0x7F && c <= 0x9F) || (c >= 0xFDD0 && c <= 0xFDEF) ||
           (c & 0xFFFEu) == 0xFFFEu;
}

/* Index of the first byte of the first bad sequence, or n. */
static size_t ref_scan(const uint8_t *s, size_t n, bool strict)
{
    size_t i = 0;
    while (i < n) {
        uint32_t c = 0;
        size_t k = ref_sequence(s + i, n - i, &c);
        if (k == 0 || c == 0 || (strict && ref_strict_reject(c)))
            return i;
        i += k;
    }
    return n;
}

/* Check both entry points on one string and compare them with `want`
 * (the index of the bad sequence, or len for a good string). */
static void check_both(const uint8_t *s, size_t len, bool strict, size_t want, const char *what)
{
    size_t got = mqw_utf8_scan(s, len, strict);
    ck_assert_msg(got == want, "%s: mqw_utf8_scan = %zu, want %zu (len %zu, strict %d)", what, got,
                  want, len, strict);

    mqw_bytes b = {s, len};
    mqw_diag d = {999, "unset", 0};
    int rc = mqw_utf8_check(b, strict ? MQW_STRICT_UTF8 : 0, &d);
    if (want == len) {
        ck_assert_msg(rc == MQW_OK, "%s: mqw_utf8_check = %s, want MQW_OK", what, mqw_strerror(rc));
    } else {
        ck_assert_msg(rc == MQW_ERR_UTF8, "%s: mqw_utf8_check = %s, want MQW_ERR_UTF8", what,
                      mqw_strerror(rc));
        ck_assert_msg(d.offset == want, "%s: diag.offset = %zu, want %zu", what, d.offset, want);
        ck_assert_msg(d.rule && strncmp(d.rule, "STR-", 4) == 0, "%s: diag.rule = %s", what,
                      d.rule ? d.rule : "NULL");
    }
    /* diag is optional. */
    ck_assert_int_eq(mqw_utf8_check(b, strict ? MQW_STRICT_UTF8 : 0, NULL), rc);
}

/* ---- table of strings -------------------------------------------------- */

typedef struct str_vec {
    const char *name;
    const char *hex;  /* the string's bytes */
    uint32_t flags;   /* MQW_STRICT_UTF8 or 0 */
    int err;          /* MQW_OK or MQW_ERR_UTF8 */
    size_t offset;    /* first byte of the bad sequence */
    const char *rule; /* expected diag.rule (the row of the fault's kind) */
} str_vec;

#define STRICT MQW_STRICT_UTF8
#define BAD MQW_ERR_UTF8

/* clang-format off */
static const str_vec str_table[] = {
    /* Well-formed, every encoding length at its boundaries. */
    {"STR-1 empty string", "", 0, MQW_OK, 0, NULL},
    {"STR-1 ASCII", "61 62 63 2F 78", 0, MQW_OK, 0, NULL},
    {"STR-1 U+0001 lowest ASCII after NUL", "01", 0, MQW_OK, 0, NULL},
    {"STR-1 U+007F highest 1-byte", "7F", 0, MQW_OK, 0, NULL},
    {"STR-1 U+0080 lowest 2-byte", "C2 80", 0, MQW_OK, 0, NULL},
    {"STR-1 U+00E9 2-byte", "C3 A9", 0, MQW_OK, 0, NULL},
    {"STR-1 U+07FF highest 2-byte", "DF BF", 0, MQW_OK, 0, NULL},
    {"STR-1 U+0800 lowest 3-byte", "E0 A0 80", 0, MQW_OK, 0, NULL},
    {"STR-1 U+0FFF E0 upper edge", "E0 BF BF", 0, MQW_OK, 0, NULL},
    {"STR-1 U+1000 E1 lower edge", "E1 80 80", 0, MQW_OK, 0, NULL},
    {"STR-1 U+20AC euro sign", "E2 82 AC", 0, MQW_OK, 0, NULL},
    {"STR-1 U+D7FF below surrogates", "ED 9F BF", 0, MQW_OK, 0, NULL},
    {"STR-1 U+E000 above surrogates", "EE 80 80", 0, MQW_OK, 0, NULL},
    {"STR-1 U+FFFD replacement char", "EF BF BD", 0, MQW_OK, 0, NULL},
    {"STR-1 U+FFFF highest 3-byte (non-char, lenient)", "EF BF BF", 0, MQW_OK, 0, NULL},
    {"STR-1 U+10000 lowest 4-byte", "F0 90 80 80", 0, MQW_OK, 0, NULL},
    {"STR-1 U+1F30D 4-byte", "F0 9F 8C 8D", 0, MQW_OK, 0, NULL},
    {"STR-1 U+3FFFF F0 upper edge", "F0 BF BF BF", 0, MQW_OK, 0, NULL},
    {"STR-1 U+40000 F1 lower edge", "F1 80 80 80", 0, MQW_OK, 0, NULL},
    {"STR-1 U+FFFFF F3 upper edge", "F3 BF BF BF", 0, MQW_OK, 0, NULL},
    {"STR-1 U+100000 F4 lower edge", "F4 80 80 80", 0, MQW_OK, 0, NULL},
    {"STR-1 U+10FFFF highest (non-char, lenient)", "F4 8F BF BF", 0, MQW_OK, 0, NULL},
    {"STR-1 mixed lengths", "61 C3 A9 E2 82 AC F0 9F 8C 8D 7A", 0, MQW_OK, 0, NULL},

    /* STR-1: bad continuation bytes / stray continuations. */
    {"STR-1 CONFORMANCE example C3 28", "C3 28", 0, BAD, 0, "STR-1"},
    {"STR-1 bad continuation after ASCII", "61 62 C3 28", 0, BAD, 2, "STR-1"},
    {"STR-1 stray continuation 80", "80", 0, BAD, 0, "STR-1"},
    {"STR-1 stray continuation BF", "BF", 0, BAD, 0, "STR-1"},
    {"STR-1 stray continuation after ASCII", "61 80", 0, BAD, 1, "STR-1"},
    {"STR-1 extra continuation after 2-byte", "C3 A9 A9", 0, BAD, 2, "STR-1"},
    {"STR-1 extra continuation after 4-byte", "F0 9F 8C 8D 8D", 0, BAD, 4, "STR-1"},
    {"STR-1 lead followed by lead", "C3 C3 A9", 0, BAD, 0, "STR-1"},
    {"STR-1 3-byte with bad 3rd byte", "E2 82 41", 0, BAD, 0, "STR-1"},
    {"STR-1 3-byte with bad 2nd byte", "E2 41 AC", 0, BAD, 0, "STR-1"},
    {"STR-1 4-byte with bad 4th byte", "F0 9F 8C 41", 0, BAD, 0, "STR-1"},
    {"STR-1 4-byte with C0 as 3rd byte", "F0 9F C0 8D", 0, BAD, 0, "STR-1"},
    {"STR-1 bad after good 3-byte", "E2 82 AC 80", 0, BAD, 3, "STR-1"},

    /* STR-3: overlongs of every length. */
    {"STR-3 CONFORMANCE example C0 AF (overlong '/')", "C0 AF", 0, BAD, 0, "STR-3"},
    {"STR-3 overlong NUL C0 80", "C0 80", 0, BAD, 0, "STR-3"},
    {"STR-3 overlong C1 BF", "C1 BF", 0, BAD, 0, "STR-3"},
    {"STR-3 overlong after ASCII", "61 C1 81", 0, BAD, 1, "STR-3"},
    {"STR-3 overlong 3-byte E0 80 80", "E0 80 80", 0, BAD, 0, "STR-3"},
    {"STR-3 overlong 3-byte E0 9F BF (U+07FF)", "E0 9F BF", 0, BAD, 0, "STR-3"},
    {"STR-3 overlong 3-byte '/' E0 80 AF", "E0 80 AF", 0, BAD, 0, "STR-3"},
    {"STR-3 overlong 4-byte F0 80 80 80", "F0 80 80 80", 0, BAD, 0, "STR-3"},
    {"STR-3 overlong 4-byte F0 8F BF BF (U+FFFF)", "F0 8F BF BF", 0, BAD, 0, "STR-3"},
    {"STR-3 overlong 4-byte after 2-byte", "C3 A9 F0 80 80 AF", 0, BAD, 2, "STR-3"},

    /* STR-2: surrogates U+D800..U+DFFF. */
    {"STR-2 CONFORMANCE example ED A0 80 (U+D800)", "ED A0 80", 0, BAD, 0, "STR-2"},
    {"STR-2 U+DBFF high surrogate end", "ED AF BF", 0, BAD, 0, "STR-2"},
    {"STR-2 U+DC00 low surrogate start", "ED B0 80", 0, BAD, 0, "STR-2"},
    {"STR-2 U+DFFF", "ED BF BF", 0, BAD, 0, "STR-2"},
    {"STR-2 surrogate pair (CESU-8)", "ED A0 BD ED B8 80", 0, BAD, 0, "STR-2"},
    {"STR-2 surrogate after ASCII", "61 62 63 ED B2 80", 0, BAD, 3, "STR-2"},

    /* STR-4: above U+10FFFF. */
    {"STR-4 CONFORMANCE example F4 90 80 80 (U+110000)", "F4 90 80 80", 0, BAD, 0, "STR-4"},
    {"STR-4 F4 BF BF BF", "F4 BF BF BF", 0, BAD, 0, "STR-4"},
    {"STR-4 lead F5", "F5 80 80 80", 0, BAD, 0, "STR-4"},
    {"STR-4 lead F7 (old 4-byte max)", "F7 BF BF BF", 0, BAD, 0, "STR-4"},
    {"STR-4 lead F8 (old 5-byte)", "F8 88 80 80 80", 0, BAD, 0, "STR-4"},
    {"STR-4 lead FC (old 6-byte)", "FC 84 80 80 80 80", 0, BAD, 0, "STR-4"},
    {"STR-4 lead FE", "FE", 0, BAD, 0, "STR-4"},
    {"STR-4 lead FF", "FF", 0, BAD, 0, "STR-4"},
    {"STR-4 FF after ASCII", "61 FF", 0, BAD, 1, "STR-4"},

    /* STR-5: truncated at the end of the string and in the middle. */
    {"STR-5 CONFORMANCE example E2 alone", "E2", 0, BAD, 0, "STR-5"},
    {"STR-5 2-byte lead at end", "61 C3", 0, BAD, 1, "STR-5"},
    {"STR-5 3-byte cut after 2", "61 E2 82", 0, BAD, 1, "STR-5"},
    {"STR-5 4-byte cut after 1", "F0", 0, BAD, 0, "STR-5"},
    {"STR-5 4-byte cut after 2", "F0 9F", 0, BAD, 0, "STR-5"},
    {"STR-5 4-byte cut after 3", "61 62 F0 9F 8C", 0, BAD, 2, "STR-5"},
    {"STR-1 2-byte cut in the middle (not STR-5)", "C3 61", 0, BAD, 0, "STR-1"},
    {"STR-1 3-byte cut in the middle (not STR-5)", "E2 82 61 62", 0, BAD, 0, "STR-1"},
    {"STR-1 4-byte cut in the middle (not STR-5)", "61 F0 9F 8C 61", 0, BAD, 1, "STR-1"},

    /* STR-6: U+0000 anywhere. */
    {"STR-6 NUL alone", "00", 0, BAD, 0, "STR-6"},
    {"STR-6 CONFORMANCE example a NUL b", "61 00 62", 0, BAD, 1, "STR-6"},
    {"STR-6 NUL at the end", "61 62 63 00", 0, BAD, 3, "STR-6"},
    {"STR-6 NUL after multibyte", "E2 82 AC 00", 0, BAD, 3, "STR-6"},
    {"STR-6 NUL also with strict", "61 00", STRICT, BAD, 1, "STR-6"},

    /* STR-7: U+FEFF is an ordinary character and stays. */
    {"STR-7 CONFORMANCE example BOM then a", "EF BB BF 61", 0, MQW_OK, 0, NULL},
    {"STR-7 BOM in the middle", "61 EF BB BF 62", 0, MQW_OK, 0, NULL},
    {"STR-7 BOM twice", "EF BB BF EF BB BF", 0, MQW_OK, 0, NULL},
    {"STR-7 BOM is not a non-character (strict)", "EF BB BF 61", STRICT, MQW_OK, 0, NULL},

    /* STR-8: accepted by default ... */
    {"STR-8 CONFORMANCE example a U+0001 (lenient)", "61 01", 0, MQW_OK, 0, NULL},
    {"STR-8 U+001F lenient", "1F", 0, MQW_OK, 0, NULL},
    {"STR-8 TAB and LF lenient", "09 0A", 0, MQW_OK, 0, NULL},
    {"STR-8 U+007F lenient", "7F", 0, MQW_OK, 0, NULL},
    {"STR-8 U+0080 lenient", "C2 80", 0, MQW_OK, 0, NULL},
    {"STR-8 U+009F lenient", "C2 9F", 0, MQW_OK, 0, NULL},
    {"STR-8 U+FDD0 lenient", "EF B7 90", 0, MQW_OK, 0, NULL},
    {"STR-8 U+FDEF lenient", "EF B7 AF", 0, MQW_OK, 0, NULL},
    {"STR-8 U+FFFE lenient", "EF BF BE", 0, MQW_OK, 0, NULL},
    {"STR-8 U+1FFFE lenient", "F0 9F BF BE", 0, MQW_OK, 0, NULL},
    {"STR-8 U+10FFFF lenient", "F4 8F BF BF", 0, MQW_OK, 0, NULL},
    /* ... rejected with MQW_STRICT_UTF8: controls ... */
    {"STR-8 C-3 CONFORMANCE example a U+0001 (strict)", "61 01", STRICT, BAD, 1, "STR-8"},
    {"STR-8 U+0001 strict", "01", STRICT, BAD, 0, "STR-8"},
    {"STR-8 TAB strict", "61 09", STRICT, BAD, 1, "STR-8"},
    {"STR-8 LF strict", "0A", STRICT, BAD, 0, "STR-8"},
    {"STR-8 U+001F strict", "1F", STRICT, BAD, 0, "STR-8"},
    {"STR-8 U+007F strict", "61 7F", STRICT, BAD, 1, "STR-8"},
    {"STR-8 U+0080 strict", "C2 80", STRICT, BAD, 0, "STR-8"},
    {"STR-8 U+0085 (NEL) strict", "61 C2 85", STRICT, BAD, 1, "STR-8"},
    {"STR-8 U+009F strict", "C2 9F", STRICT, BAD, 0, "STR-8"},
    /* ... and non-characters ... */
    {"STR-8 U+FDD0 strict", "EF B7 90", STRICT, BAD, 0, "STR-8"},
    {"STR-8 U+FDE5 strict", "61 EF B7 A5", STRICT, BAD, 1, "STR-8"},
    {"STR-8 U+FDEF strict", "EF B7 AF", STRICT, BAD, 0, "STR-8"},
    {"STR-8 U+FFFE strict", "EF BF BE", STRICT, BAD, 0, "STR-8"},
    {"STR-8 U+FFFF strict", "EF BF BF", STRICT, BAD, 0, "STR-8"},
    {"STR-8 U+1FFFE strict", "F0 9F BF BE", STRICT, BAD, 0, "STR-8"},
    {"STR-8 U+1FFFF strict", "F0 9F BF BF", STRICT, BAD, 0, "STR-8"},
    {"STR-8 U+7FFFE strict", "F1 BF BF BE", STRICT, BAD, 0, "STR-8"},
    {"STR-8 U+10FFFE strict", "F4 8F BF BE", STRICT, BAD, 0, "STR-8"},
    {"STR-8 U+10FFFF strict", "C3 A9 F4 8F BF BF", STRICT, BAD, 2, "STR-8"},
    /* ... while their neighbours stay legal. */
    {"STR-8 U+0020 space strict", "20", STRICT, MQW_OK, 0, NULL},
    {"STR-8 U+007E strict", "7E", STRICT, MQW_OK, 0, NULL},
    {"STR-8 U+00A0 strict", "C2 A0", STRICT, MQW_OK, 0, NULL},
    {"STR-8 U+FDCF strict", "EF B7 8F", STRICT, MQW_OK, 0, NULL},
    {"STR-8 U+FDF0 strict", "EF B7 B0", STRICT, MQW_OK, 0, NULL},
    {"STR-8 U+FFFD strict", "EF BF BD", STRICT, MQW_OK, 0, NULL},
    {"STR-8 U+1FFFD strict", "F0 9F BF BD", STRICT, MQW_OK, 0, NULL},
    {"STR-8 U+10FFFD strict", "F4 8F BF BD", STRICT, MQW_OK, 0, NULL},
    {"STR-1 STR-8 ill-formed still ill-formed in strict", "C3 28", STRICT, BAD, 0, "STR-1"},
    {"STR-8 first problem wins (control first)", "01 C3 28", STRICT, BAD, 0, "STR-8"},
    {"STR-1 STR-8 first problem wins (ill-formed first)", "61 C3 28 01", STRICT, BAD, 1, "STR-1"},
};
/* clang-format on */

START_TEST(utf8_table)
{
    const str_vec *v = &str_table[_i];
    uint8_t s[64];
    size_t len = hex_decode(v->hex, s, sizeof s, NULL);
    bool strict = (v->flags & MQW_STRICT_UTF8) != 0;

    /* The table's own expectation agrees with the reference decoder, so
     * the brute-force sweeps below check the same thing. */
    size_t want = v->err == MQW_OK ? len : v->offset;
    ck_assert_msg(ref_scan(s, len, strict) == want, "%s: reference disagrees", v->name);

    check_both(s, len, strict, want, v->name);

    if (v->err != MQW_OK) {
        mqw_diag d = {0, NULL, 0};
        mqw_bytes b = {s, len};
        mqw_utf8_check(b, v->flags, &d);
        if (v->rule) {
            ck_assert_msg(d.rule && strcmp(d.rule, v->rule) == 0, "%s: rule %s, want %s", v->name,
                          d.rule ? d.rule : "NULL", v->rule);
        } else {
            ck_assert_msg(d.rule && strncmp(d.rule, "STR-", 4) == 0 && d.rule[4] >= '1' &&
                              d.rule[4] <= '5' && d.rule[5] == '\0',
                          "%s: rule %s, want one of STR-1..STR-5", v->name,
                          d.rule ? d.rule : "NULL");
        }
    }

    /* Option bits other than MQW_STRICT_UTF8 change nothing. */
    mqw_bytes b = {s, len};
    uint32_t others = ~(uint32_t)MQW_STRICT_UTF8;
    ck_assert_int_eq(mqw_utf8_check(b, v->flags | others, NULL), v->err);
    ck_assert_int_eq(mqw_utf8_check(b, v->flags | (others & 0xFFu), NULL), v->err);

    /* The same string ending right before an unreadable page: no read past
     * the end, whatever the fast path does. */
    if (len) {
        uint8_t *g = guard_alloc(s, len);
        check_both(g, len, strict, want, v->name);
        guard_free(g, len);
    }
}
END_TEST

START_TEST(utf8_null_view)
{
    mqw_bytes empty = {NULL, 0};
    mqw_diag d = {7, "x", 0};
    ck_assert_int_eq(mqw_utf8_check(empty, 0, &d), MQW_OK);
    ck_assert_int_eq(mqw_utf8_check(empty, MQW_STRICT_UTF8, NULL), MQW_OK);
    ck_assert_uint_eq(mqw_utf8_scan(NULL, 0, false), 0);
    ck_assert_uint_eq(mqw_utf8_scan(NULL, 0, true), 0);
    /* A view with no bytes but a length is a caller mistake (mqw_bytes:
     * "ptr may be NULL only when len is 0"), not bad UTF-8. */
    mqw_bytes broken = {NULL, 3};
    ck_assert_int_eq(mqw_utf8_check(broken, 0, &d), MQW_ERR_ARG);
}
END_TEST

/* ---- long strings: every position, every alignment --------------------- */

#define LONG_LEN 1000

/* Patterns dropped into a long run of good text at position k. `good`
 * says what the run is made of; `want_shift` is where, relative to k, the
 * bad sequence starts. */
typedef struct long_pattern {
    const char *name;
    const char *bytes;
    bool strict;
} long_pattern;

/* clang-format off */
static const long_pattern long_patterns[] = {
    {"STR-4 FF", "\xFF", false},
    {"STR-1 stray continuation", "\x80", false},
    {"STR-6 NUL", "\x00", false},
    {"STR-5 truncated 2-byte", "\xC3", false},
    {"STR-5 truncated 3-byte", "\xE2\x82", false},
    {"STR-5 truncated 4-byte", "\xF0\x9F\x8C", false},
    {"STR-3 overlong", "\xC0\xAF", false},
    {"STR-2 surrogate", "\xED\xA0\x80", false},
    {"STR-8 control", "\x01", true},
    {"STR-8 DEL", "\x7F", true},
    {"STR-8 C1 control", "\xC2\x85", true},
    {"STR-8 non-character", "\xEF\xBF\xBE", true},
};
/* clang-format on */

static size_t pattern_len(const long_pattern *p)
{
    /* "\x00" has strlen 0 but one byte. */
    return p->bytes[0] ? strlen(p->bytes) : 1;
}

/* Fill s[0..n) with ASCII, or with whole 2/3/4-byte characters from
 * `from` on, so that bytes before a bad sequence cover every kind. */
static void fill_text(uint8_t *s, size_t n, int kind)
{
    static const char *const unit[] = {"a", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x8C\x8D"};
    const char *u = unit[kind];
    size_t ul = strlen(u);
    size_t i = 0;
    while (i + ul <= n) {
        memcpy(s + i, u, ul);
        i += ul;
    }
    while (i < n)
        s[i++] = 'z';
}

/* Loop index = position 0..LONG_LEN-1 of the bad sequence. For two
 * alignments of the string's start (0 and one that varies with the
 * position, so that over all positions every pairing of position and
 * start modulo 8 occurs), with the good text before it made of 1-, 2-, 3-
 * or 4-byte characters in turn, and every pattern: the reported offset is
 * exactly that position. */
START_TEST(utf8_long_every_position)
{
    static uint8_t storage[LONG_LEN + 16];
    size_t pos = (size_t)_i;

    for (int round = 0; round < 2; round++) {
        size_t align = round == 0 ? 0 : (pos / 8) % 8;
        uint8_t *s = storage + align;
        int kind = (int)((pos + align) % 4);
        for (size_t p = 0; p < ARRAY_LEN(long_patterns); p++) {
            const long_pattern *lp = &long_patterns[p];
            size_t pl = pattern_len(lp);
            if (pos + pl > LONG_LEN)
                continue;
            /* Good text up to pos (ending on a character boundary), the
             * pattern, then ASCII: a truncated pattern meets a 'q'. */
            fill_text(s, pos, kind);
            memcpy(s + pos, lp->bytes, pl);
            memset(s + pos + pl, 'q', LONG_LEN - pos - pl);
            check_both(s, LONG_LEN, lp->strict, pos, lp->name);
            /* Without strict the STR-8 patterns are good text. */
            if (lp->strict)
                check_both(s, LONG_LEN, false, LONG_LEN, lp->name);
        }
    }
    /* The reference agrees with the construction (spot check per row). */
    fill_text(storage, pos, (int)(pos % 4));
    memcpy(storage + pos, "\xFF", 1);
    memset(storage + pos + 1, 'q', LONG_LEN - pos - 1);
    ck_assert_uint_eq(ref_scan(storage, LONG_LEN, false), pos);
    /* And the all-good text of each kind. */
    uint8_t *good = storage + pos % 8;
    fill_text(good, LONG_LEN, (int)(pos % 4));
    check_both(good, LONG_LEN, pos % 2 == 0, LONG_LEN, "good text");
}
END_TEST

/* A multi-byte character cut off by the end of the string, for every
 * string length: the string's end is the only thing that is wrong. */
START_TEST(utf8_truncated_at_every_length)
{
    static uint8_t s[LONG_LEN];
    size_t n = (size_t)_i + 1; /* 1..LONG_LEN */
    static const char *const cut[] = {"\xC3", "\xE2",     "\xE2\x82",
                                      "\xF0", "\xF0\x9F", "\xF0\x9F\x8C"};
    for (size_t c = 0; c < ARRAY_LEN(cut); c++) {
        size_t cl = strlen(cut[c]);
        if (cl > n)
            continue;
        memset(s, 'a', n - cl);
        memcpy(s + n - cl, cut[c], cl);
        check_both(s, n, false, n - cl, "truncated at end");
        /* The same string ends at a guard page. */
        uint8_t *g = guard_alloc(s, n);
        check_both(g, n, false, n - cl, "truncated at end (guard page)");
        guard_free(g, n);
    }
}
END_TEST

/* Short strings against the guard page: every length 1..64 and every
 * position of a bad byte, so a word-at-a-time loop never reads the page. */
START_TEST(utf8_guard_every_short_length)
{
    size_t n = (size_t)_i + 1;
    uint8_t s[64];
    memset(s, 'a', n);
    uint8_t *g = guard_alloc(s, n);
    check_both(g, n, false, n, "good ASCII at guard page");
    check_both(g, n, true, n, "good ASCII at guard page (strict)");
    guard_free(g, n);
    for (size_t k = 0; k < n; k++) {
        memset(s, 'a', n);
        s[k] = 0xFF;
        g = guard_alloc(s, n);
        check_both(g, n, false, k, "FF at guard page");
        guard_free(g, n);
        s[k] = 0x00;
        g = guard_alloc(s, n);
        check_both(g, n, false, k, "NUL at guard page");
        guard_free(g, n);
    }
}
END_TEST

/* ---- brute force against the reference --------------------------------- */

/* Every 1- and 2-byte string, strict and not. */
START_TEST(utf8_brute_1_2)
{
    uint8_t s[2];
    for (unsigned a = 0; a < 256; a++) {
        s[0] = (uint8_t)a;
        for (int strict = 0; strict < 2; strict++) {
            size_t want = ref_scan(s, 1, strict);
            ck_assert_msg(mqw_utf8_scan(s, 1, strict) == want, "%02X strict %d", a, strict);
        }
        for (unsigned b = 0; b < 256; b++) {
            s[1] = (uint8_t)b;
            for (int strict = 0; strict < 2; strict++) {
                size_t want = ref_scan(s, 2, strict);
                size_t got = mqw_utf8_scan(s, 2, strict);
                ck_assert_msg(got == want, "%02X %02X strict %d: %zu, want %zu", a, b, strict, got,
                              want);
                mqw_diag d = {0, NULL, 0};
                mqw_bytes v = {s, 2};
                int rc = mqw_utf8_check(v, strict ? MQW_STRICT_UTF8 : 0, &d);
                ck_assert_int_eq(rc, want == 2 ? MQW_OK : MQW_ERR_UTF8);
                if (rc)
                    ck_assert_uint_eq(d.offset, want);
            }
        }
    }
}
END_TEST

/* Every 3-byte string; loop index = first byte. */
START_TEST(utf8_brute_3)
{
    uint8_t s[3];
    s[0] = (uint8_t)_i;
    for (unsigned b = 0; b < 256; b++) {
        s[1] = (uint8_t)b;
        for (unsigned c = 0; c < 256; c++) {
            s[2] = (uint8_t)c;
            for (int strict = 0; strict < 2; strict++) {
                size_t want = ref_scan(s, 3, strict);
                size_t got = mqw_utf8_scan(s, 3, strict);
                if (got != want)
                    ck_abort_msg("%02X %02X %02X strict %d: %zu, want %zu", s[0], b, c, strict, got,
                                 want);
            }
        }
    }
}
END_TEST

/* 4-byte strings; loop index = first byte. For the 4-byte leads F0..F4
 * (and their neighbours EF, F5) every second and third byte, with the
 * fourth byte from a set that covers each class boundary; for every lead a
 * pseudo-random sample of the rest. */
START_TEST(utf8_brute_4)
{
    static const uint8_t edge[] = {0x00, 0x2F, 0x7F, 0x80, 0x8F, 0x90,
                                   0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xFF};
    uint8_t s[4];
    unsigned lead = (unsigned)_i;
    s[0] = (uint8_t)lead;
    if (lead >= 0xEF && lead <= 0xF5) {
        for (unsigned b = 0; b < 256; b++)
            for (unsigned c = 0; c < 256; c++)
                for (size_t e = 0; e < ARRAY_LEN(edge); e++) {
                    s[1] = (uint8_t)b, s[2] = (uint8_t)c, s[3] = edge[e];
                    for (int strict = 0; strict < 2; strict++) {
                        size_t want = ref_scan(s, 4, strict);
                        size_t got = mqw_utf8_scan(s, 4, strict);
                        if (got != want)
                            ck_abort_msg("%02X %02X %02X %02X strict %d: %zu, want %zu", s[0], s[1],
                                         s[2], s[3], strict, got, want);
                    }
                }
    }
    uint32_t x = 0x9E3779B9u ^ lead;
    for (int k = 0; k < 20000; k++) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5; /* xorshift32 */
        s[1] = (uint8_t)x, s[2] = (uint8_t)(x >> 8), s[3] = (uint8_t)(x >> 16);
        /* Bias half the samples towards continuation bytes. */
        if (x & 0x80000000u)
            s[1] = (uint8_t)(0x80 | (s[1] & 0x3F)), s[2] = (uint8_t)(0x80 | (s[2] & 0x3F)),
            s[3] = (uint8_t)(0x80 | (s[3] & 0x3F));
        for (int strict = 0; strict < 2; strict++) {
            size_t want = ref_scan(s, 4, strict);
            size_t got = mqw_utf8_scan(s, 4, strict);
            if (got != want)
                ck_abort_msg("%02X %02X %02X %02X strict %d: %zu, want %zu", s[0], s[1], s[2], s[3],
                             strict, got, want);
        }
    }
}
END_TEST

/* Every valid code point encoded by the test itself: the scanner accepts
 * exactly the scalar values, strict mode exactly the non-STR-8 ones. */
START_TEST(utf8_every_code_point)
{
    uint8_t s[4];
    for (uint32_t c = 1; c <= 0x10FFFF; c++) {
        size_t n;
        if (c >= 0xD800 && c <= 0xDFFF)
            continue;
        if (c < 0x80) {
            s[0] = (uint8_t)c, n = 1;
        } else if (c < 0x800) {
            s[0] = (uint8_t)(0xC0 | c >> 6), s[1] = (uint8_t)(0x80 | (c & 0x3F)), n = 2;
        } else if (c < 0x10000) {
            s[0] = (uint8_t)(0xE0 | c >> 12), s[1] = (uint8_t)(0x80 | (c >> 6 & 0x3F));
            s[2] = (uint8_t)(0x80 | (c & 0x3F)), n = 3;
        } else {
            s[0] = (uint8_t)(0xF0 | c >> 18), s[1] = (uint8_t)(0x80 | (c >> 12 & 0x3F));
            s[2] = (uint8_t)(0x80 | (c >> 6 & 0x3F)), s[3] = (uint8_t)(0x80 | (c & 0x3F));
            n = 4;
        }
        if (mqw_utf8_scan(s, n, false) != n)
            ck_abort_msg("U+%04X rejected", (unsigned)c);
        size_t want = ref_strict_reject(c) ? 0 : n;
        if (mqw_utf8_scan(s, n, true) != want)
            ck_abort_msg("U+%04X strict: want %zu", (unsigned)c, want);
    }
}
END_TEST

/* ---- the same rows through a PUBLISH Topic Name ------------------------ */

/* The CONFORMANCE examples are 3.1.1 PUBLISH packets; 3.1 takes the same
 * bytes (3.1* rows, choice C-4), 5.0 adds a Property Length of 0 after the
 * Topic Name. The bad byte's offset counts from the packet's first byte. */
/* clang-format off */
static const vec publish_table[] = {
    {.name = "STR-1 bad continuation (3.1.1)", .version = MQW_V311,
     .hex = "30 04 00 02 C3 28", .err = MQW_ERR_UTF8, .offset = 4, .rule = "STR-1"},
    {.name = "STR-1 bad continuation (3.1)", .version = MQW_V31,
     .hex = "30 04 00 02 C3 28", .err = MQW_ERR_UTF8, .offset = 4, .rule = "STR-1"},
    {.name = "STR-1 bad continuation (5.0)", .version = MQW_V5,
     .hex = "30 05 00 02 C3 28 00", .err = MQW_ERR_UTF8, .offset = 4, .rule = "STR-1"},
    {.name = "STR-2 surrogate (3.1.1)", .version = MQW_V311,
     .hex = "30 05 00 03 ED A0 80", .err = MQW_ERR_UTF8, .offset = 4, .rule = "STR-2"},
    {.name = "STR-2 surrogate (3.1)", .version = MQW_V31,
     .hex = "30 05 00 03 ED A0 80", .err = MQW_ERR_UTF8, .offset = 4, .rule = "STR-2"},
    {.name = "STR-2 surrogate (5.0)", .version = MQW_V5,
     .hex = "30 06 00 03 ED A0 80 00", .err = MQW_ERR_UTF8, .offset = 4, .rule = "STR-2"},
    {.name = "STR-3 overlong '/' (3.1.1)", .version = MQW_V311,
     .hex = "30 04 00 02 C0 AF", .err = MQW_ERR_UTF8, .offset = 4, .rule = "STR-3"},
    {.name = "STR-3 overlong '/' (3.1)", .version = MQW_V31,
     .hex = "30 04 00 02 C0 AF", .err = MQW_ERR_UTF8, .offset = 4, .rule = "STR-3"},
    {.name = "STR-3 overlong '/' (5.0)", .version = MQW_V5,
     .hex = "30 05 00 02 C0 AF 00", .err = MQW_ERR_UTF8, .offset = 4, .rule = "STR-3"},
    {.name = "STR-4 above U+10FFFF (3.1.1)", .version = MQW_V311,
     .hex = "30 06 00 04 F4 90 80 80", .err = MQW_ERR_UTF8, .offset = 4, .rule = "STR-4"},
    {.name = "STR-4 above U+10FFFF (3.1)", .version = MQW_V31,
     .hex = "30 06 00 04 F4 90 80 80", .err = MQW_ERR_UTF8, .offset = 4, .rule = "STR-4"},
    {.name = "STR-4 above U+10FFFF (5.0)", .version = MQW_V5,
     .hex = "30 07 00 04 F4 90 80 80 00", .err = MQW_ERR_UTF8, .offset = 4, .rule = "STR-4"},
    {.name = "STR-5 truncated by the string length (3.1.1)", .version = MQW_V311,
     .hex = "30 03 00 01 E2", .err = MQW_ERR_UTF8, .offset = 4, .rule = "STR-5"},
    {.name = "STR-5 truncated by the string length (3.1)", .version = MQW_V31,
     .hex = "30 03 00 01 E2", .err = MQW_ERR_UTF8, .offset = 4, .rule = "STR-5"},
    /* 5.0: the byte after the string (the Property Length 00) must not be
     * taken as the rest of the character. */
    {.name = "STR-5 truncated by the string length (5.0)", .version = MQW_V5,
     .hex = "30 06 00 02 61 E2 00 82", .err = MQW_ERR_UTF8, .offset = 5, .rule = "STR-5"},
    {.name = "STR-5 truncated, next bytes are continuations (3.1.1)", .version = MQW_V311,
     .hex = "30 06 00 02 61 E2 82 AC", .err = MQW_ERR_UTF8, .offset = 5, .rule = "STR-5"},
    {.name = "STR-6 U+0000 in Topic Name (3.1.1)", .version = MQW_V311,
     .hex = "30 05 00 03 61 00 62", .err = MQW_ERR_UTF8, .offset = 5, .rule = "STR-6"},
    {.name = "STR-6 U+0000 in Topic Name (3.1)", .version = MQW_V31,
     .hex = "30 05 00 03 61 00 62", .err = MQW_ERR_UTF8, .offset = 5, .rule = "STR-6"},
    {.name = "STR-6 U+0000 in Topic Name (5.0)", .version = MQW_V5,
     .hex = "30 06 00 03 61 00 62 00", .err = MQW_ERR_UTF8, .offset = 5, .rule = "STR-6"},
    {.name = "STR-6 U+0000 in the payload is fine (binary)", .version = MQW_V311,
     .hex = "30 04 00 01 61 00", .err = MQW_OK,
     .pkt = {.type = MQW_PUBLISH, .u.publish = {.topic = S("a"), .payload = S("\0")}}},
    {.name = "STR-7 U+FEFF kept in the view (3.1.1)", .version = MQW_V311,
     .hex = "30 06 00 04 EF BB BF 61", .err = MQW_OK,
     .pkt = {.type = MQW_PUBLISH, .u.publish = {.topic = S("\xEF\xBB\xBF" "a")}}},
    {.name = "STR-7 U+FEFF kept in the view (5.0)", .version = MQW_V5,
     .hex = "30 07 00 04 EF BB BF 61 00", .err = MQW_OK,
     .pkt = {.type = MQW_PUBLISH, .u.publish = {.topic = S("\xEF\xBB\xBF" "a")}}},
    {.name = "STR-7 U+FEFF kept, strict (3.1)", .version = MQW_V31, .flags = MQW_STRICT_UTF8,
     .hex = "30 06 00 04 EF BB BF 61", .err = MQW_OK,
     .pkt = {.type = MQW_PUBLISH, .u.publish = {.topic = S("\xEF\xBB\xBF" "a")}}},
    {.name = "STR-8 control char accepted by default (3.1.1)", .version = MQW_V311,
     .hex = "30 04 00 02 61 01", .err = MQW_OK,
     .pkt = {.type = MQW_PUBLISH, .u.publish = {.topic = S("a\x01")}}},
    {.name = "STR-8 control char accepted by default (5.0)", .version = MQW_V5,
     .hex = "30 05 00 02 61 01 00", .err = MQW_OK,
     .pkt = {.type = MQW_PUBLISH, .u.publish = {.topic = S("a\x01")}}},
    {.name = "STR-8 control char rejected with MQW_STRICT_UTF8 (3.1.1)", .version = MQW_V311,
     .flags = MQW_STRICT_UTF8, .hex = "30 04 00 02 61 01", .err = MQW_ERR_UTF8, .offset = 5,
     .rule = "STR-8"},
    {.name = "STR-8 control char rejected with MQW_STRICT_UTF8 (5.0)", .version = MQW_V5,
     .flags = MQW_STRICT_UTF8, .hex = "30 05 00 02 61 01 00", .err = MQW_ERR_UTF8,
     .offset = 5, .rule = "STR-8"},
    {.name = "STR-8 non-character U+FFFF rejected with MQW_STRICT_UTF8 (3.1)",
     .version = MQW_V31, .flags = MQW_STRICT_UTF8, .hex = "30 06 00 04 61 EF BF BF",
     .err = MQW_ERR_UTF8, .offset = 5, .rule = "STR-8"},
    {.name = "STR-8 non-character U+FFFF accepted by default (3.1)", .version = MQW_V31,
     .hex = "30 06 00 04 61 EF BF BF", .err = MQW_OK,
     .pkt = {.type = MQW_PUBLISH, .u.publish = {.topic = S("a\xEF\xBF\xBF")}}},
    {.name = "STR-1 multi-byte Topic Name round trip (5.0)", .version = MQW_V5,
     .hex = "30 0F 00 0C 73 2F C3 A9 2F E2 82 AC F0 9F 8C 8D 00", .err = MQW_OK,
     .pkt = {.type = MQW_PUBLISH,
             .u.publish = {.topic = S("s/\xC3\xA9/\xE2\x82\xAC\xF0\x9F\x8C\x8D")}}},
};
/* clang-format on */

VEC_LOOP_TEST(utf8_publish, publish_table)

/* Builders refuse the same Topic Names (STR-1..STR-6 build: refuse). */
/* clang-format off */
static const bvec publish_refuse_table[] = {
    {.name = "STR-1 build refuses bad continuation", .version = MQW_V311,
     .pkt = {.type = MQW_PUBLISH, .u.publish = {.topic = S("\xC3\x28")}},
     .err = MQW_ERR_UTF8, .rule = "STR-1"},
    {.name = "STR-2 build refuses surrogate", .version = MQW_V5,
     .pkt = {.type = MQW_PUBLISH, .u.publish = {.topic = S("\xED\xA0\x80")}},
     .err = MQW_ERR_UTF8, .rule = "STR-2"},
    {.name = "STR-3 build refuses overlong", .version = MQW_V31,
     .pkt = {.type = MQW_PUBLISH, .u.publish = {.topic = S("\xC0\xAF")}},
     .err = MQW_ERR_UTF8, .rule = "STR-3"},
    {.name = "STR-4 build refuses above U+10FFFF", .version = MQW_V311,
     .pkt = {.type = MQW_PUBLISH, .u.publish = {.topic = S("\xF4\x90\x80\x80")}},
     .err = MQW_ERR_UTF8, .rule = "STR-4"},
    {.name = "STR-5 build refuses truncated", .version = MQW_V5,
     .pkt = {.type = MQW_PUBLISH, .u.publish = {.topic = S("a\xE2")}},
     .err = MQW_ERR_UTF8, .rule = "STR-5"},
    {.name = "STR-6 build refuses U+0000", .version = MQW_V311,
     .pkt = {.type = MQW_PUBLISH, .u.publish = {.topic = S("a\0b")}},
     .err = MQW_ERR_UTF8, .rule = "STR-6"},
    {.name = "STR-8 build refuses control char with MQW_STRICT_UTF8", .version = MQW_V311,
     .flags = MQW_STRICT_UTF8, .pkt = {.type = MQW_PUBLISH, .u.publish = {.topic = S("a\x01")}},
     .err = MQW_ERR_UTF8, .rule = "STR-8"},
};
/* clang-format on */

BVEC_LOOP_TEST(utf8_publish_refuse, publish_refuse_table)

int main(void)
{
    Suite *s = suite_create("utf8");
    TCase *tc;

    tc = tcase_create("utf8_table");
    tcase_add_loop_test(tc, utf8_table, 0, (int)ARRAY_LEN(str_table));
    tcase_add_test(tc, utf8_null_view);
    suite_add_tcase(s, tc);

    tc = tcase_create("utf8_long");
    tcase_add_loop_test(tc, utf8_long_every_position, 0, LONG_LEN);
    tcase_add_loop_test(tc, utf8_truncated_at_every_length, 0, LONG_LEN);
    tcase_add_loop_test(tc, utf8_guard_every_short_length, 0, 64);
    suite_add_tcase(s, tc);

    tc = tcase_create("utf8_brute");
    tcase_add_test(tc, utf8_brute_1_2);
    tcase_add_loop_test(tc, utf8_brute_3, 0, 256);
    tcase_add_loop_test(tc, utf8_brute_4, 0, 256);
    tcase_add_test(tc, utf8_every_code_point);
    suite_add_tcase(s, tc);

    tc = tcase_create("utf8_publish");
    tcase_add_loop_test(tc, utf8_publish, 0, (int)ARRAY_LEN(publish_table));
    suite_add_tcase(s, tc);

    tc = tcase_create("utf8_publish_refuse");
    tcase_add_loop_test(tc, utf8_publish_refuse, 0, (int)ARRAY_LEN(publish_refuse_table));
    suite_add_tcase(s, tc);

    return suite_main(s);
}
