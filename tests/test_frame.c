/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/* lib/frame.c: the fixed header (docs/rules.md sections 1 and 2), framing a
 * stream, and the builders' frame. */
#include "util.h"
#include "wire.h" /* mqw_out_begin, mqw_out_direction */

#include <stdlib.h>
#include <string.h>

/* clang-format off */
/* clang-format on */

enum { ANY = MQW_ROLE_ANY, CLIENT = MQW_ROLE_CLIENT, SERVER = MQW_ROLE_SERVER };

static const int versions[] = {MQW_V31, MQW_V311, MQW_V5};
static const uint8_t roles[] = {ANY, CLIENT, SERVER};

/* ---- every first byte ----------------------------------------------------- */

/* The verdict on a first byte, written from docs/rules.md sections 1 and 19
 * without looking at frame.c: FH-15/16 reserved types, FH-17/18 PUBLISH,
 * FH-1..14 fixed nibbles (31-11, 31-14 on 3.1), then FH-20 direction. */
static int first_byte_verdict(uint8_t b, int version, uint32_t flags, uint8_t role,
                              const char **rule)
{
    static const char *const fixed_rule[16] = {
        NULL,   "FH-1", "FH-2", NULL,    "FH-3",  "FH-4",  "FH-5",  "FH-6",
        "FH-7", "FH-8", "FH-9", "FH-10", "FH-11", "FH-12", "FH-13", "FH-14",
    };
    int type = b >> 4;
    unsigned nib = b & 0x0F;
    *rule = NULL;

    if (type == 0) {
        *rule = "FH-15";
        return MQW_ERR_PACKET_TYPE;
    }
    if (type == 15 && version != MQW_V5) {
        *rule = "FH-16";
        return MQW_ERR_PACKET_TYPE;
    }
    if (type == MQW_PUBLISH) {
        unsigned qos = (nib >> 1) & 3;
        if (qos == 3) {
            *rule = "FH-17";
            return MQW_ERR_QOS;
        }
        if (qos == 0 && (nib & 8) && !(flags & MQW_LENIENT_DUP_QOS0)) {
            *rule = "FH-18";
            return MQW_ERR_FLAGS;
        }
    } else if (type == MQW_PUBREL || type == MQW_SUBSCRIBE || type == MQW_UNSUBSCRIBE) {
        if (version == MQW_V31) {
            /* 31-11: QoS 1; 31-12: DUP is free; 31-13: RETAIN is 'not
             * used', ignored unless MQW_STRICT_V31 wants unused bits 0. */
            if ((nib & 6) != 2 && !(flags & MQW_LENIENT_V31)) {
                *rule = "31-11";
                return MQW_ERR_FLAGS;
            }
            if ((nib & 1) && (flags & MQW_STRICT_V31)) {
                *rule = "31-13";
                return MQW_ERR_FLAGS;
            }
        } else if (nib != 2) {
            *rule = fixed_rule[type];
            return MQW_ERR_FLAGS;
        }
    } else if (type != MQW_CONNECT && nib != 0) {
        /* CONNECT waits for mqw_connect_parse, which knows the version. */
        if (version != MQW_V31) {
            *rule = fixed_rule[type];
            return MQW_ERR_FLAGS;
        }
        if (flags & MQW_STRICT_V31) {
            *rule = "31-14";
            return MQW_ERR_FLAGS;
        }
    }

    if (role != ANY) {
        /* FH-20, from the direction column of 3.1.1 §2.2.1 / 5.0 §2.1.2. */
        bool from_client = role == SERVER;
        bool ok = true;
        switch (type) {
        case MQW_CONNECT:
        case MQW_SUBSCRIBE:
        case MQW_UNSUBSCRIBE:
        case MQW_PINGREQ:
            ok = from_client;
            break;
        case MQW_CONNACK:
        case MQW_SUBACK:
        case MQW_UNSUBACK:
        case MQW_PINGRESP:
            ok = !from_client;
            break;
        case MQW_DISCONNECT:
            ok = version == MQW_V5 || from_client;
            break;
        default:
            break;
        }
        if (!ok) {
            *rule = "FH-20";
            return MQW_ERR_DIRECTION;
        }
    }
    return MQW_OK;
}

/* FH-1..FH-20 31-11 31-12 31-13 31-14: first byte _i followed by RL 0, in
 * every version, with every role and the options that move these rules. */
START_TEST(every_first_byte)
{
    static const uint32_t option_sets[] = {0, MQW_LENIENT_DUP_QOS0, MQW_LENIENT_V31, MQW_STRICT_V31,
                                           MQW_LENIENT_DIRECTION};
    uint8_t b = (uint8_t)_i;
    uint8_t pkt[2] = {b, 0x00};
    unsigned long cases = 0;
    for (size_t v = 0; v < ARRAY_LEN(versions); v++) {
        for (size_t r = 0; r < ARRAY_LEN(roles); r++) {
            for (size_t o = 0; o < ARRAY_LEN(option_sets); o++) {
                mqw_limits lim = {0, option_sets[o], roles[r]};
                const char *rule;
                int want = first_byte_verdict(b, versions[v], option_sets[o], roles[r], &rule);
                for (size_t len = 1; len <= 2; len++) {
                    mqw_frame_info fi;
                    mqw_diag diag;
                    size_t used = 0;
                    memset(&fi, 0xEE, sizeof fi);
                    int rc = mqw_frame(pkt, len, &fi, versions[v], &lim, &diag, &used);
                    /* A verdict on the first byte needs no more than it. */
                    int want_len = want == MQW_OK && len == 1 ? MQW_ERR_NEED_MORE : want;
                    ck_assert_msg(rc == want_len,
                                  "byte 0x%02X len %zu version %d role %u options 0x%X: got %s, "
                                  "expected %s (%s)",
                                  b, len, versions[v], roles[r], option_sets[o], mqw_strerror(rc),
                                  mqw_strerror(want_len), rule ? rule : "-");
                    if (rc == MQW_OK) {
                        ck_assert_uint_eq(fi.type, b >> 4);
                        ck_assert_uint_eq(fi.flags, b & 0x0F);
                        ck_assert_uint_eq(fi.header_len, 2);
                        ck_assert_uint_eq(fi.remaining, 0);
                        ck_assert_uint_eq(fi.total_len, 2);
                        ck_assert_uint_eq(used, 2);
                        ck_assert_ptr_null(diag.rule);
                    } else if (rc == MQW_ERR_NEED_MORE) {
                        ck_assert_uint_eq(used, 2);
                    } else {
                        ck_assert_uint_eq(diag.offset, 0);
                        ck_assert_str_eq(diag.rule, rule);
                    }
                    cases++;
                }
            }
        }
    }
    ck_assert_uint_eq(cases, ARRAY_LEN(versions) * ARRAY_LEN(roles) * ARRAY_LEN(option_sets) * 2);
}
END_TEST

/* FH-20 for builders: every type, both roles, every version, as the
 * builders' frame (mqw_out_direction) sees it. */
START_TEST(every_type_out_direction)
{
    int type = _i;
    for (size_t v = 0; v < ARRAY_LEN(versions); v++) {
        for (size_t r = 0; r < ARRAY_LEN(roles); r++) {
            mqw_limits lim = {0, 0, roles[r]};
            mqw_diag diag = {0, NULL, 0};
            int rc = mqw_out_direction(type, versions[v], &lim, &diag);
            /* The sender's role: the receiver of the verdict oracle is the
             * other side. */
            uint8_t receiver = roles[r] == CLIENT ? SERVER : roles[r] == SERVER ? CLIENT : ANY;
            uint8_t first = (uint8_t)(type << 4 | (type == MQW_PUBREL || type == MQW_SUBSCRIBE ||
                                                           type == MQW_UNSUBSCRIBE
                                                       ? 2
                                                       : 0));
            const char *rule;
            int want = first_byte_verdict(first, versions[v], 0, receiver, &rule);
            ck_assert_msg(rc == want, "type %d version %d role %u: got %s, expected %s", type,
                          versions[v], roles[r], mqw_strerror(rc), mqw_strerror(want));
            if (rc)
                ck_assert_str_eq(diag.rule, rule);
        }
    }
}
END_TEST

/* ---- header vectors ----------------------------------------------------- */

/* mqw_frame on the bytes of `hex`: the verdict, `used` (the packet length,
 * or the need), and, when the header is complete (header_len != 0), the
 * decoded Remaining Length. */
typedef struct fvec {
    const char *name;
    int version;
    uint32_t flags;
    uint8_t role;
    uint32_t max_packet_size;
    const char *hex;
    int err;
    size_t used;        /* MQW_OK, NEED_MORE */
    uint8_t header_len; /* 0: the header is not complete */
    uint32_t remaining;
    size_t offset;    /* other errors */
    const char *rule; /* other errors; NULL means none is named */
} fvec;

/* clang-format off */
static const fvec frame_vecs[] = {
    /* Remaining Length: the 1..4 byte forms and their limits. */
    {.name = "RL 0", .version = MQW_V311, .hex = "C0 00", .used = 2, .header_len = 2},
    {.name = "RL 0 with the next packet behind it", .version = MQW_V311, .hex = "C0 00 | D0 00",
     .used = 2, .header_len = 2},
    {.name = "RL 1", .version = MQW_V5, .hex = "E0 01 04", .used = 3, .header_len = 2,
     .remaining = 1},
    {.name = "RL-3 RL 127, one-byte maximum", .version = MQW_V311, .hex = "30 7F",
     .err = MQW_ERR_NEED_MORE, .used = 129, .header_len = 2, .remaining = 127},
    {.name = "RL-3 RL 128, two-byte minimum", .version = MQW_V311, .hex = "30 80 01",
     .err = MQW_ERR_NEED_MORE, .used = 131, .header_len = 3, .remaining = 128},
    {.name = "RL-3 RL 16383, two-byte maximum", .version = MQW_V5, .hex = "30 FF 7F",
     .err = MQW_ERR_NEED_MORE, .used = 16386, .header_len = 3, .remaining = 16383},
    {.name = "RL-3 RL 16384, three-byte minimum", .version = MQW_V5, .hex = "30 80 80 01",
     .err = MQW_ERR_NEED_MORE, .used = 16388, .header_len = 4, .remaining = 16384},
    {.name = "RL-3 RL 2097151, three-byte maximum", .version = MQW_V31, .hex = "30 FF FF 7F",
     .err = MQW_ERR_NEED_MORE, .used = 2097155, .header_len = 4, .remaining = 2097151},
    {.name = "RL-3 RL 2097152, four-byte minimum", .version = MQW_V311, .hex = "30 80 80 80 01",
     .err = MQW_ERR_NEED_MORE, .used = 2097157, .header_len = 5, .remaining = 2097152},
    {.name = "RL-1 RL 268435455, the largest", .version = MQW_V5, .hex = "30 FF FF FF 7F",
     .err = MQW_ERR_NEED_MORE, .used = 268435460, .header_len = 5, .remaining = 268435455},
    {.name = "RL-3 PUBLISH RL 5, 3 bytes present", .version = MQW_V311, .hex = "30 05 00 01 61",
     .err = MQW_ERR_NEED_MORE, .used = 7, .header_len = 2, .remaining = 5},
    {.name = "RL 5 complete", .version = MQW_V311, .hex = "30 05 00 01 61 00 01", .used = 7,
     .header_len = 2, .remaining = 5},

    /* RL-1: a fifth byte is never allowed. */
    {.name = "RL-1 five-byte RL", .version = MQW_V311, .hex = "C0 80 80 80 80 00",
     .err = MQW_ERR_VARINT, .offset = 4, .rule = "RL-1"},
    {.name = "RL-1 RL 268435456 would need five bytes", .version = MQW_V5,
     .hex = "30 80 80 80 80 01", .err = MQW_ERR_VARINT, .offset = 4, .rule = "RL-1"},
    {.name = "RL-1 RL-4 continuation on the 4th byte, nothing after it", .version = MQW_V5,
     .hex = "30 FF FF FF FF", .err = MQW_ERR_VARINT, .offset = 4, .rule = "RL-1"},
    {.name = "RL-1 even with MQW_LENIENT_VARINT on 3.1.1", .version = MQW_V311,
     .flags = MQW_LENIENT_VARINT, .hex = "C0 80 80 80 80 00", .err = MQW_ERR_VARINT, .offset = 4,
     .rule = "RL-1"},

    /* RL-2: the fewest bytes; 3.x may relax it, 5.0 never. */
    {.name = "RL-2 RL 0 in two bytes (3.1.1)", .version = MQW_V311, .hex = "C0 80 00",
     .err = MQW_ERR_VARINT, .offset = 2, .rule = "RL-2"},
    {.name = "RL-2 RL 0 in two bytes (3.1)", .version = MQW_V31, .hex = "C0 80 00",
     .err = MQW_ERR_VARINT, .offset = 2, .rule = "RL-2"},
    {.name = "RL-2 RL 0 in two bytes (5.0)", .version = MQW_V5, .hex = "C0 80 00",
     .err = MQW_ERR_VARINT, .offset = 2, .rule = "RL-2"},
    {.name = "RL-2 RL 127 in two bytes", .version = MQW_V5, .hex = "30 FF 00",
     .err = MQW_ERR_VARINT, .offset = 2, .rule = "RL-2"},
    {.name = "RL-2 RL 1 in three bytes", .version = MQW_V311, .hex = "30 81 80 00",
     .err = MQW_ERR_VARINT, .offset = 3, .rule = "RL-2"},
    {.name = "RL-2 RL 1 in four bytes (regression: frame.c named RL-1)", .version = MQW_V5,
     .hex = "30 81 80 80 00", .err = MQW_ERR_VARINT, .offset = 4, .rule = "RL-2"},
    {.name = "RL-2 RL 0 in two bytes, 3.1.1 MQW_LENIENT_VARINT", .version = MQW_V311,
     .flags = MQW_LENIENT_VARINT, .hex = "C0 80 00", .used = 3, .header_len = 3},
    {.name = "RL-2 RL 3 in four bytes, 3.1 MQW_LENIENT_VARINT", .version = MQW_V31,
     .flags = MQW_LENIENT_VARINT, .hex = "30 83 80 80 00 00 01 61", .used = 8, .header_len = 5,
     .remaining = 3},
    {.name = "RL-2 RL 3 in three bytes, 3.1.1 MQW_LENIENT_VARINT, incomplete", .version = MQW_V311,
     .flags = MQW_LENIENT_VARINT, .hex = "30 83 80 00 00", .err = MQW_ERR_NEED_MORE, .used = 7,
     .header_len = 4, .remaining = 3},
    {.name = "RL-2 RL 0 in two bytes, 5.0 ignores MQW_LENIENT_VARINT", .version = MQW_V5,
     .flags = MQW_LENIENT_VARINT, .hex = "C0 80 00", .err = MQW_ERR_VARINT, .offset = 2,
     .rule = "RL-2"},

    /* RL-4: a Remaining Length cut off is incomplete; the need is the
     * smallest packet with one more RL byte. */
    {.name = "RL-4 nothing at all", .version = MQW_V311, .hex = "", .err = MQW_ERR_NEED_MORE,
     .used = 2},
    {.name = "RL-4 first byte only", .version = MQW_V311, .hex = "30", .err = MQW_ERR_NEED_MORE,
     .used = 2},
    {.name = "RL-4 one continuation byte", .version = MQW_V311, .hex = "30 80",
     .err = MQW_ERR_NEED_MORE, .used = 131},
    {.name = "RL-4 two continuation bytes", .version = MQW_V5, .hex = "30 80 80",
     .err = MQW_ERR_NEED_MORE, .used = 16388},
    {.name = "RL-4 three continuation bytes", .version = MQW_V31, .hex = "30 80 80 80",
     .err = MQW_ERR_NEED_MORE, .used = 2097157},
    {.name = "RL-4 one continuation byte, 3.1.1 MQW_LENIENT_VARINT", .version = MQW_V311,
     .flags = MQW_LENIENT_VARINT, .hex = "30 80", .err = MQW_ERR_NEED_MORE, .used = 3},
    {.name = "RL-4 three continuation bytes, 3.1 MQW_LENIENT_VARINT", .version = MQW_V31,
     .flags = MQW_LENIENT_VARINT, .hex = "30 FF FF FF", .err = MQW_ERR_NEED_MORE,
     .used = 1 + 3 + 1 + 2097151 /* the value bits seen count too */},
    {.name = "RL-4 one continuation byte, 5.0 ignores MQW_LENIENT_VARINT", .version = MQW_V5,
     .flags = MQW_LENIENT_VARINT, .hex = "30 80", .err = MQW_ERR_NEED_MORE, .used = 131},

    /* A bad first byte is refused before anything else is read. */
    {.name = "FH-15 type 0, one byte", .version = MQW_V311, .hex = "00", .err = MQW_ERR_PACKET_TYPE,
     .offset = 0, .rule = "FH-15"},
    {.name = "FH-15 type 0 before a bad RL", .version = MQW_V5, .hex = "00 80 80 80 80 80",
     .err = MQW_ERR_PACKET_TYPE, .offset = 0, .rule = "FH-15"},
    {.name = "FH-16 type 15 on 3.1.1, one byte", .version = MQW_V311, .hex = "F0",
     .err = MQW_ERR_PACKET_TYPE, .offset = 0, .rule = "FH-16"},
    {.name = "FH-17 QoS 3 before the RL arrives", .version = MQW_V5, .hex = "36",
     .err = MQW_ERR_QOS, .offset = 0, .rule = "FH-17"},
    {.name = "FH-20 CONNACK received by a server, one byte", .version = MQW_V311, .role = SERVER,
     .hex = "20", .err = MQW_ERR_DIRECTION, .offset = 0, .rule = "FH-20"},
    {.name = "FH-20 flag error reported before direction", .version = MQW_V311, .role = SERVER,
     .hex = "28 02 00 00", .err = MQW_ERR_FLAGS, .offset = 0, .rule = "FH-2"},

    /* max_packet_size: refused as soon as the header, or part of it,
     * proves the packet too large. */
    {.name = "max_packet_size: complete header over the limit", .version = MQW_V311,
     .max_packet_size = 6, .hex = "30 05", .err = MQW_ERR_TOO_LARGE, .offset = 1},
    {.name = "max_packet_size: header at the limit, body incomplete", .version = MQW_V311,
     .max_packet_size = 7, .hex = "30 05", .err = MQW_ERR_NEED_MORE, .used = 7, .header_len = 2,
     .remaining = 5},
    {.name = "max_packet_size: whole packet at the limit", .version = MQW_V311,
     .max_packet_size = 7, .hex = "30 05 00 01 61 00 01", .used = 7, .header_len = 2,
     .remaining = 5},
    {.name = "max_packet_size: whole packet over the limit", .version = MQW_V5,
     .max_packet_size = 6, .hex = "30 05 00 01 61 00 01", .err = MQW_ERR_TOO_LARGE, .offset = 1},
    {.name = "max_packet_size: partial RL proves at least 131 bytes", .version = MQW_V311,
     .max_packet_size = 130, .hex = "30 80", .err = MQW_ERR_TOO_LARGE, .offset = 1},
    {.name = "max_packet_size: partial RL, 131 still possible", .version = MQW_V311,
     .max_packet_size = 131, .hex = "30 80", .err = MQW_ERR_NEED_MORE, .used = 131},
    {.name = "max_packet_size: partial RL proves at least 16388 bytes", .version = MQW_V5,
     .max_packet_size = 16387, .hex = "30 80 80", .err = MQW_ERR_TOO_LARGE, .offset = 1},
    {.name = "max_packet_size: partial padded RL is small, 3.1.1 MQW_LENIENT_VARINT",
     .version = MQW_V311, .flags = MQW_LENIENT_VARINT, .max_packet_size = 3, .hex = "30 80",
     .err = MQW_ERR_NEED_MORE, .used = 3},
    /* Regression (fuzz/regressions/frame-toolarge-before-varint): "C0 80"
     * alone already needs 131 bytes, so the verdict is TOO_LARGE however
     * the stream is split, even though the next byte is a padding error. */
    /* Regression (review): the offset was 1, outside the 1-byte input. */
    {.name = "max_packet_size 1: the first byte alone is over it", .version = MQW_V311,
     .max_packet_size = 1, .hex = "30", .err = MQW_ERR_TOO_LARGE, .offset = 0},
    {.name = "max_packet_size: proven too large before a bad RL byte", .version = MQW_V5,
     .max_packet_size = 2, .hex = "C0 80 00", .err = MQW_ERR_TOO_LARGE, .offset = 1},
    {.name = "RL-2 max_packet_size: a bad RL within the maximum is reported as such",
     .version = MQW_V5, .max_packet_size = 200, .hex = "C0 80 00", .err = MQW_ERR_VARINT,
     .offset = 2, .rule = "RL-2"},
    {.name = "max_packet_size: a bad first byte is reported as such", .version = MQW_V5,
     .max_packet_size = 1, .hex = "00 00", .err = MQW_ERR_PACKET_TYPE, .offset = 0,
     .rule = "FH-15"},
    {.name = "max_packet_size: largest RL against the largest limit", .version = MQW_V5,
     .max_packet_size = 0xFFFFFFFFu, .hex = "30 FF FF FF 7F", .err = MQW_ERR_NEED_MORE,
     .used = 268435460, .header_len = 5, .remaining = 268435455},
};
/* clang-format on */

static void run_fvec(const fvec *f)
{
    uint8_t bytes[64];
    size_t plen = 0;
    size_t n = hex_decode(f->hex, bytes, sizeof bytes, &plen);
    mqw_limits lim = {f->max_packet_size, f->flags, f->role};
    mqw_frame_info fi;
    memset(&fi, 0, sizeof fi);
    mqw_diag diag;
    diag.offset = 12345;
    diag.rule = "unset";
    size_t used = 0;
    /* Guard page: mqw_frame must not look past len. */
    uint8_t *g = guard_alloc(bytes, n);
    int rc = mqw_frame(n ? g : NULL, n, &fi, f->version, &lim, &diag, &used);
    guard_free(g, n);
    test_counts.guard_cases++;

    ck_assert_msg(rc == f->err, "%s: got %s (offset %zu, rule %s), expected %s", f->name,
                  mqw_strerror(rc), diag.offset, diag.rule ? diag.rule : "NULL",
                  mqw_strerror(f->err));
    if (rc == MQW_OK || rc == MQW_ERR_NEED_MORE) {
        ck_assert_msg(used == f->used, "%s: used %zu, expected %zu", f->name, used, f->used);
        if (f->header_len) {
            ck_assert_uint_eq(fi.type, bytes[0] >> 4);
            ck_assert_uint_eq(fi.flags, bytes[0] & 0x0F);
            ck_assert_uint_eq(fi.header_len, f->header_len);
            ck_assert_uint_eq(fi.remaining, f->remaining);
            ck_assert_uint_eq(fi.total_len, (size_t)f->header_len + f->remaining);
        }
        if (rc == MQW_OK)
            ck_assert_msg(used <= plen, "%s: the packet ends at %zu, used %zu", f->name, plen,
                          used);
        else
            ck_assert_msg(used > n, "%s: need %zu with %zu bytes present", f->name, used, n);
    } else {
        ck_assert_msg(diag.offset == f->offset, "%s: offset %zu, expected %zu", f->name,
                      diag.offset, f->offset);
        if (f->rule)
            ck_assert_msg(diag.rule && strcmp(diag.rule, f->rule) == 0, "%s: rule %s, expected %s",
                          f->name, diag.rule ? diag.rule : "NULL", f->rule);
        else
            ck_assert_msg(diag.rule == NULL, "%s: rule %s, expected none", f->name, diag.rule);
    }
}

START_TEST(frame_vec)
{
    run_fvec(&frame_vecs[_i]);
}
END_TEST

/* The big Remaining Lengths with the whole packet present: MQW_OK. */
START_TEST(large_packets_complete)
{
    static const struct {
        uint32_t rl;
        uint8_t header_len;
    } sizes[] = {{127, 2}, {128, 3}, {16383, 3}, {16384, 4}, {2097151, 4}, {2097152, 5}};
    for (size_t i = 0; i < ARRAY_LEN(sizes); i++) {
        size_t total = sizes[i].header_len + (size_t)sizes[i].rl;
        uint8_t *buf = calloc(total + 1, 1);
        ck_assert_ptr_nonnull(buf);
        buf[0] = 0x30;
        uint32_t v = sizes[i].rl;
        size_t at = 1;
        do {
            buf[at] = (uint8_t)(v & 0x7F);
            v >>= 7;
            if (v)
                buf[at] |= 0x80;
            at++;
        } while (v);
        ck_assert_uint_eq(at, sizes[i].header_len);

        mqw_frame_info fi;
        size_t used = 0;
        ck_assert_int_eq(mqw_frame(buf, total, &fi, MQW_V5, NULL, NULL, &used), MQW_OK);
        ck_assert_uint_eq(used, total);
        ck_assert_uint_eq(fi.remaining, sizes[i].rl);
        ck_assert_uint_eq(fi.header_len, sizes[i].header_len);
        /* One byte short: the exact need. */
        ck_assert_int_eq(mqw_frame(buf, total - 1, &fi, MQW_V311, NULL, NULL, &used),
                         MQW_ERR_NEED_MORE);
        ck_assert_uint_eq(used, total);
        /* The limit at the size and one below it. */
        mqw_limits lim = {(uint32_t)total, 0, ANY};
        ck_assert_int_eq(mqw_frame(buf, total + 1, &fi, MQW_V5, &lim, NULL, &used), MQW_OK);
        lim.max_packet_size = (uint32_t)total - 1;
        ck_assert_int_eq(mqw_frame(buf, total + 1, &fi, MQW_V5, &lim, NULL, &used),
                         MQW_ERR_TOO_LARGE);
        free(buf);
    }
}
END_TEST

/* ---- streams -------------------------------------------------------------- */

/* A 3.1.1 client -> server stream: several packets back to back, one of
 * them with a two-byte Remaining Length. */
static size_t make_stream(uint8_t *s, size_t cap, size_t *totals, size_t *n)
{
    static const char *const parts[] = {
        "10 0D 00 04 4D 51 54 54 04 02 00 3C 00 01 63", /* CONNECT */
        "C0 00",                                        /* PINGREQ */
        "82 06 00 01 00 01 61 01",                      /* SUBSCRIBE */
        "32 07 00 01 61 00 05 68 69",                   /* PUBLISH QoS 1 */
        "40 02 00 07",                                  /* PUBACK */
        "A2 05 00 02 00 01 61",                         /* UNSUBSCRIBE */
    };
    size_t len = 0;
    *n = 0;
    for (size_t i = 0; i < ARRAY_LEN(parts); i++) {
        size_t k = hex_decode(parts[i], s + len, cap - len, NULL);
        totals[(*n)++] = k;
        len += k;
    }
    /* PUBLISH QoS 0, RL 200: topic "a", payload 197 bytes. */
    ck_assert_uint_ge(cap - len, 203);
    s[len] = 0x30;
    s[len + 1] = 0xC8;
    s[len + 2] = 0x01;
    s[len + 3] = 0x00;
    s[len + 4] = 0x01;
    s[len + 5] = 'a';
    memset(s + len + 6, 'x', 197);
    totals[(*n)++] = 203;
    len += 203;
    size_t k = hex_decode("E0 00", s + len, cap - len, NULL); /* DISCONNECT */
    totals[(*n)++] = k;
    return len + k;
}

/* Several packets in one buffer, framed one after another; the last one cut
 * short says how much it needs. */
START_TEST(back_to_back)
{
    uint8_t s[512];
    size_t totals[16], n = 0;
    size_t len = make_stream(s, sizeof s, totals, &n);
    static const uint8_t types[] = {MQW_CONNECT, MQW_PINGREQ,     MQW_SUBSCRIBE, MQW_PUBLISH,
                                    MQW_PUBACK,  MQW_UNSUBSCRIBE, MQW_PUBLISH,   MQW_DISCONNECT};
    ck_assert_uint_eq(n, ARRAY_LEN(types));
    mqw_limits lim = {0, 0, SERVER};
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        mqw_frame_info fi;
        size_t used = 0;
        ck_assert_int_eq(mqw_frame(s + at, len - at, &fi, MQW_V311, &lim, NULL, &used), MQW_OK);
        ck_assert_uint_eq(fi.type, types[i]);
        ck_assert_uint_eq(used, totals[i]);
        ck_assert_uint_eq(fi.total_len, totals[i]);
        /* The same through mqw_parse. */
        mqw_packet p;
        size_t pused = 0;
        ck_assert_int_eq(mqw_parse(s + at, len - at, &p, MQW_V311, &lim, NULL, &pused), MQW_OK);
        ck_assert_uint_eq(p.type, types[i]);
        ck_assert_uint_eq(pused, totals[i]);
        at += used;
    }
    ck_assert_uint_eq(at, len);

    /* The long PUBLISH cut after its first RL byte (C8: 72 + at least
     * 128 for the next digit, so exactly its 203 bytes), then after 10. */
    size_t long_at = len - 2 - 203;
    mqw_frame_info fi;
    size_t used = 0;
    ck_assert_int_eq(mqw_frame(s + long_at, 2, &fi, MQW_V311, NULL, NULL, &used),
                     MQW_ERR_NEED_MORE);
    ck_assert_uint_eq(used, 203);
    ck_assert_int_eq(mqw_frame(s + long_at, 10, &fi, MQW_V311, NULL, NULL, &used),
                     MQW_ERR_NEED_MORE);
    ck_assert_uint_eq(used, 203);
    ck_assert_uint_eq(fi.total_len, 203);
}
END_TEST

/* The stream fed one byte at a time: every call either frames the next
 * packet exactly or asks for more, never for more than that packet has
 * (the need is a lower bound), and exactly its length once the header is
 * complete. */
START_TEST(byte_by_byte)
{
    uint8_t s[512];
    size_t totals[16], n = 0;
    size_t len = make_stream(s, sizeof s, totals, &n);
    size_t at = 0, have = 0, next = 0;
    unsigned long calls = 0;
    while (next < n) {
        mqw_frame_info fi;
        size_t used = 0;
        uint8_t *g = guard_alloc(s + at, have - at);
        int rc = mqw_frame(have > at ? g : NULL, have - at, &fi, MQW_V311, NULL, NULL, &used);
        guard_free(g, have - at);
        calls++;
        if (rc == MQW_OK) {
            ck_assert_uint_eq(used, totals[next]);
            at += used;
            next++;
            continue;
        }
        ck_assert_int_eq(rc, MQW_ERR_NEED_MORE);
        ck_assert_uint_gt(used, have - at);
        ck_assert_uint_le(used, totals[next]);
        size_t hdr = 1;
        while (hdr < have - at && (s[at + hdr] & 0x80))
            hdr++;
        if (hdr < have - at) /* header complete */
            ck_assert_uint_eq(used, totals[next]);
        ck_assert_uint_lt(have, len);
        have++;
    }
    ck_assert_uint_eq(at, len);
    ck_assert_uint_eq(calls, len + n);
}
END_TEST

/* mqw_frame arguments. */
START_TEST(frame_arguments)
{
    uint8_t b[] = {0xC0, 0x00};
    mqw_frame_info fi;
    mqw_diag diag;
    size_t used = 99;
    ck_assert_int_eq(mqw_frame(b, 2, NULL, MQW_V311, NULL, &diag, &used), MQW_ERR_ARG);
    ck_assert_int_eq(mqw_frame(NULL, 2, &fi, MQW_V311, NULL, &diag, &used), MQW_ERR_ARG);
    ck_assert_int_eq(mqw_frame(b, 2, &fi, 1, NULL, &diag, &used), MQW_ERR_ARG);
    ck_assert_int_eq(mqw_frame(b, 2, &fi, 6, NULL, &diag, &used), MQW_ERR_ARG);
    /* Before the CONNECT, a PINGREQ is not a packet that can come. */
    ck_assert_int_eq(mqw_frame(b, 2, &fi, MQW_V_UNKNOWN, NULL, &diag, &used), MQW_ERR_PACKET_TYPE);
    ck_assert_int_eq(mqw_frame(NULL, 0, &fi, MQW_V5, NULL, &diag, &used), MQW_ERR_NEED_MORE);
    ck_assert_uint_eq(used, 2);
    ck_assert_int_eq(mqw_frame(b, 2, &fi, MQW_V31, NULL, NULL, NULL), MQW_OK);
    /* diag is cleared on success. */
    diag.offset = 7;
    diag.rule = "x";
    diag.dropped = 3;
    ck_assert_int_eq(mqw_frame(b, 2, &fi, MQW_V5, NULL, &diag, &used), MQW_OK);
    ck_assert_uint_eq(diag.offset, 0);
    ck_assert_ptr_null(diag.rule);
    ck_assert_uint_eq(diag.dropped, 0);
}
END_TEST

/* The builders' frame: RL-1 refuses a Remaining Length past 268,435,455;
 * the size query and NOSPACE report the size; max_packet_size refuses. */
START_TEST(out_begin)
{
    uint8_t buf[8];
    uint8_t *w = NULL;
    size_t len = 0;
    mqw_diag diag;
    memset(buf, 0xA5, sizeof buf);

    ck_assert_int_eq(mqw_out_begin(buf, sizeof buf, 0x30, 268435456u, 0, NULL, &diag, &len, &w),
                     MQW_ERR_TOO_LARGE);
    ck_assert_str_eq(diag.rule, "RL-1");
    ck_assert_uint_eq(len, 0);
    ck_assert_uint_eq(buf[0], 0xA5);

    ck_assert_int_eq(mqw_out_begin(NULL, 0, 0x30, 268435455u, 0, NULL, &diag, &len, &w),
                     MQW_ERR_NOSPACE);
    ck_assert_uint_eq(len, 268435460u);
    ck_assert_int_eq(mqw_out_begin(buf, 2, 0x30, 128, 0, NULL, &diag, &len, &w), MQW_ERR_NOSPACE);
    ck_assert_uint_eq(len, 131);
    ck_assert_uint_eq(buf[0], 0xA5);
    /* omit: the payload the caller writes itself counts for the size limit
     * but not for the capacity. */
    ck_assert_int_eq(mqw_out_begin(buf, 3, 0x30, 128, 128, NULL, &diag, &len, &w), MQW_OK);
    ck_assert_uint_eq(len, 3);
    ck_assert_uint_eq(buf[0], 0x30);
    ck_assert_uint_eq(buf[1], 0x80);
    ck_assert_uint_eq(buf[2], 0x01);
    ck_assert_ptr_eq(w, buf + 3);
    mqw_limits lim = {130, 0, ANY};
    ck_assert_int_eq(mqw_out_begin(buf, 3, 0x30, 128, 128, &lim, &diag, &len, &w),
                     MQW_ERR_TOO_LARGE);
    ck_assert_uint_eq(len, 0);
    lim.max_packet_size = 131;
    ck_assert_int_eq(mqw_out_begin(buf, 3, 0x30, 128, 128, &lim, &diag, &len, &w), MQW_OK);
}
END_TEST

/* The parsers' frame: mqw_frame_step frames (another type is named
 * first), mqw_cur_open sets up the body's cursor, mqw_finish reports its
 * first error or surplus bytes, mqw_parsed the packet length. */
START_TEST(begin_finish)
{
    uint8_t b[] = {0xE0, 0x02, 0x04, 0x00, 0xC0, 0x00}; /* DISCONNECT RL 2, then PINGREQ */
    mqw_cur c;
    mqw_frame_info fi;
    mqw_diag diag;
    size_t used = 0;

    ck_assert_int_eq(mqw_frame_step(b, sizeof b, MQW_PINGREQ, MQW_V5, NULL, &diag, &used, &fi),
                     MQW_ERR_PACKET_TYPE);
    ck_assert_uint_eq(diag.offset, 0);
    ck_assert_ptr_null(diag.rule);
    /* The full half says the same (the fast half leaves it every error). */
    ck_assert_int_eq(mqw_frame_full_step(b, sizeof b, MQW_PINGREQ, MQW_V5, NULL, &diag, &used, &fi),
                     MQW_ERR_PACKET_TYPE);
    /* Not whole yet: the smallest total length, as mqw_frame says it. */
    ck_assert_int_eq(mqw_frame_step(b, 3, 0, MQW_V5, NULL, &diag, &used, &fi), MQW_ERR_NEED_MORE);
    ck_assert_uint_eq(used, 4);

    /* Type 0 takes any packet; without limits the cursor has none. */
    ck_assert_int_eq(mqw_frame_step(b, sizeof b, 0, MQW_V5, NULL, &diag, &used, &fi), MQW_OK);
    ck_assert_uint_eq(fi.total_len, 4);
    mqw_cur_open(&c, b, &fi, NULL, MQW_V5);
    ck_assert_ptr_eq(c.base, b);
    ck_assert_ptr_eq(c.p, b + 2);
    ck_assert_ptr_eq(c.end, b + 4);
    ck_assert_uint_eq(c.len_at, 1);
    ck_assert_uint_eq(c.flags, 0);
    ck_assert_uint_eq(c.role, ANY);
    ck_assert_uint_eq(c.version, MQW_V5);
    ck_assert_uint_eq(mqw_rd_u8(&c, NULL), 0x04);

    /* One byte left: surplus when the layout is exact, fine otherwise. */
    ck_assert_int_eq(mqw_finish(&c, true, "TB-11", &diag), MQW_ERR_TRAILING);
    ck_assert_uint_eq(diag.offset, 3);
    ck_assert_str_eq(diag.rule, "TB-11");
    used = 0;
    ck_assert_int_eq(mqw_parsed(mqw_finish(&c, false, NULL, &diag), &fi, &used), MQW_OK);
    ck_assert_uint_eq(used, 4);
    ck_assert_int_eq(mqw_parsed(mqw_finish(&c, false, NULL, NULL), &fi, NULL), MQW_OK);
    used = 0;
    ck_assert_int_eq(mqw_parsed(MQW_ERR_SHORT, &fi, &used), MQW_ERR_SHORT);
    ck_assert_uint_eq(used, 0);

    /* The first error sticks and is what finish reports. */
    mqw_cur_fail(&c, MQW_ERR_REASON_CODE, b + 2, "RC-5");
    mqw_cur_fail(&c, MQW_ERR_SHORT, b + 3, "later");
    ck_assert_int_eq(mqw_finish(&c, true, "TB-11", &diag), MQW_ERR_REASON_CODE);
    ck_assert_uint_eq(diag.offset, 2);
    ck_assert_str_eq(diag.rule, "RC-5");

    /* A field missing altogether is blamed on the Remaining Length. */
    mqw_limits lim = {0, MQW_STRICT_UTF8, SERVER};
    ck_assert_int_eq(mqw_frame_step(b + 4, 2, MQW_PINGREQ, MQW_V311, &lim, &diag, &used, &fi),
                     MQW_OK);
    mqw_cur_open(&c, b + 4, &fi, &lim, MQW_V311);
    ck_assert_uint_eq(c.flags, MQW_STRICT_UTF8);
    ck_assert_uint_eq(c.role, SERVER);
    (void)mqw_rd_u16(&c, "RL-8");
    ck_assert_int_eq(mqw_finish(&c, true, "TB-8", &diag), MQW_ERR_SHORT);
    ck_assert_uint_eq(diag.offset, 1);
    ck_assert_str_eq(diag.rule, "RL-8");
}
END_TEST

/* NULL outputs and limits are allowed everywhere. */
START_TEST(null_outputs)
{
    uint8_t b[] = {0x30, 0x80};
    mqw_frame_info fi;
    uint8_t *w = NULL;
    ck_assert_int_eq(mqw_frame(b, 1, &fi, MQW_V5, NULL, NULL, NULL), MQW_ERR_NEED_MORE);
    ck_assert_int_eq(mqw_frame(b, 2, &fi, MQW_V5, NULL, NULL, NULL), MQW_ERR_NEED_MORE);
    ck_assert_int_eq(mqw_out_direction(MQW_PUBLISH, MQW_V5, NULL, NULL), MQW_OK);
    ck_assert_int_eq(mqw_out_direction(MQW_AUTH, MQW_V31, NULL, NULL), MQW_ERR_PACKET_TYPE);
    ck_assert_int_eq(mqw_out_begin(NULL, 0, 0x30, 268435456u, 0, NULL, NULL, NULL, &w),
                     MQW_ERR_TOO_LARGE);
    mqw_limits lim = {10, 0, ANY};
    ck_assert_int_eq(mqw_out_begin(NULL, 0, 0x30, 9, 0, &lim, NULL, NULL, &w), MQW_ERR_TOO_LARGE);
    ck_assert_int_eq(mqw_out_begin(NULL, 0, 0x30, 8, 0, &lim, NULL, NULL, &w), MQW_ERR_NOSPACE);
    ck_assert_ptr_null(w);
}
END_TEST

/* ---- whole packets through mqw_parse ------------------------------------ */

#define Z10 "00 00 00 00 00 00 00 00 00 00 "
#define Z50 Z10 Z10 Z10 Z10 Z10
static const uint8_t zeros[256];

/* clang-format off */
static const vec parse_vecs[] = {
    /* The CONFORMANCE examples of section 2 and the framing rows of 1. */
    {.name = "RL-1 PINGREQ five-byte Remaining Length", .version = MQW_V311,
     .hex = "C0 80 80 80 80 00", .err = MQW_ERR_VARINT, .offset = 4, .rule = "RL-1"},
    {.name = "RL-2 PINGREQ RL 0 in two bytes (5.0)", .version = MQW_V5, .hex = "C0 80 00",
     .err = MQW_ERR_VARINT, .offset = 2, .rule = "RL-2"},
    {.name = "RL-2 PINGREQ RL 0 in two bytes (3.1.1 default, C-1)", .version = MQW_V311,
     .hex = "C0 80 00", .err = MQW_ERR_VARINT, .offset = 2, .rule = "RL-2"},
    {.name = "RL-2 PINGREQ RL 0 in two bytes, 3.1.1 MQW_LENIENT_VARINT", .version = MQW_V311,
     .flags = MQW_LENIENT_VARINT, .hex = "C0 80 00", .pkt = {.type = MQW_PINGREQ},
     .canon = "C0 00"},
    {.name = "RL-2 PUBLISH RL 3 padded, 3.1 MQW_LENIENT_VARINT", .version = MQW_V31,
     .flags = MQW_LENIENT_VARINT, .hex = "30 83 80 00 00 01 61",
     .pkt = {.type = MQW_PUBLISH, .u.publish = {.topic = S("a")}}, .canon = "30 03 00 01 61"},
    {.name = "RL-3 PUBLISH incomplete", .version = MQW_V311, .hex = "30 05 00 01 61",
     .err = MQW_ERR_NEED_MORE},
    {.name = "RL-4 PUBLISH Remaining Length cut off", .version = MQW_V311, .hex = "30 80",
     .err = MQW_ERR_NEED_MORE},
    {.name = "RL-4 PUBLISH Remaining Length cut off, 3.1.1 MQW_LENIENT_VARINT", .version = MQW_V311,
     .flags = MQW_LENIENT_VARINT, .hex = "30 80 80", .err = MQW_ERR_NEED_MORE},
    {.name = "RL-1 PINGREQ five-byte Remaining Length (3.1)", .version = MQW_V31,
     .hex = "C0 80 80 80 80 00", .err = MQW_ERR_VARINT, .offset = 4, .rule = "RL-1"},
    {.name = "RL-1 PINGREQ five-byte Remaining Length (5.0)", .version = MQW_V5,
     .hex = "C0 80 80 80 80 00", .err = MQW_ERR_VARINT, .offset = 4, .rule = "RL-1"},
    {.name = "RL-2 PINGREQ RL 0 in two bytes (3.1 default, C-1)", .version = MQW_V31,
     .hex = "C0 80 00", .err = MQW_ERR_VARINT, .offset = 2, .rule = "RL-2"},
    {.name = "RL-3 PUBLISH incomplete (3.1)", .version = MQW_V31, .hex = "30 05 00 01 61",
     .err = MQW_ERR_NEED_MORE},
    {.name = "RL-3 PUBLISH incomplete (5.0)", .version = MQW_V5, .hex = "30 05 00 01 61",
     .err = MQW_ERR_NEED_MORE},
    {.name = "RL-4 PUBLISH Remaining Length cut off (3.1)", .version = MQW_V31, .hex = "30 80",
     .err = MQW_ERR_NEED_MORE},
    {.name = "RL-4 PUBLISH Remaining Length cut off (5.0)", .version = MQW_V5, .hex = "30 80",
     .err = MQW_ERR_NEED_MORE},
    {.name = "FH-15 type 0 (3.1)", .version = MQW_V31, .hex = "00 00",
     .err = MQW_ERR_PACKET_TYPE, .offset = 0, .rule = "FH-15"},
    {.name = "FH-16 type 15 on 3.1", .version = MQW_V31, .hex = "F0 00",
     .err = MQW_ERR_PACKET_TYPE, .offset = 0, .rule = "FH-16"},
    {.name = "FH-20 CONNACK received by a server (3.1)", .version = MQW_V31, .role = SERVER,
     .hex = "20 02 00 00", .err = MQW_ERR_DIRECTION, .offset = 0, .rule = "FH-20"},
    {.name = "FH-20 CA-5 CONNACK received by a server (5.0: direction before layout)",
     .version = MQW_V5, .role = SERVER, .hex = "20 02 00 00", .err = MQW_ERR_DIRECTION,
     .offset = 0, .rule = "FH-20"},
    {.name = "FH-15 type 0", .version = MQW_V311, .hex = "00 00", .err = MQW_ERR_PACKET_TYPE,
     .offset = 0, .rule = "FH-15"},
    {.name = "FH-15 type 0 (5.0)", .version = MQW_V5, .hex = "00 00", .err = MQW_ERR_PACKET_TYPE,
     .offset = 0, .rule = "FH-15"},
    {.name = "FH-16 type 15 on 3.1.1", .version = MQW_V311, .hex = "F0 00",
     .err = MQW_ERR_PACKET_TYPE, .offset = 0, .rule = "FH-16"},
    {.name = "FH-20 CONNACK received by a server", .version = MQW_V311, .role = SERVER,
     .hex = "20 02 00 00", .err = MQW_ERR_DIRECTION, .offset = 0, .rule = "FH-20"},
    {.name = "FH-20 CONNACK received by a client", .version = MQW_V311, .role = CLIENT,
     .hex = "20 02 00 00", .pkt = {.type = MQW_CONNACK}},
    {.name = "FH-20 SUBSCRIBE received by a client", .version = MQW_V5, .role = CLIENT,
     .hex = "82 07 00 01 00 00 01 61 00", .err = MQW_ERR_DIRECTION, .offset = 0, .rule = "FH-20"},
    {.name = "FH-20 PUBLISH both ways (to a client)", .version = MQW_V311, .role = CLIENT,
     .hex = "30 03 00 01 61", .pkt = {.type = MQW_PUBLISH, .u.publish = {.topic = S("a")}}},
    {.name = "FH-20 PUBLISH both ways (to a server)", .version = MQW_V311, .role = SERVER,
     .hex = "30 03 00 01 61", .pkt = {.type = MQW_PUBLISH, .u.publish = {.topic = S("a")}}},

    /* Remaining Length 127 / 128: the one- and two-byte forms, with every
     * prefix (the partial-RL needs) swept by run_vec. */
    {.name = "RL 127 PUBLISH (3.1.1)", .version = MQW_V311,
     .hex = "30 7F 00 01 61" Z50 Z50 Z10 Z10 "00 00 00 00",
     .pkt = {.type = MQW_PUBLISH, .u.publish = {.topic = S("a"), .payload = {zeros, 124}}}},
    {.name = "RL 128 PUBLISH (3.1.1)", .version = MQW_V311,
     .hex = "30 80 01 00 01 61" Z50 Z50 Z10 Z10 "00 00 00 00 00",
     .pkt = {.type = MQW_PUBLISH, .u.publish = {.topic = S("a"), .payload = {zeros, 125}}}},
    {.name = "RL 128 PUBLISH (5.0)", .version = MQW_V5,
     .hex = "30 80 01 00 01 61 00" Z50 Z50 Z10 Z10 "00 00 00 00",
     .pkt = {.type = MQW_PUBLISH, .u.publish = {.topic = S("a"), .payload = {zeros, 124}}}},
    {.name = "RL 128 PUBLISH padded to 3 bytes, 3.1.1 MQW_LENIENT_VARINT", .version = MQW_V311,
     .flags = MQW_LENIENT_VARINT, .hex = "30 80 81 00 00 01 61" Z50 Z50 Z10 Z10 "00 00 00 00 00",
     .pkt = {.type = MQW_PUBLISH, .u.publish = {.topic = S("a"), .payload = {zeros, 125}}},
     .canon = "30 80 01 00 01 61" Z50 Z50 Z10 Z10 "00 00 00 00 00"},
    {.name = "RL 128 PUBLISH at max_packet_size 131", .version = MQW_V311, .max_packet_size = 131,
     .hex = "30 80 01 00 01 61" Z50 Z50 Z10 Z10 "00 00 00 00 00",
     .pkt = {.type = MQW_PUBLISH, .u.publish = {.topic = S("a"), .payload = {zeros, 125}}}},
    {.name = "RL 128 PUBLISH over max_packet_size 130", .version = MQW_V311, .max_packet_size = 130,
     .hex = "30 80 01 00 01 61" Z50 Z50 Z10 Z10 "00 00 00 00 00", .err = MQW_ERR_TOO_LARGE,
     .offset = 1},
};
/* clang-format on */

VEC_LOOP_TEST(parse_vec, parse_vecs)

/* ---- the version not known yet (MQW_V_UNKNOWN) ------------------------------ */

/* The parser of the packet's own type, with `version`. */
static int parse_own_type(const uint8_t *b, size_t n, int version, mqw_diag *diag)
{
    mqw_packet p;
    switch (b[0] >> 4) {
    case MQW_CONNECT:
        return mqw_connect_parse(b, n, &p.u.connect, NULL, diag, NULL);
    case MQW_CONNACK:
        return mqw_connack_parse(b, n, &p.u.connack, version, NULL, diag, NULL);
    case MQW_PUBLISH:
        return mqw_publish_parse(b, n, &p.u.publish, version, NULL, diag, NULL);
    case MQW_PUBACK:
    case MQW_PUBREC:
    case MQW_PUBREL:
    case MQW_PUBCOMP:
        return mqw_ack_parse(b, n, &p.u.ack, version, NULL, diag, NULL);
    case MQW_SUBSCRIBE:
        return mqw_subscribe_parse(b, n, &p.u.subscribe, version, NULL, diag, NULL);
    case MQW_SUBACK:
        return mqw_suback_parse(b, n, &p.u.suback, version, NULL, diag, NULL);
    case MQW_UNSUBSCRIBE:
        return mqw_unsubscribe_parse(b, n, &p.u.unsubscribe, version, NULL, diag, NULL);
    case MQW_UNSUBACK:
        return mqw_unsuback_parse(b, n, &p.u.unsuback, version, NULL, diag, NULL);
    case MQW_PINGREQ:
    case MQW_PINGRESP:
        return mqw_ping_parse(b, n, b[0] >> 4, version, NULL, diag, NULL);
    case MQW_DISCONNECT:
        return mqw_disconnect_parse(b, n, &p.u.disconnect, version, NULL, diag, NULL);
    case MQW_AUTH:
        return mqw_auth_parse(b, n, &p.u.auth, version, NULL, diag, NULL);
    default:
        return mqw_parse(b, n, &p, version, NULL, diag, NULL);
    }
}

/* One rule for the first packet of a connection (mqttwire.h, `version`):
 * with MQW_V_UNKNOWN, mqw_frame, mqw_parse and the parser of the packet's
 * type refuse every type but CONNECT with MQW_ERR_PACKET_TYPE at offset 0
 * and no rule (type 0: FH-15) from the first byte on, whatever follows it;
 * a CONNECT (any flag nibble) frames and parses exactly as with 3.1.1. */
START_TEST(version_unknown_first_byte)
{
    uint8_t b = (uint8_t)_i, type = (uint8_t)(b >> 4);
    uint8_t pkt[2] = {b, 0x00};
    for (size_t n = 1; n <= 2; n++) {
        mqw_frame_info fi, fi311;
        mqw_diag d, d311;
        size_t used = 7, used311 = 7;
        int rc = mqw_frame(pkt, n, &fi, MQW_V_UNKNOWN, NULL, &d, &used);
        int rc311 = mqw_frame(pkt, n, &fi311, MQW_V311, NULL, &d311, &used311);
        mqw_packet p, p311;
        int prc = mqw_parse(pkt, n, &p, MQW_V_UNKNOWN, NULL, &d, &used);
        int prc311 = mqw_parse(pkt, n, &p311, MQW_V311, NULL, &d311, &used311);
        if (type == MQW_CONNECT) {
            ck_assert_int_eq(rc, rc311);
            ck_assert_int_eq(prc, prc311);
            ck_assert_uint_eq(used, used311);
            continue;
        }
        int want = MQW_ERR_PACKET_TYPE;
        ck_assert_msg(rc == want, "first byte %02X, %zu bytes: mqw_frame %s", b, n,
                      mqw_strerror(rc));
        ck_assert_msg(prc == want, "first byte %02X: mqw_parse %s", b, mqw_strerror(prc));
        ck_assert_uint_eq(d.offset, 0);
        if (type == 0)
            ck_assert_str_eq(d.rule, "FH-15");
        else
            ck_assert_ptr_null(d.rule);
        if (type != 0) {
            int krc = parse_own_type(pkt, n, MQW_V_UNKNOWN, &d);
            ck_assert_msg(krc == want, "first byte %02X: its parser %s", b, mqw_strerror(krc));
            ck_assert_ptr_null(d.rule);
        }
    }
}
END_TEST

/* A CONNECT of each version read with MQW_V_UNKNOWN: framed and parsed as
 * with 3.1.1 (every prefix asks for the same length), the version from the
 * packet; the same bytes handed to another type's parser are
 * MQW_ERR_PACKET_TYPE. */
START_TEST(version_unknown_connect)
{
    static const char *const connects[] = {
        "10 0F 00 06 4D 51 49 73 64 70 03 02 00 3C 00 01 63", /* 3.1 */
        "10 0D 00 04 4D 51 54 54 04 02 00 3C 00 01 63",       /* 3.1.1 */
        "10 0E 00 04 4D 51 54 54 05 02 00 3C 00 00 01 63",    /* 5.0 */
    };
    static const int levels[] = {MQW_V31, MQW_V311, MQW_V5};
    uint8_t pkt[32];
    size_t n = hex_decode(connects[_i], pkt, sizeof pkt, NULL);
    mqw_packet p;
    mqw_diag d;
    size_t used = 0;
    ck_assert_int_eq(mqw_parse(pkt, n, &p, MQW_V_UNKNOWN, NULL, &d, &used), MQW_OK);
    ck_assert_uint_eq(p.type, MQW_CONNECT);
    ck_assert_int_eq(p.u.connect.version, levels[_i]);
    ck_assert_uint_eq(used, n);
    mqw_frame_info fi;
    ck_assert_int_eq(mqw_frame(pkt, n, &fi, MQW_V_UNKNOWN, NULL, &d, &used), MQW_OK);
    ck_assert_uint_eq(fi.total_len, n);
    for (size_t k = 0; k < n; k++) {
        size_t need = 0, need311 = 0;
        ck_assert_int_eq(mqw_frame(pkt, k, &fi, MQW_V_UNKNOWN, NULL, NULL, &need),
                         MQW_ERR_NEED_MORE);
        ck_assert_int_eq(mqw_frame(pkt, k, &fi, MQW_V311, NULL, NULL, &need311), MQW_ERR_NEED_MORE);
        ck_assert_uint_eq(need, need311);
        ck_assert_int_eq(mqw_parse(pkt, k, &p, MQW_V_UNKNOWN, NULL, NULL, &need),
                         MQW_ERR_NEED_MORE);
        ck_assert_uint_eq(need, need311);
    }
    mqw_publish pub;
    ck_assert_int_eq(mqw_publish_parse(pkt, n, &pub, MQW_V_UNKNOWN, NULL, &d, NULL),
                     MQW_ERR_PACKET_TYPE);
    mqw_ack ack;
    ck_assert_int_eq(mqw_ack_parse(pkt, n, &ack, MQW_V_UNKNOWN, NULL, &d, NULL),
                     MQW_ERR_PACKET_TYPE);
    /* Builders take a protocol level only. */
    size_t len = 9;
    ck_assert_int_eq(mqw_ping_build(pkt, sizeof pkt, MQW_PINGREQ, MQW_V_UNKNOWN, NULL, NULL, &len),
                     MQW_ERR_ARG);
}
END_TEST

static void add_loop(Suite *s, const char *name, const TTest *fn, size_t n)
{
    TCase *tc = tcase_create(name);
    tcase_add_loop_test(tc, fn, 0, (int)n);
    suite_add_tcase(s, tc);
}

int main(void)
{
    Suite *s = suite_create("frame");
    add_loop(s, "every first byte", every_first_byte, 256);
    TCase *types = tcase_create("every type, builders' direction");
    tcase_add_loop_test(types, every_type_out_direction, MQW_CONNECT, MQW_AUTH + 1);
    suite_add_tcase(s, types);
    add_loop(s, "header vectors", frame_vec, ARRAY_LEN(frame_vecs));
    add_loop(s, "packets", parse_vec, ARRAY_LEN(parse_vecs));
    add_loop(s, "version not known yet: every first byte", version_unknown_first_byte, 256);
    add_loop(s, "version not known yet: CONNECT", version_unknown_connect, 3);

    TCase *tc = tcase_create("streams and calls");
    tcase_add_test(tc, large_packets_complete);
    tcase_add_test(tc, back_to_back);
    tcase_add_test(tc, byte_by_byte);
    tcase_add_test(tc, frame_arguments);
    tcase_add_test(tc, out_begin);
    tcase_add_test(tc, begin_finish);
    tcase_add_test(tc, null_outputs);
    suite_add_tcase(s, tc);
    return suite_main(s);
}
