/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * Tests for lib/subscribe.c: SUBSCRIBE, SUBACK, UNSUBSCRIBE, UNSUBACK and
 * the list iterators, in 3.1, 3.1.1 and 5.0.
 *
 * Tables:
 *  - sub_vecs / unsub_vecs / suback_vecs / unsuback_vecs: byte vectors run
 *    by run_vec (parse, build, mirror, and the sweeps);
 *  - accept_vecs: packets a parser accepts but a builder must never write
 *    (invalid filters accepted per filter with MQW_LENIENT_FILTERS, C-10;
 *    empty 3.1 lists under C-22, lenient acks); run here because run_vec
 *    rebuilds every valid row;
 *  - build_vecs: builder refusals run by run_bvec;
 *  - trim_vecs: SUBACK/UNSUBACK trimmed to a Maximum Packet Size;
 *  - a few plain tests: argument checks, iterator bounds, size overflow.
 *
 * Hex comments name the fields; offsets in error rows count from the first
 * byte of the packet.
 */
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define SUBS(...) ((const mqw_subscription[]){__VA_ARGS__})
#define FILTERS(...) ((const mqw_bytes[]){__VA_ARGS__})
#define PROPS(...) ((const mqw_property[]){__VA_ARGS__})

#define SUBSCRIBE(...)                                                                             \
    {                                                                                              \
        .type = MQW_SUBSCRIBE, .u.subscribe = { __VA_ARGS__ }                                      \
    }
#define UNSUBSCRIBE(...)                                                                           \
    {                                                                                              \
        .type = MQW_UNSUBSCRIBE, .u.unsubscribe = { __VA_ARGS__ }                                  \
    }
#define SUBACK(...)                                                                                \
    {                                                                                              \
        .type = MQW_SUBACK, .u.suback = { __VA_ARGS__ }                                            \
    }
#define UNSUBACK(...)                                                                              \
    {                                                                                              \
        .type = MQW_UNSUBACK, .u.unsuback = { __VA_ARGS__ }                                        \
    }

#define BAD MQW_ERR_TOPIC_FILTER

/* 100 bytes of 'a', as hex and as a C string, for multi-byte lengths. */
#define HEX_A10 "61 61 61 61 61 61 61 61 61 61 "
#define HEX_A100 HEX_A10 HEX_A10 HEX_A10 HEX_A10 HEX_A10 HEX_A10 HEX_A10 HEX_A10 HEX_A10 HEX_A10
#define STR_A10 "aaaaaaaaaa"
#define STR_A100 STR_A10 STR_A10 STR_A10 STR_A10 STR_A10 STR_A10 STR_A10 STR_A10 STR_A10 STR_A10

/* ======================================================================
 * SUBSCRIBE
 * ====================================================================== */

static const vec sub_vecs[] = {
    /* ---- valid ---------------------------------------------------------- */
    {.name = "SUB-3 TB-6 3.1.1 SUBSCRIBE one pair 'a' QoS 0",
     .version = MQW_V311,
     .hex = "82 06 00 01" /* PI 1 */ " 00 01 61" /* 'a' */ " 00" /* options */,
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("a")}), .n = 1)},
    {.name = "SUB-5 3.1.1 SUBSCRIBE QoS 1 and QoS 2, PI 0xFFFF",
     .version = MQW_V311,
     .hex = "82 0A FF FF 00 01 61 01 00 01 62 02",
     .pkt = SUBSCRIBE(.packet_id = 0xFFFF,
                      .subs = SUBS({.filter = S("a"), .qos = 1}, {.filter = S("b"), .qos = 2}),
                      .n = 2)},
    {.name = "31-11 3.1 SUBSCRIBE with QoS 1 in the fixed header",
     .version = MQW_V31,
     .hex = "82 06 00 01 00 01 61 00",
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("a")}), .n = 1)},
    {.name = "31-12 3.1 SUBSCRIBE with DUP set is exposed and rebuilt",
     .version = MQW_V31,
     .hex = "8A 06 00 01 00 01 61 00",
     .pkt = SUBSCRIBE(.packet_id = 1, .dup = true, .subs = SUBS({.filter = S("a")}), .n = 1)},
    {.name = "31-11 C-20 3.1 SUBSCRIBE QoS bits 00 accepted with MQW_LENIENT_V31",
     .version = MQW_V31,
     .flags = MQW_LENIENT_V31,
     .hex = "80 06 00 01 00 01 61 00",
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("a")}), .n = 1),
     .canon = "82 06 00 01 00 01 61 00"},
    {.name = "31-13 3.1 SUBSCRIBE RETAIN bit ignored, written 0",
     .version = MQW_V31,
     .hex = "83 06 00 01 00 01 61 00",
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("a")}), .n = 1),
     .canon = "82 06 00 01 00 01 61 00"},
    {.name = "SUB-11 5.0 SUBSCRIBE with an empty Property Length",
     .version = MQW_V5,
     .hex = "82 07 00 01" /* PI */ " 00" /* PL 0 */ " 00 01 61 00",
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("a")}), .n = 1)},
    {.name = "SUB-10 5.0 options 0x2E: RH 2, RAP 1, NL 1, QoS 2",
     .version = MQW_V5,
     .hex = "82 07 00 01 00 00 01 61 2E",
     .pkt = SUBSCRIBE(.packet_id = 1,
                      .subs = SUBS({.filter = S("a"),
                                    .qos = 2,
                                    .no_local = true,
                                    .retain_as_published = true,
                                    .retain_handling = 2}),
                      .n = 1)},
    {.name = "SUB-10 5.0 options 0x11, 0x08, 0x24 on three filters",
     .version = MQW_V5,
     .hex = "82 0F 00 01 00" /* PI, PL */
            " 00 01 61 11"   /* 'a' RH 1, QoS 1 */
            " 00 01 62 08"   /* 'b' RAP */
            " 00 01 63 24",  /* 'c' RH 2, NL */
     .pkt = SUBSCRIBE(.packet_id = 1,
                      .subs = SUBS({.filter = S("a"), .qos = 1, .retain_handling = 1},
                                   {.filter = S("b"), .retain_as_published = true},
                                   {.filter = S("c"), .no_local = true, .retain_handling = 2}),
                      .n = 3)},
    {.name = "PR-7 PR-13 5.0 SUBSCRIBE with one Subscription Identifier and a User Property",
     .version = MQW_V5,
     .hex = "82 10 00 01"
            " 09"                   /* Property Length */
            " 0B 05"                /* Subscription Identifier 5 */
            " 26 00 01 6B 00 01 76" /* User Property k=v */
            " 00 01 61 01",
     .pkt = SUBSCRIBE(.packet_id = 1,
                      .props = {.list = PROPS(
                                    {.id = MQW_PROP_SUBSCRIPTION_IDENTIFIER, .v.num = 5},
                                    {.id = MQW_PROP_USER_PROPERTY, .v.pair = {S("k"), S("v")}}),
                                .n = 2},
                      .subs = SUBS({.filter = S("a"), .qos = 1}), .n = 1)},
    {.name = "PR-9 PR-22 5.0 Subscription Identifier 268,435,455 (4-byte VBI)",
     .version = MQW_V5,
     .hex = "82 0C 00 01 05 0B FF FF FF 7F 00 01 61 00",
     .pkt = SUBSCRIBE(.packet_id = 1,
                      .props = {.list = PROPS(
                                    {.id = MQW_PROP_SUBSCRIPTION_IDENTIFIER, .v.num = 268435455}),
                                .n = 1},
                      .subs = SUBS({.filter = S("a")}), .n = 1)},
    {.name = "TF-3 C-11 3.1.1 '#', 'a/#', '+/#' are valid filters",
     .version = MQW_V311,
     .hex = "82 12 00 01 00 01 23 00 00 03 61 2F 23 00 00 03 2B 2F 23 00",
     .pkt = SUBSCRIBE(.packet_id = 1,
                      .subs = SUBS({.filter = S("#")}, {.filter = S("a/#")}, {.filter = S("+/#")}),
                      .n = 3)},
    {.name = "TF-3 3.1 '#', 'a/#', '+/#' are valid filters",
     .version = MQW_V31,
     .hex = "82 12 00 01 00 01 23 00 00 03 61 2F 23 00 00 03 2B 2F 23 00",
     .pkt = SUBSCRIBE(.packet_id = 1,
                      .subs = SUBS({.filter = S("#")}, {.filter = S("a/#")}, {.filter = S("+/#")}),
                      .n = 3)},
    {.name = "TF-3 5.0 '#', 'a/#', '/#', '+/#' are valid filters (lenient too)",
     .version = MQW_V5,
     .flags = MQW_LENIENT_FILTERS,
     .hex = "82 18 00 01 00 00 01 23 00 00 03 61 2F 23 00 00 02 2F 23 00 00 03 2B 2F 23 00",
     .pkt = SUBSCRIBE(.packet_id = 1,
                      .subs = SUBS({.filter = S("#")}, {.filter = S("a/#")}, {.filter = S("/#")},
                                   {.filter = S("+/#")}),
                      .n = 4)},
    {.name = "TF-6 3.1.1 '+', '+/+', 'a/+/b' are valid filters",
     .version = MQW_V311,
     .hex = "82 14 00 01 00 01 2B 00 00 03 2B 2F 2B 00 00 05 61 2F 2B 2F 62 00",
     .pkt =
         SUBSCRIBE(.packet_id = 1,
                   .subs = SUBS({.filter = S("+")}, {.filter = S("+/+")}, {.filter = S("a/+/b")}),
                   .n = 3)},
    {.name = "TF-6 3.1.1 '/+' and '+/a/#' valid (lenient too)",
     .version = MQW_V311,
     .flags = MQW_LENIENT_FILTERS,
     .hex = "82 0F 00 01 00 02 2F 2B 01 00 05 2B 2F 61 2F 23 02",
     .pkt = SUBSCRIBE(.packet_id = 1,
                      .subs = SUBS({.filter = S("/+"), .qos = 1}, {.filter = S("+/a/#"), .qos = 2}),
                      .n = 2)},
    {.name = "TF-8 3.1.1 zero-length levels 'a//b' and '/' are valid",
     .version = MQW_V311,
     .hex = "82 0D 00 01 00 04 61 2F 2F 62 00 00 01 2F 00",
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("a//b")}, {.filter = S("/")}),
                      .n = 2)},
    {.name = "TF-8 5.0 '/a' valid (lenient too)",
     .version = MQW_V5,
     .flags = MQW_LENIENT_FILTERS,
     .hex = "82 08 00 01 00 00 02 2F 61 00",
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("/a")}), .n = 1)},
    {.name = "TF-14 SUB-9 5.0 '$SHARE/g/a' and '$shared/g/a' are ordinary: No Local allowed",
     .version = MQW_V5,
     .hex = "82 1E 00 01 00"
            " 00 0A 24 53 48 41 52 45 2F 67 2F 61 04"     /* "$SHARE/g/a" NL */
            " 00 0B 24 73 68 61 72 65 64 2F 67 2F 61 04", /* "$shared/g/a" NL */
     .pkt = SUBSCRIBE(.packet_id = 1,
                      .subs = SUBS({.filter = S("$SHARE/g/a"), .no_local = true},
                                   {.filter = S("$shared/g/a"), .no_local = true}),
                      .n = 2)},
    {.name = "TF-15 3.1.1 '$share//a' is an ordinary valid filter before 5.0 (lenient too)",
     .version = MQW_V311,
     .flags = MQW_LENIENT_FILTERS,
     .hex = "82 0E 00 01 00 09 24 73 68 61 72 65 2F 2F 61 00",
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("$share//a")}), .n = 1)},
    {.name = "TF-15 3.1 '$share//a' is an ordinary valid filter before 5.0",
     .version = MQW_V31,
     .hex = "82 0E 00 01 00 09 24 73 68 61 72 65 2F 2F 61 00",
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("$share//a")}), .n = 1)},
    {.name =
         "TF-13 SUB-9 5.0 '$share/g/a/#' and '$share/g/+' are valid shared filters (lenient too)",
     .version = MQW_V5,
     .flags = MQW_LENIENT_FILTERS,
     .hex = "82 1F 00 01 00"
            " 00 0C 24 73 68 61 72 65 2F 67 2F 61 2F 23 01" /* "$share/g/a/#" QoS 1 */
            " 00 0A 24 73 68 61 72 65 2F 67 2F 2B 28",      /* "$share/g/+" RAP, RH 2 */
     .pkt = SUBSCRIBE(.packet_id = 1,
                      .subs = SUBS({.filter = S("$share/g/a/#"), .qos = 1},
                                   {.filter = S("$share/g/+"),
                                    .retain_as_published = true,
                                    .retain_handling = 2}),
                      .n = 2)},
    {.name = "STR-14 STR-7 3.1.1 multi-byte UTF-8 and U+FEFF kept in a filter",
     .version = MQW_V311,
     .hex = "82 0B 00 01 00 06 C3 A9 2F EF BB BF 01",
     .pkt = SUBSCRIBE(.packet_id = 1,
                      .subs = SUBS({.filter = S("\xC3\xA9/\xEF\xBB\xBF"), .qos = 1}), .n = 1)},
    {.name = "RL-5 3.1.1 SUBSCRIBE with a two-byte Remaining Length (200-byte filter)",
     .version = MQW_V311,
     .hex = "82 CD 01 00 07 00 C8 " HEX_A100 HEX_A100 "01",
     .pkt = SUBSCRIBE(.packet_id = 7, .subs = SUBS({.filter = S(STR_A100 STR_A100), .qos = 1}),
                      .n = 1)},
    {.name = "RL-5 5.0 SUBSCRIBE followed by another packet in the buffer",
     .version = MQW_V5,
     .hex = "82 07 00 01 00 00 01 61 00 | C0 00",
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("a")}), .n = 1)},
    {.name = "FH-20 5.0 SUBSCRIBE received by a server",
     .version = MQW_V5,
     .role = MQW_ROLE_SERVER,
     .hex = "82 07 00 01 00 00 01 61 00",
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("a")}), .n = 1)},

    /* ---- fixed header --------------------------------------------------- */
    {.name = "FH-7 3.1.1 SUBSCRIBE flag nibble 0000",
     .version = MQW_V311,
     .hex = "80 06 00 01 00 01 61 00",
     .err = MQW_ERR_FLAGS,
     .offset = 0,
     .rule = "FH-7"},
    {.name = "FH-7 3.1.1 SUBSCRIBE flag nibble 1010 (DUP only exists in 3.1)",
     .version = MQW_V311,
     .hex = "8A 06 00 01 00 01 61 00",
     .err = MQW_ERR_FLAGS,
     .offset = 0,
     .rule = "FH-7"},
    {.name = "FH-7 5.0 SUBSCRIBE flag nibble 0000",
     .version = MQW_V5,
     .hex = "80 07 00 01 00 00 01 61 00",
     .err = MQW_ERR_FLAGS,
     .offset = 0,
     .rule = "FH-7"},
    {.name = "FH-7 5.0 SUBSCRIBE flag nibble 0011",
     .version = MQW_V5,
     .hex = "83 07 00 01 00 00 01 61 00",
     .err = MQW_ERR_FLAGS,
     .offset = 0,
     .rule = "FH-7"},
    {.name = "31-11 3.1 SUBSCRIBE QoS bits 00",
     .version = MQW_V31,
     .hex = "80 06 00 01 00 01 61 00",
     .err = MQW_ERR_FLAGS,
     .offset = 0,
     .rule = "31-11"},
    {.name = "31-11 3.1 SUBSCRIBE QoS bits 10",
     .version = MQW_V31,
     .hex = "84 06 00 01 00 01 61 00",
     .err = MQW_ERR_FLAGS,
     .offset = 0,
     .rule = "31-11"},
    {.name = "FH-20 5.0 SUBSCRIBE received by a client",
     .version = MQW_V5,
     .role = MQW_ROLE_CLIENT,
     .hex = "82 07 00 01 00 00 01 61 00",
     .err = MQW_ERR_DIRECTION,
     .offset = 0,
     .rule = "FH-20"},
    {.name = "RL-3 3.1.1 SUBSCRIBE one byte short is incomplete",
     .version = MQW_V311,
     .hex = "82 06 00 01 00 01 61",
     .err = MQW_ERR_NEED_MORE},
    {.name = "5.0 SUBSCRIBE larger than max_packet_size (no row: a caller limit)",
     .version = MQW_V5,
     .max_packet_size = 8,
     .hex = "82 07 00 01 00 00 01 61 00",
     .err = MQW_ERR_TOO_LARGE,
     .offset = 1},

    /* ---- Packet Identifier ---------------------------------------------- */
    {.name = "PID-2 3.1.1 SUBSCRIBE with PI 0",
     .version = MQW_V311,
     .hex = "82 06 00 00 00 01 61 00",
     .err = MQW_ERR_PACKET_ID,
     .offset = 2,
     .rule = "PID-2"},
    {.name = "PID-2 3.1 SUBSCRIBE with PI 0",
     .version = MQW_V31,
     .hex = "82 06 00 00 00 01 61 00",
     .err = MQW_ERR_PACKET_ID,
     .offset = 2,
     .rule = "PID-2"},
    {.name = "PID-2 5.0 SUBSCRIBE with PI 0",
     .version = MQW_V5,
     .hex = "82 07 00 00 00 00 01 61 00",
     .err = MQW_ERR_PACKET_ID,
     .offset = 2,
     .rule = "PID-2"},
    {.name = "PID-2 MQW_LENIENT_ACK_ID does not cover SUBSCRIBE",
     .version = MQW_V311,
     .flags = MQW_LENIENT_ACK_ID,
     .hex = "82 06 00 00 00 01 61 00",
     .err = MQW_ERR_PACKET_ID,
     .offset = 2,
     .rule = "PID-2"},
    {.name = "RL-8 3.1.1 SUBSCRIBE with RL 0 has no PI",
     .version = MQW_V311,
     .hex = "82 00",
     .err = MQW_ERR_SHORT,
     .offset = 1,
     .rule = "RL-8"},
    {.name = "RL-8 3.1.1 SUBSCRIBE with RL 1 has half a PI",
     .version = MQW_V311,
     .hex = "82 01 00",
     .err = MQW_ERR_SHORT,
     .offset = 2,
     .rule = "RL-8"},

    /* ---- the list -------------------------------------------------------- */
    {.name = "SUB-1 3.1.1 SUBSCRIBE with no pairs",
     .version = MQW_V311,
     .hex = "82 02 00 01",
     .err = MQW_ERR_EMPTY,
     .offset = 1,
     .rule = "SUB-1"},
    {.name = "SUB-2 5.0 SUBSCRIBE with empty properties and no pairs",
     .version = MQW_V5,
     .hex = "82 03 00 01 00",
     .err = MQW_ERR_EMPTY,
     .offset = 1,
     .rule = "SUB-2"},
    {.name = "31-15 3.1 empty SUBSCRIBE refused with MQW_STRICT_V31",
     .version = MQW_V31,
     .flags = MQW_STRICT_V31,
     .hex = "82 02 00 01",
     .err = MQW_ERR_EMPTY,
     .offset = 1,
     .rule = "31-15"},
    {.name = "SUB-11 5.0 SUBSCRIBE without a Property Length (PI only)",
     .version = MQW_V5,
     .hex = "82 02 00 01",
     .err = MQW_ERR_SHORT,
     .offset = 1,
     .rule = "SUB-11"},
    {.name = "SUB-11 RL-5 5.0 3.1.1-shaped SUBSCRIBE: 00 read as Property Length, filter length "
             "0x0161 overruns",
     .version = MQW_V5,
     .hex = "82 06 00 01 00 01 61 00",
     .err = MQW_ERR_SHORT,
     .offset = 5,
     .rule = "RL-5"},
    {.name = "RL-5 3.1.1 filter length 5 runs past RL 4; the next packet does not count",
     .version = MQW_V311,
     .hex = "82 04 00 01 00 05 | C0 00",
     .err = MQW_ERR_SHORT,
     .offset = 4,
     .rule = "RL-5"},
    {.name = "RL-5 3.1 filter length 5 runs past RL 4",
     .version = MQW_V31,
     .hex = "82 04 00 01 00 05 | C0 00",
     .err = MQW_ERR_SHORT,
     .offset = 4,
     .rule = "RL-5"},
    {.name = "RL-5 5.0 filter length 5 runs past RL 5",
     .version = MQW_V5,
     .hex = "82 05 00 01 00 00 05 | C0 00",
     .err = MQW_ERR_SHORT,
     .offset = 5,
     .rule = "RL-5"},
    {.name = "RL-5 3.1.1 second filter's length 3 with 2 bytes left",
     .version = MQW_V311,
     .hex = "82 0A 00 01 00 01 61 00 00 03 62 63",
     .err = MQW_ERR_SHORT,
     .offset = 8,
     .rule = "RL-5"},
    {.name = "SUB-3 3.1.1 filter without its options byte",
     .version = MQW_V311,
     .hex = "82 05 00 01 00 01 61",
     .err = MQW_ERR_SHORT,
     .offset = 1,
     .rule = "SUB-3"},
    {.name = "SUB-3 5.0 second filter without its options byte",
     .version = MQW_V5,
     .hex = "82 0A 00 01 00 00 01 61 00 00 01 62",
     .err = MQW_ERR_SHORT,
     .offset = 1,
     .rule = "SUB-3"},
    {.name = "SUB-3 3.1 filter without its options byte",
     .version = MQW_V31,
     .hex = "82 05 00 01 00 01 61",
     .err = MQW_ERR_SHORT,
     .offset = 1,
     .rule = "SUB-3"},
    {.name = "TB-6 3.1.1 one-byte fragment after the last pair",
     .version = MQW_V311,
     .hex = "82 07 00 01 00 01 61 00 00",
     .err = MQW_ERR_SHORT,
     .offset = 8,
     .rule = "TB-6"},
    {.name = "TB-6 3.1 one-byte fragment after the last pair",
     .version = MQW_V31,
     .hex = "82 07 00 01 00 01 61 00 00",
     .err = MQW_ERR_SHORT,
     .offset = 8,
     .rule = "TB-6"},
    {.name = "TB-6 5.0 one-byte fragment after the last pair",
     .version = MQW_V5,
     .hex = "82 08 00 01 00 00 01 61 00 00",
     .err = MQW_ERR_SHORT,
     .offset = 9,
     .rule = "TB-6"},
    {.name = "STR-14 3.1.1 filter byte FF is not UTF-8",
     .version = MQW_V311,
     .hex = "82 06 00 01 00 01 FF 00",
     .err = MQW_ERR_UTF8,
     .offset = 6,
     .rule = "STR-14"},
    {.name = "STR-14 3.1 filter byte FF is not UTF-8",
     .version = MQW_V31,
     .hex = "82 06 00 01 00 01 FF 00",
     .err = MQW_ERR_UTF8,
     .offset = 6,
     .rule = "STR-14"},
    {.name = "STR-14 5.0 filter byte FF is not UTF-8",
     .version = MQW_V5,
     .hex = "82 07 00 01 00 00 01 FF 00",
     .err = MQW_ERR_UTF8,
     .offset = 7,
     .rule = "STR-14"},
    {.name = "STR-14 STR-1 3.1.1 bad continuation in the second filter",
     .version = MQW_V311,
     .hex = "82 0C 00 01 00 01 61 00 00 03 62 C3 28 00",
     .err = MQW_ERR_UTF8,
     .offset = 11,
     .rule = "STR-14"},
    {.name = "STR-14 STR-6 3.1.1 U+0000 in a filter",
     .version = MQW_V311,
     .hex = "82 08 00 01 00 03 61 00 62 00",
     .err = MQW_ERR_UTF8,
     .offset = 7,
     .rule = "STR-14"},
    {.name = "STR-14 TF-1 UTF-8 is checked before the filter syntax (bad UTF-8 and '#')",
     .version = MQW_V311,
     .hex = "82 07 00 01 00 02 23 FF 00",
     .err = MQW_ERR_UTF8,
     .offset = 7,
     .rule = "STR-14"},
    {.name = "STR-14 STR-8 3.1.1 control character U+0001 with MQW_STRICT_UTF8",
     .version = MQW_V311,
     .flags = MQW_STRICT_UTF8,
     .hex = "82 07 00 01 00 02 61 01 00",
     .err = MQW_ERR_UTF8,
     .offset = 7,
     .rule = "STR-14"},

    /* ---- options byte ----------------------------------------------------- */
    {.name = "SUB-4 3.1.1 options 0x04 (5.0 No Local) is reserved before 5.0",
     .version = MQW_V311,
     .hex = "82 06 00 01 00 01 61 04",
     .err = MQW_ERR_RESERVED,
     .offset = 7,
     .rule = "SUB-4"},
    {.name = "SUB-4 3.1.1 options bit 7",
     .version = MQW_V311,
     .hex = "82 0A 00 01 00 01 61 00 00 01 62 80",
     .err = MQW_ERR_RESERVED,
     .offset = 11,
     .rule = "SUB-4"},
    {.name = "SUB-4 3.1 options 0x30 (5.0 Retain Handling) is reserved",
     .version = MQW_V31,
     .hex = "82 06 00 01 00 01 61 30",
     .err = MQW_ERR_RESERVED,
     .offset = 7,
     .rule = "SUB-4"},
    {.name = "SUB-5 3.1.1 Requested QoS 3",
     .version = MQW_V311,
     .hex = "82 06 00 01 00 01 61 03",
     .err = MQW_ERR_QOS,
     .offset = 7,
     .rule = "SUB-5"},
    {.name = "SUB-5 3.1 Requested QoS 3",
     .version = MQW_V31,
     .hex = "82 06 00 01 00 01 61 03",
     .err = MQW_ERR_QOS,
     .offset = 7,
     .rule = "SUB-5"},
    {.name = "SUB-6 5.0 Maximum QoS 3",
     .version = MQW_V5,
     .hex = "82 07 00 01 00 00 01 61 03",
     .err = MQW_ERR_SUB_OPTIONS,
     .offset = 8,
     .rule = "SUB-6"},
    {.name = "SUB-7 5.0 Retain Handling 3",
     .version = MQW_V5,
     .hex = "82 07 00 01 00 00 01 61 30",
     .err = MQW_ERR_SUB_OPTIONS,
     .offset = 8,
     .rule = "SUB-7"},
    {.name = "SUB-8 5.0 options bit 6",
     .version = MQW_V5,
     .hex = "82 07 00 01 00 00 01 61 40",
     .err = MQW_ERR_RESERVED,
     .offset = 8,
     .rule = "SUB-8"},
    {.name = "SUB-8 5.0 options bit 7 on the second pair",
     .version = MQW_V5,
     .hex = "82 0B 00 01 00 00 01 61 00 00 01 62 80",
     .err = MQW_ERR_RESERVED,
     .offset = 12,
     .rule = "SUB-8"},
    {.name = "SUB-9 5.0 No Local on a shared subscription",
     .version = MQW_V5,
     .hex = "82 10 00 01 00 00 0A 24 73 68 61 72 65 2F 67 2F 61 04",
     .err = MQW_ERR_SUB_OPTIONS,
     .offset = 17,
     .rule = "SUB-9"},
    {.name = "SUB-9 5.0 No Local on a shared subscription with QoS 2, RAP",
     .version = MQW_V5,
     .hex = "82 10 00 01 00 00 0A 24 73 68 61 72 65 2F 67 2F 2B 0E",
     .err = MQW_ERR_SUB_OPTIONS,
     .offset = 17,
     .rule = "SUB-9"},

    /* ---- filter syntax, refused by default (C-10) --------------------------- */
    {.name = "TF-1 3.1.1 'a#'",
     .version = MQW_V311,
     .hex = "82 07 00 01 00 02 61 23 00",
     .err = MQW_ERR_TOPIC_FILTER,
     .offset = 7,
     .rule = "TF-1"},
    {.name = "TF-1 3.1 'a#'",
     .version = MQW_V31,
     .hex = "82 07 00 01 00 02 61 23 00",
     .err = MQW_ERR_TOPIC_FILTER,
     .offset = 7,
     .rule = "TF-1"},
    {.name = "TF-1 5.0 'a#'",
     .version = MQW_V5,
     .hex = "82 08 00 01 00 00 02 61 23 00",
     .err = MQW_ERR_TOPIC_FILTER,
     .offset = 8,
     .rule = "TF-1"},
    {.name = "TF-2 3.1.1 'a/#/b'",
     .version = MQW_V311,
     .hex = "82 0A 00 01 00 05 61 2F 23 2F 62 00",
     .err = MQW_ERR_TOPIC_FILTER,
     .offset = 8,
     .rule = "TF-2"},
    {.name = "TF-4 3.1.1 'a+/b'",
     .version = MQW_V311,
     .hex = "82 09 00 01 00 04 61 2B 2F 62 00",
     .err = MQW_ERR_TOPIC_FILTER,
     .offset = 7,
     .rule = "TF-4"},
    {.name = "TF-5 3.1.1 '+a'",
     .version = MQW_V311,
     .hex = "82 07 00 01 00 02 2B 61 00",
     .err = MQW_ERR_TOPIC_FILTER,
     .offset = 6,
     .rule = "TF-5"},
    {.name = "TF-7 3.1.1 empty filter, blamed on its length",
     .version = MQW_V311,
     .hex = "82 05 00 01 00 00 00",
     .err = MQW_ERR_TOPIC_FILTER,
     .offset = 4,
     .rule = "TF-7"},
    {.name = "TF-7 5.0 empty second filter, blamed on its length",
     .version = MQW_V5,
     .hex = "82 0A 00 01 00 00 01 61 00 00 00 00",
     .err = MQW_ERR_TOPIC_FILTER,
     .offset = 9,
     .rule = "TF-7"},
    {.name = "TF-9 5.0 '$share//a' has an empty ShareName",
     .version = MQW_V5,
     .hex = "82 0F 00 01 00 00 09 24 73 68 61 72 65 2F 2F 61 00",
     .err = MQW_ERR_TOPIC_FILTER,
     .offset = 14,
     .rule = "TF-9"},
    {.name = "TF-10 5.0 '$share/+/a'",
     .version = MQW_V5,
     .hex = "82 10 00 01 00 00 0A 24 73 68 61 72 65 2F 2B 2F 61 00",
     .err = MQW_ERR_TOPIC_FILTER,
     .offset = 14,
     .rule = "TF-10"},
    {.name = "TF-11 5.0 '$share/grp' has no filter",
     .version = MQW_V5,
     .hex = "82 10 00 01 00 00 0A 24 73 68 61 72 65 2F 67 72 70 00",
     .err = MQW_ERR_TOPIC_FILTER,
     .offset = 16,
     .rule = "TF-11"},
    {.name = "TF-12 5.0 '$share/grp/' has an empty filter",
     .version = MQW_V5,
     .hex = "82 11 00 01 00 00 0B 24 73 68 61 72 65 2F 67 72 70 2F 00",
     .err = MQW_ERR_TOPIC_FILTER,
     .offset = 17,
     .rule = "TF-12"},
    {.name = "TF-13 5.0 '$share/g/a#'",
     .version = MQW_V5,
     .hex = "82 11 00 01 00 00 0B 24 73 68 61 72 65 2F 67 2F 61 23 00",
     .err = MQW_ERR_TOPIC_FILTER,
     .offset = 17,
     .rule = "TF-13"},
    {.name = "TF-2 5.0 the filter is judged before its options byte",
     .version = MQW_V5,
     .hex = "82 09 00 01 00 00 03 23 2F 61 03",
     .err = MQW_ERR_TOPIC_FILTER,
     .offset = 7,
     .rule = "TF-2"},

    /* ---- properties (props.c, SUBSCRIBE context) ------------------------- */
    {.name = "PR-7 5.0 two Subscription Identifiers in SUBSCRIBE",
     .version = MQW_V5,
     .hex = "82 0B 00 01 04 0B 01 0B 02 00 01 61 00",
     .err = MQW_ERR_PROPERTY_DUPLICATE,
     .offset = 7,
     .rule = "PR-7"},
    {.name = "PR-8 5.0 Subscription Identifier 1 written as 81 00",
     .version = MQW_V5,
     .hex = "82 0A 00 01 03 0B 81 00 00 01 61 00",
     .err = MQW_ERR_VARINT,
     .offset = 7,
     .rule = "PR-8"},
    {.name = "PR-9 5.0 Subscription Identifier VBI of five bytes",
     .version = MQW_V5,
     .hex = "82 0D 00 01 06 0B FF FF FF FF 01 00 01 61 00",
     .err = MQW_ERR_VARINT,
     .offset = 9,
     .rule = "PR-9"},
    {.name = "PR-13 5.0 Reason String in SUBSCRIBE",
     .version = MQW_V5,
     .hex = "82 0B 00 01 04 1F 00 01 78 00 01 61 00",
     .err = MQW_ERR_PROPERTY_NOT_ALLOWED,
     .offset = 5,
     .rule = "PR-13"},
    {.name = "PR-22 5.0 Subscription Identifier 0",
     .version = MQW_V5,
     .hex = "82 09 00 01 02 0B 00 00 01 61 00",
     .err = MQW_ERR_PROPERTY_VALUE,
     .offset = 5,
     .rule = "PR-22"},
    /* -- valid packets just outside the fast path's plain-ASCII shape -- */
    {.name = "STR-14 SUBSCRIBE filter with U+00E9",
     .version = MQW_V311,
     .hex = "82 07 00 01 00 02 C3 A9 00"},
    {.name = "TF-5 SUBSCRIBE filter with a space and a '+' level",
     .version = MQW_V311,
     .hex = "82 0A 00 01 00 05 61 20 62 2F 2B 01"},
};

/* ======================================================================
 * UNSUBSCRIBE
 * ====================================================================== */

static const vec unsub_vecs[] = {
    {.name = "US-1 US-3 3.1.1 UNSUBSCRIBE one filter 'a'",
     .version = MQW_V311,
     .hex = "A2 05 00 01 00 01 61",
     .pkt = UNSUBSCRIBE(.packet_id = 1, .filters = FILTERS(S("a")), .n = 1)},
    {.name = "TF-16 3.1.1 UNSUBSCRIBE '#' and 'a/+' are valid (lenient too)",
     .version = MQW_V311,
     .flags = MQW_LENIENT_FILTERS,
     .hex = "A2 0A 00 02 00 01 23 00 03 61 2F 2B",
     .pkt = UNSUBSCRIBE(.packet_id = 2, .filters = FILTERS(S("#"), S("a/+")), .n = 2)},
    {.name = "31-11 3.1 UNSUBSCRIBE",
     .version = MQW_V31,
     .hex = "A2 05 00 01 00 01 61",
     .pkt = UNSUBSCRIBE(.packet_id = 1, .filters = FILTERS(S("a")), .n = 1)},
    {.name = "31-12 3.1 UNSUBSCRIBE with DUP set",
     .version = MQW_V31,
     .hex = "AA 05 00 01 00 01 61",
     .pkt = UNSUBSCRIBE(.packet_id = 1, .dup = true, .filters = FILTERS(S("a")), .n = 1)},
    {.name = "31-11 3.1 UNSUBSCRIBE QoS bits 00 with MQW_LENIENT_V31",
     .version = MQW_V31,
     .flags = MQW_LENIENT_V31,
     .hex = "A0 05 00 01 00 01 61",
     .pkt = UNSUBSCRIBE(.packet_id = 1, .filters = FILTERS(S("a")), .n = 1),
     .canon = "A2 05 00 01 00 01 61"},
    {.name = "US-6 5.0 UNSUBSCRIBE with an empty Property Length",
     .version = MQW_V5,
     .hex = "A2 06 00 01 00 00 01 61",
     .pkt = UNSUBSCRIBE(.packet_id = 1, .filters = FILTERS(S("a")), .n = 1)},
    {.name = "PR-15 5.0 UNSUBSCRIBE with User Properties, two filters",
     .version = MQW_V5,
     .hex = "A2 1A 00 01"
            " 0E 26 00 01 6B 00 01 31 26 00 01 6B 00 01 32" /* k=1, k=2 */
            " 00 01 61 00 04 24 73 2F 23",                  /* "a", "$s/#" */
     .pkt = UNSUBSCRIBE(.packet_id = 1,
                        .props = {.list = PROPS(
                                      {.id = MQW_PROP_USER_PROPERTY, .v.pair = {S("k"), S("1")}},
                                      {.id = MQW_PROP_USER_PROPERTY, .v.pair = {S("k"), S("2")}}),
                                  .n = 2},
                        .filters = FILTERS(S("a"), S("$s/#")), .n = 2)},
    {.name = "TF-16 5.0 UNSUBSCRIBE a valid shared filter '$share/g/a' (lenient too)",
     .version = MQW_V5,
     .flags = MQW_LENIENT_FILTERS,
     .hex = "A2 0F 00 01 00 00 0A 24 73 68 61 72 65 2F 67 2F 61",
     .pkt = UNSUBSCRIBE(.packet_id = 1, .filters = FILTERS(S("$share/g/a")), .n = 1)},

    {.name = "FH-9 3.1.1 UNSUBSCRIBE flag nibble 0000",
     .version = MQW_V311,
     .hex = "A0 05 00 01 00 01 61",
     .err = MQW_ERR_FLAGS,
     .offset = 0,
     .rule = "FH-9"},
    {.name = "FH-9 5.0 UNSUBSCRIBE flag nibble 0110",
     .version = MQW_V5,
     .hex = "A6 06 00 01 00 00 01 61",
     .err = MQW_ERR_FLAGS,
     .offset = 0,
     .rule = "FH-9"},
    {.name = "31-11 3.1 UNSUBSCRIBE QoS bits 00",
     .version = MQW_V31,
     .hex = "A0 05 00 01 00 01 61",
     .err = MQW_ERR_FLAGS,
     .offset = 0,
     .rule = "31-11"},
    {.name = "PID-3 3.1.1 UNSUBSCRIBE with PI 0",
     .version = MQW_V311,
     .hex = "A2 05 00 00 00 01 61",
     .err = MQW_ERR_PACKET_ID,
     .offset = 2,
     .rule = "PID-3"},
    {.name = "PID-3 3.1 UNSUBSCRIBE with PI 0",
     .version = MQW_V31,
     .hex = "A2 05 00 00 00 01 61",
     .err = MQW_ERR_PACKET_ID,
     .offset = 2,
     .rule = "PID-3"},
    {.name = "PID-3 5.0 UNSUBSCRIBE with PI 0",
     .version = MQW_V5,
     .hex = "A2 06 00 00 00 00 01 61",
     .err = MQW_ERR_PACKET_ID,
     .offset = 2,
     .rule = "PID-3"},
    {.name = "RL-8 3.1.1 UNSUBSCRIBE with RL 1",
     .version = MQW_V311,
     .hex = "A2 01 00",
     .err = MQW_ERR_SHORT,
     .offset = 2,
     .rule = "RL-8"},
    {.name = "US-1 3.1.1 UNSUBSCRIBE with no filter",
     .version = MQW_V311,
     .hex = "A2 02 00 01",
     .err = MQW_ERR_EMPTY,
     .offset = 1,
     .rule = "US-1"},
    {.name = "US-2 5.0 UNSUBSCRIBE with empty properties and no filter",
     .version = MQW_V5,
     .hex = "A2 03 00 01 00",
     .err = MQW_ERR_EMPTY,
     .offset = 1,
     .rule = "US-2"},
    {.name = "31-15 3.1 empty UNSUBSCRIBE refused with MQW_STRICT_V31",
     .version = MQW_V31,
     .flags = MQW_STRICT_V31,
     .hex = "A2 02 00 01",
     .err = MQW_ERR_EMPTY,
     .offset = 1,
     .rule = "31-15"},
    {.name = "US-3 3.1.1 SUBSCRIBE-shaped UNSUBSCRIBE leaves a 1-byte fragment",
     .version = MQW_V311,
     .hex = "A2 06 00 01 00 01 61 00",
     .err = MQW_ERR_SHORT,
     .offset = 7,
     .rule = "US-3"},
    {.name = "US-3 3.1 one-byte fragment",
     .version = MQW_V31,
     .hex = "A2 06 00 01 00 01 61 00",
     .err = MQW_ERR_SHORT,
     .offset = 7,
     .rule = "US-3"},
    {.name = "US-3 5.0 one-byte fragment",
     .version = MQW_V5,
     .hex = "A2 07 00 01 00 00 01 61 00",
     .err = MQW_ERR_SHORT,
     .offset = 8,
     .rule = "US-3"},
    {.name = "US-6 5.0 UNSUBSCRIBE without a Property Length (PI only)",
     .version = MQW_V5,
     .hex = "A2 02 00 01",
     .err = MQW_ERR_SHORT,
     .offset = 1,
     .rule = "US-6"},
    {.name = "US-6 RL-5 5.0 3.1.1-shaped UNSUBSCRIBE: filter length 0x0161 overruns",
     .version = MQW_V5,
     .hex = "A2 05 00 01 00 01 61",
     .err = MQW_ERR_SHORT,
     .offset = 5,
     .rule = "RL-5"},
    {.name = "RL-5 3.1.1 UNSUBSCRIBE filter length 5 runs past RL",
     .version = MQW_V311,
     .hex = "A2 05 00 01 00 05 61 | 61 61 61 61",
     .err = MQW_ERR_SHORT,
     .offset = 4,
     .rule = "RL-5"},
    {.name = "STR-14 3.1.1 UNSUBSCRIBE filter byte FF",
     .version = MQW_V311,
     .hex = "A2 05 00 01 00 01 FF",
     .err = MQW_ERR_UTF8,
     .offset = 6,
     .rule = "STR-14"},
    {.name = "STR-14 STR-3 5.0 UNSUBSCRIBE overlong '/' in the second filter",
     .version = MQW_V5,
     .hex = "A2 0A 00 01 00 00 01 61 00 02 C0 AF",
     .err = MQW_ERR_UTF8,
     .offset = 10,
     .rule = "STR-14"},
    {.name = "TF-16 TF-1 3.1.1 UNSUBSCRIBE 'a#'",
     .version = MQW_V311,
     .hex = "A2 06 00 01 00 02 61 23",
     .err = MQW_ERR_TOPIC_FILTER,
     .offset = 7,
     .rule = "TF-1"},
    {.name = "TF-16 TF-7 5.0 UNSUBSCRIBE empty filter",
     .version = MQW_V5,
     .hex = "A2 05 00 01 00 00 00",
     .err = MQW_ERR_TOPIC_FILTER,
     .offset = 5,
     .rule = "TF-7"},
    {.name = "TF-16 TF-12 5.0 UNSUBSCRIBE '$share/g/'",
     .version = MQW_V5,
     .hex = "A2 0E 00 01 00 00 09 24 73 68 61 72 65 2F 67 2F",
     .err = MQW_ERR_TOPIC_FILTER,
     .offset = 15,
     .rule = "TF-12"},
    {.name = "PR-15 5.0 Subscription Identifier in UNSUBSCRIBE",
     .version = MQW_V5,
     .hex = "A2 08 00 01 02 0B 01 00 01 61",
     .err = MQW_ERR_PROPERTY_NOT_ALLOWED,
     .offset = 5,
     .rule = "PR-15"},
    {.name = "FH-20 3.1.1 UNSUBSCRIBE received by a client",
     .version = MQW_V311,
     .role = MQW_ROLE_CLIENT,
     .hex = "A2 05 00 01 00 01 61",
     .err = MQW_ERR_DIRECTION,
     .offset = 0,
     .rule = "FH-20"},
};

/* ======================================================================
 * SUBACK
 * ====================================================================== */

static const vec suback_vecs[] = {
    {.name = "TB-12 SA-2 3.1.1 SUBACK codes 00 01 02 80 take the rest of the packet",
     .version = MQW_V311,
     .hex = "90 06 00 01 00 01 02 80",
     .pkt = SUBACK(.packet_id = 1, .codes = S("\x00\x01\x02\x80"))},
    {.name = "TB-12 31-10 3.1 SUBACK codes 00 01 02 take the rest of the packet",
     .version = MQW_V31,
     .hex = "90 05 00 01 00 01 02",
     .pkt = SUBACK(.packet_id = 1, .codes = S("\x00\x01\x02"))},
    {.name = "SA-1 31-10 3.1 SUBACK granted QoS 0, 1, 2",
     .version = MQW_V31,
     .hex = "90 05 12 34 00 01 02",
     .pkt = SUBACK(.packet_id = 0x1234, .codes = S("\x00\x01\x02"))},
    {.name = "FH-8 31-14 3.1 SUBACK flag bits are 'not used': accepted, written 0",
     .version = MQW_V31,
     .hex = "92 03 00 01 00",
     .pkt = SUBACK(.packet_id = 1, .codes = S("\x00")),
     .canon = "90 03 00 01 00"},
    {.name = "SA-3 SA-4 5.0 SUBACK with one code",
     .version = MQW_V5,
     .hex = "90 04 00 01 00 01",
     .pkt = SUBACK(.packet_id = 1, .codes = S("\x01"))},
    {.name = "SA-3 5.0 SUBACK with every allowed reason code",
     .version = MQW_V5,
     .hex = "90 0F 00 01 00 00 01 02 80 83 87 8F 91 97 9E A1 A2",
     .pkt = SUBACK(.packet_id = 1, .codes = S("\x00\x01\x02\x80\x83\x87\x8F\x91\x97\x9E\xA1\xA2"))},
    {.name = "PR-14 TB-12 5.0 SUBACK with Reason String and User Property",
     .version = MQW_V5,
     .hex = "90 10 00 01"
            " 0C 1F 00 02 6E 6F 26 00 01 6B 00 01 76" /* Reason String "no", k=v */
            " 80",
     .pkt =
         SUBACK(.packet_id = 1,
                .props = {.list = PROPS({.id = MQW_PROP_REASON_STRING, .v.bytes = S("no")},
                                        {.id = MQW_PROP_USER_PROPERTY, .v.pair = {S("k"), S("v")}}),
                          .n = 2},
                .codes = S("\x80"))},
    {.name = "FH-20 3.1.1 SUBACK received by a client",
     .version = MQW_V311,
     .role = MQW_ROLE_CLIENT,
     .hex = "90 03 00 01 00",
     .pkt = SUBACK(.packet_id = 1, .codes = S("\x00"))},

    {.name = "FH-8 3.1.1 SUBACK flag nibble 0010",
     .version = MQW_V311,
     .hex = "92 03 00 01 00",
     .err = MQW_ERR_FLAGS,
     .offset = 0,
     .rule = "FH-8"},
    {.name = "FH-8 5.0 SUBACK flag nibble 1000",
     .version = MQW_V5,
     .hex = "98 04 00 01 00 00",
     .err = MQW_ERR_FLAGS,
     .offset = 0,
     .rule = "FH-8"},
    {.name = "31-14 3.1 SUBACK flag bits must be 0 with MQW_STRICT_V31",
     .version = MQW_V31,
     .flags = MQW_STRICT_V31,
     .hex = "92 03 00 01 00",
     .err = MQW_ERR_FLAGS,
     .offset = 0,
     .rule = "31-14"},
    {.name = "FH-20 3.1.1 SUBACK received by a server",
     .version = MQW_V311,
     .role = MQW_ROLE_SERVER,
     .hex = "90 03 00 01 00",
     .err = MQW_ERR_DIRECTION,
     .offset = 0,
     .rule = "FH-20"},
    {.name = "PID-6 3.1.1 SUBACK with PI 0",
     .version = MQW_V311,
     .hex = "90 03 00 00 00",
     .err = MQW_ERR_PACKET_ID,
     .offset = 2,
     .rule = "PID-6"},
    {.name = "PID-6 3.1 SUBACK with PI 0",
     .version = MQW_V31,
     .hex = "90 03 00 00 00",
     .err = MQW_ERR_PACKET_ID,
     .offset = 2,
     .rule = "PID-6"},
    {.name = "PID-6 5.0 SUBACK with PI 0",
     .version = MQW_V5,
     .hex = "90 04 00 00 00 00",
     .err = MQW_ERR_PACKET_ID,
     .offset = 2,
     .rule = "PID-6"},
    {.name = "RL-8 3.1.1 SUBACK with RL 1",
     .version = MQW_V311,
     .hex = "90 01 00",
     .err = MQW_ERR_SHORT,
     .offset = 2,
     .rule = "RL-8"},
    {.name = "RL-8 3.1.1 SUBACK with RL 0",
     .version = MQW_V311,
     .hex = "90 00",
     .err = MQW_ERR_SHORT,
     .offset = 1,
     .rule = "RL-8"},
    {.name = "SA-1 3.1.1 SUBACK without codes",
     .version = MQW_V311,
     .hex = "90 02 00 01",
     .err = MQW_ERR_EMPTY,
     .offset = 1,
     .rule = "SA-1"},
    {.name = "SA-1 3.1 SUBACK without codes",
     .version = MQW_V31,
     .hex = "90 02 00 01",
     .err = MQW_ERR_EMPTY,
     .offset = 1,
     .rule = "SA-1"},
    {.name = "SA-4 5.0 SUBACK with properties and no codes",
     .version = MQW_V5,
     .hex = "90 03 00 01 00",
     .err = MQW_ERR_EMPTY,
     .offset = 1,
     .rule = "SA-4"},
    {.name = "SA-4 RL-7 5.0 SUBACK without a Property Length",
     .version = MQW_V5,
     .hex = "90 02 00 01",
     .err = MQW_ERR_SHORT,
     .offset = 1,
     .rule = "RL-7"},
    {.name = "SA-2 3.1.1 SUBACK return code 0x03",
     .version = MQW_V311,
     .hex = "90 03 00 01 03",
     .err = MQW_ERR_REASON_CODE,
     .offset = 4,
     .rule = "SA-2"},
    {.name = "SA-2 3.1.1 SUBACK second code 0x81",
     .version = MQW_V311,
     .hex = "90 04 00 01 00 81",
     .err = MQW_ERR_REASON_CODE,
     .offset = 5,
     .rule = "SA-2"},
    {.name = "SA-2 3.1 SUBACK return code 0x03",
     .version = MQW_V31,
     .hex = "90 03 00 01 03",
     .err = MQW_ERR_REASON_CODE,
     .offset = 4,
     .rule = "SA-2"},
    {.name = "SA-2 3.1 SUBACK return code 0x81 even with MQW_LENIENT_V31",
     .version = MQW_V31,
     .flags = MQW_LENIENT_V31,
     .hex = "90 03 00 01 81",
     .err = MQW_ERR_REASON_CODE,
     .offset = 4,
     .rule = "SA-2"},
    {.name = "31-10 3.1 SUBACK 0x80 does not exist in 3.1",
     .version = MQW_V31,
     .hex = "90 03 00 01 80",
     .err = MQW_ERR_REASON_CODE,
     .offset = 4,
     .rule = "31-10"},
    {.name = "SA-3 5.0 SUBACK reason code 0x10",
     .version = MQW_V5,
     .hex = "90 04 00 01 00 10",
     .err = MQW_ERR_REASON_CODE,
     .offset = 5,
     .rule = "SA-3"},
    {.name = "SA-3 5.0 SUBACK reason code 0x03 after two good ones",
     .version = MQW_V5,
     .hex = "90 06 00 01 00 00 A2 03",
     .err = MQW_ERR_REASON_CODE,
     .offset = 7,
     .rule = "SA-3"},
    {.name = "PR-14 5.0 Subscription Identifier in SUBACK",
     .version = MQW_V5,
     .hex = "90 06 00 01 02 0B 01 00",
     .err = MQW_ERR_PROPERTY_NOT_ALLOWED,
     .offset = 5,
     .rule = "PR-14"},
    {.name = "RL-7 5.0 SUBACK Property Length past RL",
     .version = MQW_V5,
     .hex = "90 04 00 01 05 00",
     .err = MQW_ERR_SHORT,
     .offset = 4,
     .rule = "RL-7"},
};

/* ======================================================================
 * UNSUBACK
 * ====================================================================== */

static const vec unsuback_vecs[] = {
    {.name = "TB-7 3.1.1 UNSUBACK is the PI alone",
     .version = MQW_V311,
     .hex = "B0 02 00 01",
     .pkt = UNSUBACK(.packet_id = 1)},
    {.name = "TB-7 3.1 UNSUBACK is the PI alone",
     .version = MQW_V31,
     .hex = "B0 02 AB CD",
     .pkt = UNSUBACK(.packet_id = 0xABCD)},
    {.name = "FH-10 31-14 3.1 UNSUBACK flag bits 'not used': accepted, written 0",
     .version = MQW_V31,
     .hex = "B2 02 00 01",
     .pkt = UNSUBACK(.packet_id = 1),
     .canon = "B0 02 00 01"},
    {.name = "US-5 5.0 UNSUBACK with one reason code",
     .version = MQW_V5,
     .hex = "B0 04 00 01 00 00",
     .pkt = UNSUBACK(.packet_id = 1, .codes = S("\x00"))},
    {.name = "US-4 TB-12 5.0 UNSUBACK with every allowed reason code",
     .version = MQW_V5,
     .hex = "B0 0A 00 01 00 00 11 80 83 87 8F 91",
     .pkt = UNSUBACK(.packet_id = 1, .codes = S("\x00\x11\x80\x83\x87\x8F\x91"))},
    {.name = "PR-16 5.0 UNSUBACK with Reason String",
     .version = MQW_V5,
     .hex = "B0 09 00 01 05 1F 00 02 6E 6F 11",
     .pkt = UNSUBACK(.packet_id = 1,
                     .props = {.list = PROPS({.id = MQW_PROP_REASON_STRING, .v.bytes = S("no")}),
                               .n = 1},
                     .codes = S("\x11"))},

    {.name = "FH-10 3.1.1 UNSUBACK flag nibble 0010",
     .version = MQW_V311,
     .hex = "B2 02 00 01",
     .err = MQW_ERR_FLAGS,
     .offset = 0,
     .rule = "FH-10"},
    {.name = "FH-10 5.0 UNSUBACK flag nibble 0001",
     .version = MQW_V5,
     .hex = "B1 04 00 01 00 00",
     .err = MQW_ERR_FLAGS,
     .offset = 0,
     .rule = "FH-10"},
    {.name = "TB-7 3.1.1 UNSUBACK with RL 3",
     .version = MQW_V311,
     .hex = "B0 03 00 01 00",
     .err = MQW_ERR_TRAILING,
     .offset = 4,
     .rule = "TB-7"},
    {.name = "TB-7 3.1 UNSUBACK with RL 4",
     .version = MQW_V31,
     .hex = "B0 04 00 01 00 00",
     .err = MQW_ERR_TRAILING,
     .offset = 4,
     .rule = "TB-7"},
    {.name = "RL-8 3.1.1 UNSUBACK with RL 0",
     .version = MQW_V311,
     .hex = "B0 00",
     .err = MQW_ERR_SHORT,
     .offset = 1,
     .rule = "RL-8"},
    {.name = "PID-6 3.1.1 UNSUBACK with PI 0",
     .version = MQW_V311,
     .hex = "B0 02 00 00",
     .err = MQW_ERR_PACKET_ID,
     .offset = 2,
     .rule = "PID-6"},
    {.name = "PID-6 5.0 UNSUBACK with PI 0",
     .version = MQW_V5,
     .hex = "B0 04 00 00 00 00",
     .err = MQW_ERR_PACKET_ID,
     .offset = 2,
     .rule = "PID-6"},
    {.name = "US-4 5.0 UNSUBACK reason code 0x02",
     .version = MQW_V5,
     .hex = "B0 04 00 01 00 02",
     .err = MQW_ERR_REASON_CODE,
     .offset = 5,
     .rule = "US-4"},
    {.name = "US-4 5.0 UNSUBACK reason code 0x8E after 0x11",
     .version = MQW_V5,
     .hex = "B0 05 00 01 00 11 8E",
     .err = MQW_ERR_REASON_CODE,
     .offset = 6,
     .rule = "US-4"},
    {.name = "US-5 5.0 UNSUBACK without reason codes",
     .version = MQW_V5,
     .hex = "B0 03 00 01 00",
     .err = MQW_ERR_EMPTY,
     .offset = 1,
     .rule = "US-5"},
    {.name = "US-5 TB-7 5.0 UNSUBACK in the 3.x shape lacks its Property Length",
     .version = MQW_V5,
     .hex = "B0 02 00 01",
     .err = MQW_ERR_SHORT,
     .offset = 1,
     .rule = "RL-7"},
    {.name = "PR-16 5.0 Topic Alias in UNSUBACK",
     .version = MQW_V5,
     .hex = "B0 07 00 01 03 23 00 01 00",
     .err = MQW_ERR_PROPERTY_NOT_ALLOWED,
     .offset = 5,
     .rule = "PR-16"},
    {.name = "FH-20 5.0 UNSUBACK received by a server",
     .version = MQW_V5,
     .role = MQW_ROLE_SERVER,
     .hex = "B0 04 00 01 00 00",
     .err = MQW_ERR_DIRECTION,
     .offset = 0,
     .rule = "FH-20"},
};

/* ======================================================================
 * Accepted on parse, never built
 * ====================================================================== */

/* The parse must succeed with `pkt` (per-filter status included); building
 * the parsed packet must then be refused with `build_err` / `build_rule`.
 * Every proper prefix must still ask for more. */
typedef struct avec {
    const char *name;
    int version;
    uint32_t flags;
    const char *hex;
    mqw_packet pkt;
    int build_err;
    const char *build_rule;
    /* UNSUBSCRIBE arrays carry no status, so the expected status of each
     * parsed filter is listed here (SUBSCRIBE rows carry it in `pkt`). */
    int unsub_status[4];
} avec;

static const avec accept_vecs[] = {
    {.name = "TF-1 3.1.1 MQW_LENIENT_FILTERS: 'a#' parses, its status says invalid (C-10)",
     .version = MQW_V311,
     .flags = MQW_LENIENT_FILTERS,
     .hex = "82 07 00 01 00 02 61 23 00",
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("a#"), .status = BAD}), .n = 1),
     .build_err = MQW_ERR_TOPIC_FILTER,
     .build_rule = "TF-1"},
    {.name = "TF-1 3.1 MQW_LENIENT_FILTERS: 'a#' parses, its status says invalid",
     .version = MQW_V31,
     .flags = MQW_LENIENT_FILTERS,
     .hex = "82 07 00 01 00 02 61 23 00",
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("a#"), .status = BAD}), .n = 1),
     .build_err = MQW_ERR_TOPIC_FILTER,
     .build_rule = "TF-1"},
    {.name = "TF-1 5.0 MQW_LENIENT_FILTERS: 'a#' parses, its status says invalid",
     .version = MQW_V5,
     .flags = MQW_LENIENT_FILTERS,
     .hex = "82 08 00 01 00 00 02 61 23 00",
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("a#"), .status = BAD}), .n = 1),
     .build_err = MQW_ERR_TOPIC_FILTER,
     .build_rule = "TF-1"},
    {.name = "TF-2 3.1.1 MQW_LENIENT_FILTERS: 'a/#/b'",
     .version = MQW_V311,
     .flags = MQW_LENIENT_FILTERS,
     .hex = "82 0A 00 01 00 05 61 2F 23 2F 62 00",
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("a/#/b"), .status = BAD}), .n = 1),
     .build_err = MQW_ERR_TOPIC_FILTER,
     .build_rule = "TF-2"},
    {.name = "TF-2 3.1 MQW_LENIENT_FILTERS: 'a/#/b'",
     .version = MQW_V31,
     .flags = MQW_LENIENT_FILTERS,
     .hex = "82 0A 00 01 00 05 61 2F 23 2F 62 00",
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("a/#/b"), .status = BAD}), .n = 1),
     .build_err = MQW_ERR_TOPIC_FILTER,
     .build_rule = "TF-2"},
    {.name = "TF-2 5.0 MQW_LENIENT_FILTERS: 'a/#/b'",
     .version = MQW_V5,
     .flags = MQW_LENIENT_FILTERS,
     .hex = "82 0B 00 01 00 00 05 61 2F 23 2F 62 00",
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("a/#/b"), .status = BAD}), .n = 1),
     .build_err = MQW_ERR_TOPIC_FILTER,
     .build_rule = "TF-2"},
    {.name = "TF-4 3.1.1 MQW_LENIENT_FILTERS: 'a+/b'",
     .version = MQW_V311,
     .flags = MQW_LENIENT_FILTERS,
     .hex = "82 09 00 01 00 04 61 2B 2F 62 00",
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("a+/b"), .status = BAD}), .n = 1),
     .build_err = MQW_ERR_TOPIC_FILTER,
     .build_rule = "TF-4"},
    {.name = "TF-4 3.1 MQW_LENIENT_FILTERS: 'a+/b'",
     .version = MQW_V31,
     .flags = MQW_LENIENT_FILTERS,
     .hex = "82 09 00 01 00 04 61 2B 2F 62 00",
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("a+/b"), .status = BAD}), .n = 1),
     .build_err = MQW_ERR_TOPIC_FILTER,
     .build_rule = "TF-4"},
    {.name = "TF-4 5.0 MQW_LENIENT_FILTERS: 'a+/b'",
     .version = MQW_V5,
     .flags = MQW_LENIENT_FILTERS,
     .hex = "82 0A 00 01 00 00 04 61 2B 2F 62 00",
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("a+/b"), .status = BAD}), .n = 1),
     .build_err = MQW_ERR_TOPIC_FILTER,
     .build_rule = "TF-4"},
    {.name = "TF-5 3.1.1 MQW_LENIENT_FILTERS: '+a'",
     .version = MQW_V311,
     .flags = MQW_LENIENT_FILTERS,
     .hex = "82 07 00 01 00 02 2B 61 00",
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("+a"), .status = BAD}), .n = 1),
     .build_err = MQW_ERR_TOPIC_FILTER,
     .build_rule = "TF-5"},
    {.name = "TF-5 3.1 MQW_LENIENT_FILTERS: '+a'",
     .version = MQW_V31,
     .flags = MQW_LENIENT_FILTERS,
     .hex = "82 07 00 01 00 02 2B 61 00",
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("+a"), .status = BAD}), .n = 1),
     .build_err = MQW_ERR_TOPIC_FILTER,
     .build_rule = "TF-5"},
    {.name = "TF-5 5.0 MQW_LENIENT_FILTERS: '+a'",
     .version = MQW_V5,
     .flags = MQW_LENIENT_FILTERS,
     .hex = "82 08 00 01 00 00 02 2B 61 00",
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("+a"), .status = BAD}), .n = 1),
     .build_err = MQW_ERR_TOPIC_FILTER,
     .build_rule = "TF-5"},
    {.name = "TF-7 3.1.1 MQW_LENIENT_FILTERS: empty filter",
     .version = MQW_V311,
     .flags = MQW_LENIENT_FILTERS,
     .hex = "82 05 00 01 00 00 00",
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S(""), .status = BAD}), .n = 1),
     .build_err = MQW_ERR_TOPIC_FILTER,
     .build_rule = "TF-7"},
    {.name = "TF-7 3.1 MQW_LENIENT_FILTERS: empty filter (3.1*)",
     .version = MQW_V31,
     .flags = MQW_LENIENT_FILTERS,
     .hex = "82 05 00 01 00 00 00",
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S(""), .status = BAD}), .n = 1),
     .build_err = MQW_ERR_TOPIC_FILTER,
     .build_rule = "TF-7"},
    {.name = "TF-7 5.0 MQW_LENIENT_FILTERS: empty filter",
     .version = MQW_V5,
     .flags = MQW_LENIENT_FILTERS,
     .hex = "82 06 00 01 00 00 00 00",
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S(""), .status = BAD}), .n = 1),
     .build_err = MQW_ERR_TOPIC_FILTER,
     .build_rule = "TF-7"},
    {.name = "TF-9 5.0 MQW_LENIENT_FILTERS: '$share//a'",
     .version = MQW_V5,
     .flags = MQW_LENIENT_FILTERS,
     .hex = "82 0F 00 01 00 00 09 24 73 68 61 72 65 2F 2F 61 00",
     .pkt =
         SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("$share//a"), .status = BAD}), .n = 1),
     .build_err = MQW_ERR_TOPIC_FILTER,
     .build_rule = "TF-9"},
    {.name = "TF-10 5.0 MQW_LENIENT_FILTERS: '$share/+/a'",
     .version = MQW_V5,
     .flags = MQW_LENIENT_FILTERS,
     .hex = "82 10 00 01 00 00 0A 24 73 68 61 72 65 2F 2B 2F 61 00",
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("$share/+/a"), .status = BAD}),
                      .n = 1),
     .build_err = MQW_ERR_TOPIC_FILTER,
     .build_rule = "TF-10"},
    {.name = "TF-11 5.0 MQW_LENIENT_FILTERS: '$share/grp'",
     .version = MQW_V5,
     .flags = MQW_LENIENT_FILTERS,
     .hex = "82 10 00 01 00 00 0A 24 73 68 61 72 65 2F 67 72 70 00",
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("$share/grp"), .status = BAD}),
                      .n = 1),
     .build_err = MQW_ERR_TOPIC_FILTER,
     .build_rule = "TF-11"},
    {.name = "TF-12 5.0 MQW_LENIENT_FILTERS: '$share/grp/'",
     .version = MQW_V5,
     .flags = MQW_LENIENT_FILTERS,
     .hex = "82 11 00 01 00 00 0B 24 73 68 61 72 65 2F 67 72 70 2F 00",
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("$share/grp/"), .status = BAD}),
                      .n = 1),
     .build_err = MQW_ERR_TOPIC_FILTER,
     .build_rule = "TF-12"},
    {.name = "TF-13 5.0 MQW_LENIENT_FILTERS: '$share/g/a#' beside a valid filter with options",
     .version = MQW_V5,
     .flags = MQW_LENIENT_FILTERS,
     .hex = "82 15 00 01 00"
            " 00 0B 24 73 68 61 72 65 2F 67 2F 61 23 00" /* "$share/g/a#" */
            " 00 01 62 1A",                              /* "b" RH 1, RAP, QoS 2 */
     .pkt = SUBSCRIBE(.packet_id = 1,
                      .subs = SUBS({.filter = S("$share/g/a#"), .status = BAD},
                                   {.filter = S("b"),
                                    .qos = 2,
                                    .retain_as_published = true,
                                    .retain_handling = 1}),
                      .n = 2),
     .build_err = MQW_ERR_TOPIC_FILTER,
     .build_rule = "TF-13"},
    {.name = "TF-16 TF-1 3.1.1 MQW_LENIENT_FILTERS: UNSUBSCRIBE 'a#' parses with status invalid",
     .version = MQW_V311,
     .flags = MQW_LENIENT_FILTERS,
     .hex = "A2 06 00 01 00 02 61 23",
     .pkt = UNSUBSCRIBE(.packet_id = 1, .filters = FILTERS(S("a#")), .n = 1),
     .build_err = MQW_ERR_TOPIC_FILTER,
     .build_rule = "TF-1",
     .unsub_status = {BAD}},
    {.name = "TF-16 TF-1 3.1 MQW_LENIENT_FILTERS: UNSUBSCRIBE 'a#' parses, status invalid (3.1*)",
     .version = MQW_V31,
     .flags = MQW_LENIENT_FILTERS,
     .hex = "A2 06 00 01 00 02 61 23",
     .pkt = UNSUBSCRIBE(.packet_id = 1, .filters = FILTERS(S("a#")), .n = 1),
     .build_err = MQW_ERR_TOPIC_FILTER,
     .build_rule = "TF-1",
     .unsub_status = {BAD}},
    {.name = "TF-16 TF-11 5.0 MQW_LENIENT_FILTERS: UNSUBSCRIBE 'x' and '$share/g'",
     .version = MQW_V5,
     .flags = MQW_LENIENT_FILTERS,
     .hex = "A2 10 00 01 00 00 01 78 00 08 24 73 68 61 72 65 2F 67",
     .pkt = UNSUBSCRIBE(.packet_id = 1, .filters = FILTERS(S("x"), S("$share/g")), .n = 2),
     .build_err = MQW_ERR_TOPIC_FILTER,
     .build_rule = "TF-11",
     .unsub_status = {MQW_OK, BAD}},
    {.name = "31-15 3.1 SUBSCRIBE with no topic parses (C-22) but is never built",
     .version = MQW_V31,
     .hex = "82 02 00 01",
     .pkt = SUBSCRIBE(.packet_id = 1),
     .build_err = MQW_ERR_EMPTY,
     .build_rule = "SUB-1"},
    {.name = "31-15 3.1 UNSUBSCRIBE with no topic parses (C-22) but is never built",
     .version = MQW_V31,
     .hex = "A2 02 00 01",
     .pkt = UNSUBSCRIBE(.packet_id = 1),
     .build_err = MQW_ERR_EMPTY,
     .build_rule = "US-1"},
    {.name = "PID-6 C-6 3.1.1 SUBACK PI 0 accepted with MQW_LENIENT_ACK_ID",
     .version = MQW_V311,
     .flags = MQW_LENIENT_ACK_ID,
     .hex = "90 03 00 00 00",
     .pkt = SUBACK(.packet_id = 0, .codes = S("\x00")),
     .build_err = MQW_ERR_PACKET_ID,
     .build_rule = "PID-6"},
    {.name = "PID-6 5.0 UNSUBACK PI 0 accepted with MQW_LENIENT_ACK_ID",
     .version = MQW_V5,
     .flags = MQW_LENIENT_ACK_ID,
     .hex = "B0 04 00 00 00 00",
     .pkt = UNSUBACK(.packet_id = 0, .codes = S("\x00")),
     .build_err = MQW_ERR_PACKET_ID,
     .build_rule = "PID-6"},
    {.name = "31-10 C-21 3.1 SUBACK 0x80 accepted with MQW_LENIENT_V31, never built",
     .version = MQW_V31,
     .flags = MQW_LENIENT_V31,
     .hex = "90 04 00 01 01 80",
     .pkt = SUBACK(.packet_id = 1, .codes = S("\x01\x80")),
     .build_err = MQW_ERR_REASON_CODE,
     .build_rule = "31-10"},
    {.name = "TB-12 31-10 3.1 SUBACK codes 00 01 02 80 with MQW_LENIENT_V31, never built",
     .version = MQW_V31,
     .flags = MQW_LENIENT_V31,
     .hex = "90 06 00 01 00 01 02 80",
     .pkt = SUBACK(.packet_id = 1, .codes = S("\x00\x01\x02\x80")),
     .build_err = MQW_ERR_REASON_CODE,
     .build_rule = "31-10"},
};

static void run_avec(const avec *a)
{
    uint8_t buf[256];
    size_t plen = 0;
    size_t total = hex_decode(a->hex, buf, sizeof buf, &plen);
    ck_assert_msg(total == plen && plen >= 2 && buf[1] < 0x80 && plen == 2u + buf[1],
                  "%s: the table row must be one packet with a one-byte Remaining Length", a->name);
    mqw_limits lim = {0, a->flags, MQW_ROLE_ANY};

    /* Parse from a buffer that ends where the packet ends. */
    uint8_t *g = guard_alloc(buf, plen);
    mqw_packet out;
    memset(&out, 0, sizeof out);
    mqw_diag diag;
    size_t used = 0;
    int rc = mqw_parse(g, plen, &out, a->version, &lim, &diag, &used);
    ck_assert_msg(rc == MQW_OK, "%s: mqw_parse returned %s (offset %zu, rule %s)", a->name,
                  mqw_strerror(rc), diag.offset, diag.rule ? diag.rule : "NULL");
    ck_assert_msg(used == plen, "%s: used %zu, expected %zu", a->name, used, plen);
    check_packet_eq(&a->pkt, &out, a->version, a->name);
    if (out.type == MQW_UNSUBSCRIBE) {
        mqw_iter it;
        mqw_subscription e;
        size_t i = 0;
        mqw_unsubscribe_iter(&it, &out.u.unsubscribe, a->version);
        for (; mqw_unsubscribe_next(&it, &e); i++) {
            ck_assert_msg(i < ARRAY_LEN(a->unsub_status), "%s: too many filters", a->name);
            ck_assert_msg(e.status == a->unsub_status[i], "%s: filter %zu status %s, expected %s",
                          a->name, i, mqw_strerror(e.status), mqw_strerror(a->unsub_status[i]));
            ck_assert_msg(e.qos == 0 && !e.no_local && !e.retain_as_published &&
                              e.retain_handling == 0,
                          "%s: UNSUBSCRIBE filter %zu has options", a->name, i);
        }
        ck_assert_msg(i == out.u.unsubscribe.n, "%s: iterated %zu of %zu", a->name, i,
                      out.u.unsubscribe.n);
    }
    /* n_bad counts the entries the iterator flags. */
    mqw_iter it;
    mqw_subscription e;
    size_t n_flagged = 0;
    bool sub = out.type == MQW_SUBSCRIBE;
    if (sub)
        mqw_subscribe_iter(&it, &out.u.subscribe, a->version);
    else
        mqw_unsubscribe_iter(&it, &out.u.unsubscribe, a->version);
    while (sub ? mqw_subscribe_next(&it, &e) : mqw_unsubscribe_next(&it, &e))
        n_flagged += e.status != MQW_OK;
    size_t n_bad = sub ? out.u.subscribe.n_bad : out.u.unsubscribe.n_bad;
    ck_assert_msg(n_bad == n_flagged, "%s: n_bad %zu, %zu entries flagged", a->name, n_bad,
                  n_flagged);
    ck_assert_msg((n_bad != 0) == ((a->flags & MQW_LENIENT_FILTERS) != 0),
                  "%s: n_bad %zu with flags %#x", a->name, n_bad, (unsigned)a->flags);
    test_counts.vectors++;
    test_counts.guard_cases++;

    /* Neither the parsed packet nor the table's struct may be built. */
    const mqw_packet *pkts[2] = {&out, &a->pkt};
    for (int k = 0; k < 2; k++) {
        uint8_t area[64];
        memset(area, 0xA5, sizeof area);
        size_t len = 99;
        rc = mqw_build(area, sizeof area, pkts[k], a->version, &lim, &diag, &len);
        ck_assert_msg(rc == a->build_err, "%s: build %d returned %s, expected %s", a->name, k,
                      mqw_strerror(rc), mqw_strerror(a->build_err));
        ck_assert_msg(diag.rule && strcmp(diag.rule, a->build_rule) == 0,
                      "%s: build %d rule %s, expected %s", a->name, k,
                      diag.rule ? diag.rule : "NULL", a->build_rule);
        ck_assert_msg(len == 0, "%s: build %d set len %zu", a->name, k, len);
        for (size_t i = 0; i < sizeof area; i++)
            ck_assert_msg(area[i] == 0xA5, "%s: refused build wrote byte %zu", a->name, i);
        test_counts.bvectors++;
    }

    /* Every proper prefix, against the guard page: need 2 until the RL is
     * there, then the packet's length. */
    for (size_t k = 0; k < plen; k++) {
        uint8_t *at = g + plen - k;
        memmove(at, buf, k);
        used = 0;
        rc = mqw_parse(at, k, &out, a->version, &lim, NULL, &used);
        size_t need = k < 2 ? 2 : plen;
        ck_assert_msg(rc == MQW_ERR_NEED_MORE && used == need,
                      "%s: prefix %zu: %s with %zu, expected MQW_ERR_NEED_MORE with %zu", a->name,
                      k, mqw_strerror(rc), used, need);
        test_counts.prefix_cases++;
    }
    guard_free(g, plen);
}

/* ======================================================================
 * Builder refusals
 * ====================================================================== */

static const uint8_t big_filter_dummy[1] = {'a'};

static const bvec build_vecs[] = {
    /* ---- SUBSCRIBE --------------------------------------------------------- */
    {.name = "PID-2 build SUBSCRIBE with PI 0",
     .version = MQW_V311,
     .pkt = SUBSCRIBE(.subs = SUBS({.filter = S("a")}), .n = 1),
     .err = MQW_ERR_PACKET_ID,
     .rule = "PID-2"},
    {.name = "PID-2 build 3.1 SUBSCRIBE with PI 0",
     .version = MQW_V31,
     .pkt = SUBSCRIBE(.subs = SUBS({.filter = S("a")}), .n = 1),
     .err = MQW_ERR_PACKET_ID,
     .rule = "PID-2"},
    {.name = "PID-2 build 5.0 SUBSCRIBE with PI 0",
     .version = MQW_V5,
     .pkt = SUBSCRIBE(.subs = SUBS({.filter = S("a")}), .n = 1),
     .err = MQW_ERR_PACKET_ID,
     .rule = "PID-2"},
    {.name = "SUB-1 build 3.1.1 SUBSCRIBE with an empty array",
     .version = MQW_V311,
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("a")}), .n = 0),
     .err = MQW_ERR_EMPTY,
     .rule = "SUB-1"},
    {.name = "SUB-1 31-15 build 3.1 SUBSCRIBE with an empty array",
     .version = MQW_V31,
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("a")}), .n = 0),
     .err = MQW_ERR_EMPTY,
     .rule = "SUB-1"},
    {.name = "SUB-2 SUB-1 build 5.0 SUBSCRIBE with no list at all",
     .version = MQW_V5,
     .pkt = SUBSCRIBE(.packet_id = 1),
     .err = MQW_ERR_EMPTY,
     .rule = "SUB-1"},
    {.name = "31-15 SUB-1 build never writes an empty 3.1 SUBSCRIBE (C-22)",
     .version = MQW_V31,
     .pkt = SUBSCRIBE(.packet_id = 1),
     .err = MQW_ERR_EMPTY,
     .rule = "SUB-1"},
    {.name = "TF-1 build refuses 'a#', whatever MQW_LENIENT_FILTERS says",
     .version = MQW_V311,
     .flags = MQW_LENIENT_FILTERS,
     .pkt =
         SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("b")}, {.filter = S("a#")}), .n = 2),
     .err = MQW_ERR_TOPIC_FILTER,
     .rule = "TF-1"},
    {.name = "TF-2 build refuses 'a/#/b'",
     .version = MQW_V31,
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("a/#/b")}), .n = 1),
     .err = MQW_ERR_TOPIC_FILTER,
     .rule = "TF-2"},
    {.name = "TF-4 build refuses 'a+/b'",
     .version = MQW_V5,
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("a+/b")}), .n = 1),
     .err = MQW_ERR_TOPIC_FILTER,
     .rule = "TF-4"},
    {.name = "TF-5 build refuses '+a'",
     .version = MQW_V311,
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("+a")}), .n = 1),
     .err = MQW_ERR_TOPIC_FILTER,
     .rule = "TF-5"},
    {.name = "TF-7 build refuses an empty filter",
     .version = MQW_V311,
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("")}), .n = 1),
     .err = MQW_ERR_TOPIC_FILTER,
     .rule = "TF-7"},
    {.name = "TF-9 build refuses 5.0 '$share//a'",
     .version = MQW_V5,
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("$share//a")}), .n = 1),
     .err = MQW_ERR_TOPIC_FILTER,
     .rule = "TF-9"},
    {.name = "TF-10 build refuses 5.0 '$share/g#/a'",
     .version = MQW_V5,
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("$share/g#/a")}), .n = 1),
     .err = MQW_ERR_TOPIC_FILTER,
     .rule = "TF-10"},
    {.name = "TF-11 build refuses 5.0 '$share/grp'",
     .version = MQW_V5,
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("$share/grp")}), .n = 1),
     .err = MQW_ERR_TOPIC_FILTER,
     .rule = "TF-11"},
    {.name = "TF-12 build refuses 5.0 '$share/grp/'",
     .version = MQW_V5,
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("$share/grp/")}), .n = 1),
     .err = MQW_ERR_TOPIC_FILTER,
     .rule = "TF-12"},
    {.name = "TF-13 build refuses 5.0 '$share/g/+x'",
     .version = MQW_V5,
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("$share/g/+x")}), .n = 1),
     .err = MQW_ERR_TOPIC_FILTER,
     .rule = "TF-13"},
    {.name = "STR-14 build refuses a filter that is not UTF-8",
     .version = MQW_V311,
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("a\xFF")}), .n = 1),
     .err = MQW_ERR_UTF8,
     .rule = "STR-14"},
    {.name = "STR-14 STR-8 build refuses a control character with MQW_STRICT_UTF8",
     .version = MQW_V5,
     .flags = MQW_STRICT_UTF8,
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("a\x7F")}), .n = 1),
     .err = MQW_ERR_UTF8,
     .rule = "STR-14"},
    {.name = "SUB-4 build 3.1.1 refuses No Local",
     .version = MQW_V311,
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("a"), .no_local = true}), .n = 1),
     .err = MQW_ERR_RESERVED,
     .rule = "SUB-4"},
    {.name = "SUB-4 build 3.1 refuses Retain As Published",
     .version = MQW_V31,
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("a"), .retain_as_published = true}),
                      .n = 1),
     .err = MQW_ERR_RESERVED,
     .rule = "SUB-4"},
    {.name = "SUB-4 build 3.1.1 refuses Retain Handling 1",
     .version = MQW_V311,
     .pkt =
         SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("a"), .retain_handling = 1}), .n = 1),
     .err = MQW_ERR_RESERVED,
     .rule = "SUB-4"},
    {.name = "SUB-5 build 3.1.1 refuses QoS 3",
     .version = MQW_V311,
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("a"), .qos = 3}), .n = 1),
     .err = MQW_ERR_QOS,
     .rule = "SUB-5"},
    {.name = "SUB-5 build 3.1 refuses QoS 200",
     .version = MQW_V31,
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("a"), .qos = 200}), .n = 1),
     .err = MQW_ERR_QOS,
     .rule = "SUB-5"},
    {.name = "SUB-6 build 5.0 refuses QoS 3",
     .version = MQW_V5,
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("a"), .qos = 3}), .n = 1),
     .err = MQW_ERR_SUB_OPTIONS,
     .rule = "SUB-6"},
    {.name = "SUB-6 build 5.0 refuses QoS 4 (not truncated to 0)",
     .version = MQW_V5,
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("a"), .qos = 4}), .n = 1),
     .err = MQW_ERR_SUB_OPTIONS,
     .rule = "SUB-6"},
    {.name = "SUB-7 build 5.0 refuses Retain Handling 3",
     .version = MQW_V5,
     .pkt =
         SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("a"), .retain_handling = 3}), .n = 1),
     .err = MQW_ERR_SUB_OPTIONS,
     .rule = "SUB-7"},
    {.name = "SUB-7 build 5.0 refuses Retain Handling 16 (not truncated)",
     .version = MQW_V5,
     .pkt =
         SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("a"), .retain_handling = 16}), .n = 1),
     .err = MQW_ERR_SUB_OPTIONS,
     .rule = "SUB-7"},
    {.name = "SUB-9 build 5.0 refuses No Local on '$share/g/a'",
     .version = MQW_V5,
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("$share/g/a"), .no_local = true}),
                      .n = 1),
     .err = MQW_ERR_SUB_OPTIONS,
     .rule = "SUB-9"},
    {.name = "31-12 build refuses DUP on a 3.1.1 SUBSCRIBE",
     .version = MQW_V311,
     .pkt = SUBSCRIBE(.packet_id = 1, .dup = true, .subs = SUBS({.filter = S("a")}), .n = 1),
     .err = MQW_ERR_ARG,
     .rule = "31-12"},
    {.name = "31-12 build refuses DUP on a 5.0 SUBSCRIBE",
     .version = MQW_V5,
     .pkt = SUBSCRIBE(.packet_id = 1, .dup = true, .subs = SUBS({.filter = S("a")}), .n = 1),
     .err = MQW_ERR_ARG,
     .rule = "31-12"},
    {.name = "31-16 build refuses properties on a 3.1 SUBSCRIBE",
     .version = MQW_V31,
     .pkt = SUBSCRIBE(.packet_id = 1,
                      .props = {.list = PROPS({.id = MQW_PROP_SUBSCRIPTION_IDENTIFIER, .v.num = 1}),
                                .n = 1},
                      .subs = SUBS({.filter = S("a")}), .n = 1),
     .err = MQW_ERR_ARG,
     .rule = "31-16"},
    {.name = "SUB-11 build: properties are 5.0 only (raw block on a 3.1.1 SUBSCRIBE)",
     .version = MQW_V311,
     .pkt = SUBSCRIBE(.packet_id = 1, .props = {.raw = S("\x0B\x01")},
                      .subs = SUBS({.filter = S("a")}), .n = 1),
     .err = MQW_ERR_ARG},
    {.name = "PR-13 build refuses a Reason String in SUBSCRIBE",
     .version = MQW_V5,
     .pkt = SUBSCRIBE(.packet_id = 1,
                      .props = {.list = PROPS({.id = MQW_PROP_REASON_STRING, .v.bytes = S("x")}),
                                .n = 1},
                      .subs = SUBS({.filter = S("a")}), .n = 1),
     .err = MQW_ERR_PROPERTY_NOT_ALLOWED,
     .rule = "PR-13"},
    {.name = "PR-7 build refuses two Subscription Identifiers",
     .version = MQW_V5,
     .pkt = SUBSCRIBE(.packet_id = 1,
                      .props = {.list = PROPS({.id = MQW_PROP_SUBSCRIPTION_IDENTIFIER, .v.num = 1},
                                              {.id = MQW_PROP_SUBSCRIPTION_IDENTIFIER, .v.num = 2}),
                                .n = 2},
                      .subs = SUBS({.filter = S("a")}), .n = 1),
     .err = MQW_ERR_PROPERTY_DUPLICATE,
     .rule = "PR-7"},
    {.name = "PR-22 build refuses Subscription Identifier 0",
     .version = MQW_V5,
     .pkt = SUBSCRIBE(.packet_id = 1,
                      .props = {.list = PROPS({.id = MQW_PROP_SUBSCRIPTION_IDENTIFIER, .v.num = 0}),
                                .n = 1},
                      .subs = SUBS({.filter = S("a")}), .n = 1),
     .err = MQW_ERR_PROPERTY_VALUE,
     .rule = "PR-22"},
    {.name = "PR-9 build refuses Subscription Identifier 268,435,456",
     .version = MQW_V5,
     .pkt = SUBSCRIBE(.packet_id = 1,
                      .props = {.list = PROPS(
                                    {.id = MQW_PROP_SUBSCRIPTION_IDENTIFIER, .v.num = 268435456}),
                                .n = 1},
                      .subs = SUBS({.filter = S("a")}), .n = 1),
     .err = MQW_ERR_PROPERTY_VALUE,
     .rule = "PR-9"},
    {.name = "PR-8 build refuses a raw block with a padded Subscription Identifier",
     .version = MQW_V5,
     .pkt = SUBSCRIBE(.packet_id = 1, .props = {.raw = S("\x0B\x81\x00"), .n = 1},
                      .subs = SUBS({.filter = S("a")}), .n = 1),
     .err = MQW_ERR_VARINT,
     .rule = "PR-8"},
    {.name = "STR-10 build refuses a filter view of 65,536 bytes",
     .version = MQW_V311,
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = {big_filter_dummy, 65536}}), .n = 1),
     .err = MQW_ERR_ARG},
    {.name = "STR-10 build refuses a NULL filter with a length",
     .version = MQW_V311,
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = {NULL, 1}}), .n = 1),
     .err = MQW_ERR_ARG},
    {.name = "FH-20 build: a server may not send SUBSCRIBE",
     .version = MQW_V5,
     .role = MQW_ROLE_SERVER,
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("a")}), .n = 1),
     .err = MQW_ERR_DIRECTION,
     .rule = "FH-20"},
    {.name =
         "build refuses a SUBSCRIBE over the peer's Maximum Packet Size (no row: a caller limit)",
     .version = MQW_V5,
     .max_packet_size = 8,
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("a")}), .n = 1),
     .err = MQW_ERR_TOO_LARGE},
    {.name = "PR-13 build: MQW_TRIM_TO_FIT does not drop SUBSCRIBE User Properties",
     .version = MQW_V5,
     .flags = MQW_TRIM_TO_FIT,
     .max_packet_size = 12,
     .pkt = SUBSCRIBE(.packet_id = 1,
                      .props = {.list = PROPS(
                                    {.id = MQW_PROP_USER_PROPERTY, .v.pair = {S("k"), S("v")}}),
                                .n = 1},
                      .subs = SUBS({.filter = S("a")}), .n = 1),
     .err = MQW_ERR_TOO_LARGE},
    /* The raw list (subs == NULL) is judged by the parser's own walker. */
    {.name = "TB-6 build refuses a raw list with a one-byte fragment",
     .version = MQW_V311,
     .pkt = SUBSCRIBE(.packet_id = 1, .list = S("\x00\x01"
                                                "a"
                                                "\x00"
                                                "\x00")),
     .err = MQW_ERR_SHORT,
     .rule = "TB-6"},
    {.name = "RL-5 build refuses a raw list whose filter length runs past it",
     .version = MQW_V311,
     .pkt = SUBSCRIBE(.packet_id = 1, .list = S("\x00\x05"
                                                "ab")),
     .err = MQW_ERR_SHORT,
     .rule = "RL-5"},
    {.name = "SUB-3 build refuses a raw list without the last options byte",
     .version = MQW_V5,
     .pkt = SUBSCRIBE(.packet_id = 1, .list = S("\x00\x01"
                                                "a")),
     .err = MQW_ERR_SHORT,
     .rule = "SUB-3"},
    {.name = "SUB-8 build refuses a raw 5.0 list with options bit 6",
     .version = MQW_V5,
     .pkt = SUBSCRIBE(.packet_id = 1, .list = S("\x00\x01"
                                                "a"
                                                "\x40")),
     .err = MQW_ERR_RESERVED,
     .rule = "SUB-8"},
    {.name = "SUB-4 build refuses a raw 3.1.1 list with options 0x04",
     .version = MQW_V311,
     .pkt = SUBSCRIBE(.packet_id = 1, .list = S("\x00\x01"
                                                "a"
                                                "\x04")),
     .err = MQW_ERR_RESERVED,
     .rule = "SUB-4"},
    {.name = "SUB-9 build refuses a raw 5.0 list with No Local on a shared filter",
     .version = MQW_V5,
     .pkt = SUBSCRIBE(.packet_id = 1, .list = S("\x00\x0A"
                                                "$share/g/a"
                                                "\x04")),
     .err = MQW_ERR_SUB_OPTIONS,
     .rule = "SUB-9"},
    {.name = "STR-14 build refuses a raw list with bad UTF-8",
     .version = MQW_V311,
     .pkt = SUBSCRIBE(.packet_id = 1, .list = S("\x00\x01"
                                                "\xC0"
                                                "\x00")),
     .err = MQW_ERR_UTF8,
     .rule = "STR-14"},
    {.name = "TF-7 build refuses a raw list with an empty filter, flags or not",
     .version = MQW_V311,
     .pkt = SUBSCRIBE(.packet_id = 1, .list = S("\x00\x01"
                                                "a"
                                                "\x00"
                                                "\x00\x00"
                                                "\x00")),
     .err = MQW_ERR_TOPIC_FILTER,
     .rule = "TF-7"},
    {.name = "STR-10 build refuses a NULL raw list with a length",
     .version = MQW_V311,
     .pkt = SUBSCRIBE(.packet_id = 1, .list = {NULL, 4}),
     .err = MQW_ERR_ARG},

    /* ---- UNSUBSCRIBE ------------------------------------------------------ */
    {.name = "PID-3 build UNSUBSCRIBE with PI 0",
     .version = MQW_V5,
     .pkt = UNSUBSCRIBE(.filters = FILTERS(S("a")), .n = 1),
     .err = MQW_ERR_PACKET_ID,
     .rule = "PID-3"},
    {.name = "PID-3 build 3.1 UNSUBSCRIBE with PI 0",
     .version = MQW_V31,
     .pkt = UNSUBSCRIBE(.filters = FILTERS(S("a")), .n = 1),
     .err = MQW_ERR_PACKET_ID,
     .rule = "PID-3"},
    {.name = "PID-3 build 3.1.1 UNSUBSCRIBE with PI 0",
     .version = MQW_V311,
     .pkt = UNSUBSCRIBE(.filters = FILTERS(S("a")), .n = 1),
     .err = MQW_ERR_PACKET_ID,
     .rule = "PID-3"},
    {.name = "US-1 build UNSUBSCRIBE with an empty array",
     .version = MQW_V311,
     .pkt = UNSUBSCRIBE(.packet_id = 1, .filters = FILTERS(S("a")), .n = 0),
     .err = MQW_ERR_EMPTY,
     .rule = "US-1"},
    {.name = "US-1 31-15 build 3.1 UNSUBSCRIBE with an empty array",
     .version = MQW_V31,
     .pkt = UNSUBSCRIBE(.packet_id = 1, .filters = FILTERS(S("a")), .n = 0),
     .err = MQW_ERR_EMPTY,
     .rule = "US-1"},
    {.name = "US-2 US-1 build 5.0 UNSUBSCRIBE with no list",
     .version = MQW_V5,
     .pkt = UNSUBSCRIBE(.packet_id = 1),
     .err = MQW_ERR_EMPTY,
     .rule = "US-1"},
    {.name = "31-15 US-1 build never writes an empty 3.1 UNSUBSCRIBE",
     .version = MQW_V31,
     .pkt = UNSUBSCRIBE(.packet_id = 1),
     .err = MQW_ERR_EMPTY,
     .rule = "US-1"},
    {.name = "TF-16 TF-1 build refuses UNSUBSCRIBE 'a#'",
     .version = MQW_V311,
     .pkt = UNSUBSCRIBE(.packet_id = 1, .filters = FILTERS(S("a#")), .n = 1),
     .err = MQW_ERR_TOPIC_FILTER,
     .rule = "TF-1"},
    {.name = "TF-16 TF-7 build refuses UNSUBSCRIBE ''",
     .version = MQW_V5,
     .pkt = UNSUBSCRIBE(.packet_id = 1, .filters = FILTERS(S("a"), S("")), .n = 2),
     .err = MQW_ERR_TOPIC_FILTER,
     .rule = "TF-7"},
    {.name = "STR-14 build refuses UNSUBSCRIBE filter with U+0000",
     .version = MQW_V311,
     .pkt = UNSUBSCRIBE(.packet_id = 1, .filters = FILTERS(S("a\0b")), .n = 1),
     .err = MQW_ERR_UTF8,
     .rule = "STR-14"},
    {.name = "PR-15 build refuses a Subscription Identifier in UNSUBSCRIBE",
     .version = MQW_V5,
     .pkt =
         UNSUBSCRIBE(.packet_id = 1,
                     .props = {.list = PROPS({.id = MQW_PROP_SUBSCRIPTION_IDENTIFIER, .v.num = 1}),
                               .n = 1},
                     .filters = FILTERS(S("a")), .n = 1),
     .err = MQW_ERR_PROPERTY_NOT_ALLOWED,
     .rule = "PR-15"},
    {.name = "31-12 build refuses DUP on a 5.0 UNSUBSCRIBE",
     .version = MQW_V5,
     .pkt = UNSUBSCRIBE(.packet_id = 1, .dup = true, .filters = FILTERS(S("a")), .n = 1),
     .err = MQW_ERR_ARG,
     .rule = "31-12"},
    {.name = "31-16 build refuses properties on a 3.1 UNSUBSCRIBE",
     .version = MQW_V31,
     .pkt = UNSUBSCRIBE(.packet_id = 1,
                        .props = {.list = PROPS(
                                      {.id = MQW_PROP_USER_PROPERTY, .v.pair = {S("k"), S("v")}}),
                                  .n = 1},
                        .filters = FILTERS(S("a")), .n = 1),
     .err = MQW_ERR_ARG,
     .rule = "31-16"},
    {.name = "US-3 build refuses a raw UNSUBSCRIBE list with a one-byte fragment",
     .version = MQW_V311,
     .pkt = UNSUBSCRIBE(.packet_id = 1, .list = S("\x00\x01"
                                                  "a"
                                                  "\x00")),
     .err = MQW_ERR_SHORT,
     .rule = "US-3"},
    {.name = "FH-20 build: a server may not send UNSUBSCRIBE",
     .version = MQW_V311,
     .role = MQW_ROLE_SERVER,
     .pkt = UNSUBSCRIBE(.packet_id = 1, .filters = FILTERS(S("a")), .n = 1),
     .err = MQW_ERR_DIRECTION,
     .rule = "FH-20"},

    /* ---- SUBACK ------------------------------------------------------------ */
    {.name = "PID-6 build SUBACK with PI 0",
     .version = MQW_V311,
     .pkt = SUBACK(.codes = S("\x00")),
     .err = MQW_ERR_PACKET_ID,
     .rule = "PID-6"},
    {.name = "PID-6 build 3.1 SUBACK with PI 0",
     .version = MQW_V31,
     .pkt = SUBACK(.codes = S("\x00")),
     .err = MQW_ERR_PACKET_ID,
     .rule = "PID-6"},
    {.name = "PID-6 build SUBACK with PI 0 even with MQW_LENIENT_ACK_ID",
     .version = MQW_V5,
     .flags = MQW_LENIENT_ACK_ID,
     .pkt = SUBACK(.codes = S("\x00")),
     .err = MQW_ERR_PACKET_ID,
     .rule = "PID-6"},
    {.name = "SA-1 build 3.1.1 SUBACK without codes",
     .version = MQW_V311,
     .pkt = SUBACK(.packet_id = 1),
     .err = MQW_ERR_EMPTY,
     .rule = "SA-1"},
    {.name = "SA-4 SA-1 build 5.0 SUBACK without codes",
     .version = MQW_V5,
     .pkt = SUBACK(.packet_id = 1),
     .err = MQW_ERR_EMPTY,
     .rule = "SA-1"},
    {.name = "SA-2 build 3.1.1 SUBACK code 0x03",
     .version = MQW_V311,
     .pkt = SUBACK(.packet_id = 1, .codes = S("\x00\x03")),
     .err = MQW_ERR_REASON_CODE,
     .rule = "SA-2"},
    {.name = "SA-3 build 5.0 SUBACK code 0x10",
     .version = MQW_V5,
     .pkt = SUBACK(.packet_id = 1, .codes = S("\x10")),
     .err = MQW_ERR_REASON_CODE,
     .rule = "SA-3"},
    {.name = "31-10 build 3.1 SUBACK 0x80",
     .version = MQW_V31,
     .pkt = SUBACK(.packet_id = 1, .codes = S("\x80")),
     .err = MQW_ERR_REASON_CODE,
     .rule = "31-10"},
    {.name = "31-10 build 3.1 SUBACK 0x80 even with MQW_LENIENT_V31",
     .version = MQW_V31,
     .flags = MQW_LENIENT_V31,
     .pkt = SUBACK(.packet_id = 1, .codes = S("\x80")),
     .err = MQW_ERR_REASON_CODE,
     .rule = "31-10"},
    {.name = "PR-14 build refuses a Subscription Identifier in SUBACK",
     .version = MQW_V5,
     .pkt = SUBACK(.packet_id = 1,
                   .props = {.list = PROPS({.id = MQW_PROP_SUBSCRIPTION_IDENTIFIER, .v.num = 1}),
                             .n = 1},
                   .codes = S("\x00")),
     .err = MQW_ERR_PROPERTY_NOT_ALLOWED,
     .rule = "PR-14"},
    {.name = "31-16 build refuses properties on a 3.1 SUBACK",
     .version = MQW_V31,
     .pkt =
         SUBACK(.packet_id = 1,
                .props = {.list = PROPS({.id = MQW_PROP_REASON_STRING, .v.bytes = S("x")}), .n = 1},
                .codes = S("\x00")),
     .err = MQW_ERR_ARG,
     .rule = "31-16"},
    {.name = "SA-1 build refuses a NULL code list with a length",
     .version = MQW_V311,
     .pkt = SUBACK(.packet_id = 1, .codes = {NULL, 2}),
     .err = MQW_ERR_ARG},
    {.name = "FH-20 build: a client may not send SUBACK",
     .version = MQW_V311,
     .role = MQW_ROLE_CLIENT,
     .pkt = SUBACK(.packet_id = 1, .codes = S("\x00")),
     .err = MQW_ERR_DIRECTION,
     .rule = "FH-20"},
    {.name = "build: SUBACK over Maximum Packet Size without MQW_TRIM_TO_FIT (no row)",
     .version = MQW_V5,
     .max_packet_size = 10,
     .pkt = SUBACK(.packet_id = 1,
                   .props = {.list = PROPS({.id = MQW_PROP_REASON_STRING, .v.bytes = S("xyz")}),
                             .n = 1},
                   .codes = S("\x00")),
     .err = MQW_ERR_TOO_LARGE},
    {.name = "build: SUBACK codes alone over Maximum Packet Size even when trimming (no row)",
     .version = MQW_V5,
     .flags = MQW_TRIM_TO_FIT,
     .max_packet_size = 5,
     .pkt = SUBACK(.packet_id = 1,
                   .props = {.list = PROPS({.id = MQW_PROP_REASON_STRING, .v.bytes = S("xyz")}),
                             .n = 1},
                   .codes = S("\x00\x01")),
     .err = MQW_ERR_TOO_LARGE},

    /* ---- UNSUBACK ----------------------------------------------------------- */
    {.name = "PID-6 build UNSUBACK with PI 0",
     .version = MQW_V311,
     .pkt = UNSUBACK(.packet_id = 0),
     .err = MQW_ERR_PACKET_ID,
     .rule = "PID-6"},
    {.name = "PID-6 build 3.1 UNSUBACK with PI 0",
     .version = MQW_V31,
     .pkt = UNSUBACK(.packet_id = 0),
     .err = MQW_ERR_PACKET_ID,
     .rule = "PID-6"},
    {.name = "PID-6 build 5.0 UNSUBACK with PI 0",
     .version = MQW_V5,
     .pkt = UNSUBACK(.packet_id = 0, .codes = S("\x00")),
     .err = MQW_ERR_PACKET_ID,
     .rule = "PID-6"},
    {.name = "TB-7 build refuses codes on a 3.1.1 UNSUBACK",
     .version = MQW_V311,
     .pkt = UNSUBACK(.packet_id = 1, .codes = S("\x00")),
     .err = MQW_ERR_ARG,
     .rule = "TB-7"},
    {.name = "TB-7 build refuses properties on a 3.1.1 UNSUBACK",
     .version = MQW_V311,
     .pkt = UNSUBACK(.packet_id = 1,
                     .props = {.list = PROPS({.id = MQW_PROP_REASON_STRING, .v.bytes = S("x")}),
                               .n = 1}),
     .err = MQW_ERR_ARG},
    {.name = "US-4 build 5.0 UNSUBACK code 0x02",
     .version = MQW_V5,
     .pkt = UNSUBACK(.packet_id = 1, .codes = S("\x00\x02")),
     .err = MQW_ERR_REASON_CODE,
     .rule = "US-4"},
    {.name = "US-5 build 5.0 UNSUBACK without codes",
     .version = MQW_V5,
     .pkt = UNSUBACK(.packet_id = 1),
     .err = MQW_ERR_EMPTY,
     .rule = "US-5"},
    {.name = "PR-16 build refuses a Topic Alias in UNSUBACK",
     .version = MQW_V5,
     .pkt = UNSUBACK(.packet_id = 1,
                     .props = {.list = PROPS({.id = MQW_PROP_TOPIC_ALIAS, .v.num = 1}), .n = 1},
                     .codes = S("\x00")),
     .err = MQW_ERR_PROPERTY_NOT_ALLOWED,
     .rule = "PR-16"},
    {.name = "FH-20 build: a client may not send UNSUBACK",
     .version = MQW_V5,
     .role = MQW_ROLE_CLIENT,
     .pkt = UNSUBACK(.packet_id = 1, .codes = S("\x00")),
     .err = MQW_ERR_DIRECTION,
     .rule = "FH-20"},

    /* ---- stated lengths no packet can hold ----------------------------------
     * RL-1 before the walk: each view or array below states more entries
     * than a Remaining Length can carry (beside the Packet Identifier, each
     * entry at its smallest) over a 1-entry buffer, so a builder that
     * walked it would read past the buffer (regressions: the code list and
     * the raw list were walked first, the arrays up to their count). */
    {.name = "RL-1 build refuses a SUBACK code list of 268,435,454 bytes, unread",
     .version = MQW_V311,
     .pkt = SUBACK(.packet_id = 1, .codes = {big_filter_dummy, RL_MAX - 1}),
     .err = MQW_ERR_TOO_LARGE,
     .rule = "RL-1"},
    {.name = "RL-1 build refuses a 5.0 SUBACK code list of 268,435,454 bytes, unread",
     .version = MQW_V5,
     .pkt = SUBACK(.packet_id = 1, .codes = {big_filter_dummy, RL_MAX - 1}),
     .err = MQW_ERR_TOO_LARGE,
     .rule = "RL-1"},
    {.name = "RL-1 build refuses a 5.0 UNSUBACK code list of 268,435,454 bytes, unread",
     .version = MQW_V5,
     .pkt = UNSUBACK(.packet_id = 1, .codes = {big_filter_dummy, RL_MAX - 1}),
     .err = MQW_ERR_TOO_LARGE,
     .rule = "RL-1"},
    {.name = "RL-1 build refuses a raw SUBSCRIBE list of 268,435,454 bytes, unread",
     .version = MQW_V311,
     .pkt = SUBSCRIBE(.packet_id = 1, .list = {big_filter_dummy, RL_MAX - 1}),
     .err = MQW_ERR_TOO_LARGE,
     .rule = "RL-1"},
    {.name = "RL-1 build refuses a raw UNSUBSCRIBE list of 268,435,454 bytes, unread",
     .version = MQW_V5,
     .pkt = UNSUBSCRIBE(.packet_id = 1, .list = {big_filter_dummy, RL_MAX - 1}),
     .err = MQW_ERR_TOO_LARGE,
     .rule = "RL-1"},
    {.name = "RL-1 build refuses 67,108,864 subscriptions (4 bytes each at least), unread",
     .version = MQW_V311,
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("a")}), .n = (RL_MAX - 2) / 4 + 1),
     .err = MQW_ERR_TOO_LARGE,
     .rule = "RL-1"},
    {.name = "RL-1 build refuses 67,108,864 5.0 subscriptions, unread",
     .version = MQW_V5,
     .pkt = SUBSCRIBE(.packet_id = 1, .subs = SUBS({.filter = S("a")}), .n = (RL_MAX - 2) / 4 + 1),
     .err = MQW_ERR_TOO_LARGE,
     .rule = "RL-1"},
    {.name = "RL-1 build refuses 89,478,485 filters to unsubscribe (3 bytes each at least), unread",
     .version = MQW_V311,
     .pkt = UNSUBSCRIBE(.packet_id = 1, .filters = FILTERS(S("a")), .n = (RL_MAX - 2) / 3 + 1),
     .err = MQW_ERR_TOO_LARGE,
     .rule = "RL-1"},
};

/* ======================================================================
 * SUBACK / UNSUBACK trimmed to the peer's Maximum Packet Size
 * ====================================================================== */

typedef struct tvec {
    const char *name;
    int version;
    uint32_t max_packet_size;
    mqw_packet pkt;
    const char *hex;  /* what the build must write */
    unsigned dropped; /* MQW_DROPPED_* the diag must report */
} tvec;

#define TRIM_PROPS                                                                                 \
    {                                                                                              \
        .list = PROPS({.id = MQW_PROP_USER_PROPERTY, .v.pair = {S("k"), S("v")}},                  \
                      {.id = MQW_PROP_REASON_STRING, .v.bytes = S("no")}),                         \
        .n = 2                                                                                     \
    }

static const tvec trim_vecs[] = {
    {.name = "TB-12 SUBACK fits: nothing dropped",
     .version = MQW_V5,
     .max_packet_size = 19,
     .pkt = SUBACK(.packet_id = 1, .props = TRIM_PROPS, .codes = S("\x00\x80")),
     .hex = "90 11 00 01 0C 26 00 01 6B 00 01 76 1F 00 02 6E 6F 00 80",
     .dropped = 0},
    {.name = "TB-12 SUBACK drops the Reason String to fit",
     .version = MQW_V5,
     .max_packet_size = 18,
     .pkt = SUBACK(.packet_id = 1, .props = TRIM_PROPS, .codes = S("\x00\x80")),
     .hex = "90 0C 00 01 07 26 00 01 6B 00 01 76 00 80",
     .dropped = MQW_DROPPED_REASON_STRING},
    {.name = "TB-12 SUBACK drops Reason String and User Property to fit",
     .version = MQW_V5,
     .max_packet_size = 13,
     .pkt = SUBACK(.packet_id = 1, .props = TRIM_PROPS, .codes = S("\x00\x80")),
     .hex = "90 05 00 01 00 00 80",
     .dropped = MQW_DROPPED_REASON_STRING | MQW_DROPPED_USER_PROPERTY},
    {.name = "US-5 UNSUBACK drops the Reason String to fit",
     .version = MQW_V5,
     .max_packet_size = 17,
     .pkt = UNSUBACK(.packet_id = 2, .props = TRIM_PROPS, .codes = S("\x11")),
     .hex = "B0 0B 00 02 07 26 00 01 6B 00 01 76 11",
     .dropped = MQW_DROPPED_REASON_STRING},
};

static void run_tvec(const tvec *t)
{
    uint8_t want[64], got[64 + 16];
    size_t want_len = hex_decode(t->hex, want, sizeof want, NULL);
    mqw_limits lim = {t->max_packet_size, MQW_TRIM_TO_FIT, MQW_ROLE_ANY};
    mqw_diag diag;
    size_t len = 0;
    memset(got, 0xA5, sizeof got);
    int rc = mqw_build(got, want_len, &t->pkt, t->version, &lim, &diag, &len);
    ck_assert_msg(rc == MQW_OK, "%s: build returned %s", t->name, mqw_strerror(rc));
    ck_assert_msg(len == want_len && memcmp(got, want, len) == 0, "%s: bytes differ (%zu, %zu)",
                  t->name, len, want_len);
    ck_assert_msg(got[want_len] == 0xA5, "%s: wrote past the packet", t->name);
    ck_assert_msg(diag.dropped == t->dropped, "%s: dropped %u, expected %u", t->name, diag.dropped,
                  t->dropped);

    /* The trimmed packet parses back within the limit. */
    mqw_packet back;
    rc = mqw_parse(got, len, &back, t->version, &lim, &diag, NULL);
    ck_assert_msg(rc == MQW_OK, "%s: the trimmed packet does not parse: %s", t->name,
                  mqw_strerror(rc));

    /* The size query gives the trimmed size. */
    len = 0;
    rc = mqw_build(NULL, 0, &t->pkt, t->version, &lim, NULL, &len);
    ck_assert_msg(rc == MQW_ERR_NOSPACE && len == want_len, "%s: size query %s %zu", t->name,
                  mqw_strerror(rc), len);
    test_counts.vectors++;
}

/* ======================================================================
 * Plain tests
 * ====================================================================== */

/* A NULL `out` and a bad version are caller mistakes. */
START_TEST(null_out_and_bad_version)
{
    static const uint8_t sub[] = {0x82, 0x06, 0x00, 0x01, 0x00, 0x01, 0x61, 0x00};
    static const uint8_t suback[] = {0x90, 0x03, 0x00, 0x01, 0x00};
    static const uint8_t unsuback[] = {0xB0, 0x02, 0x00, 0x01};
    mqw_diag diag;
    ck_assert_int_eq(mqw_subscribe_parse(sub, sizeof sub, NULL, MQW_V311, NULL, &diag, NULL),
                     MQW_ERR_ARG);
    ck_assert_int_eq(mqw_unsubscribe_parse(sub, sizeof sub, NULL, MQW_V311, NULL, &diag, NULL),
                     MQW_ERR_ARG);
    ck_assert_int_eq(mqw_suback_parse(suback, sizeof suback, NULL, MQW_V311, NULL, &diag, NULL),
                     MQW_ERR_ARG);
    ck_assert_int_eq(
        mqw_unsuback_parse(unsuback, sizeof unsuback, NULL, MQW_V311, NULL, &diag, NULL),
        MQW_ERR_ARG);

    mqw_subscribe s;
    ck_assert_int_eq(mqw_subscribe_parse(sub, sizeof sub, &s, 6, NULL, &diag, NULL), MQW_ERR_ARG);
    /* The wrong packet type for the function. */
    ck_assert_int_eq(mqw_subscribe_parse(suback, sizeof suback, &s, MQW_V311, NULL, &diag, NULL),
                     MQW_ERR_PACKET_TYPE);
    mqw_unsuback u;
    ck_assert_int_eq(mqw_unsuback_parse(suback, sizeof suback, &u, MQW_V311, NULL, NULL, NULL),
                     MQW_ERR_PACKET_TYPE);

    size_t len = 7;
    uint8_t out[16];
    mqw_subscription one = {.filter = {(const uint8_t *)"a", 1}};
    mqw_subscribe in = {.packet_id = 1, .subs = &one, .n = 1};
    ck_assert_int_eq(mqw_subscribe_build(out, sizeof out, NULL, MQW_V311, NULL, &diag, &len),
                     MQW_ERR_ARG);
    ck_assert_uint_eq(len, 0);
    len = 7;
    ck_assert_int_eq(mqw_subscribe_build(out, sizeof out, &in, 2, NULL, &diag, &len), MQW_ERR_ARG);
    ck_assert_uint_eq(len, 0);
    ck_assert_int_eq(mqw_unsubscribe_build(out, sizeof out, NULL, MQW_V5, NULL, NULL, NULL),
                     MQW_ERR_ARG);
    ck_assert_int_eq(mqw_suback_build(out, sizeof out, NULL, MQW_V5, NULL, NULL, NULL),
                     MQW_ERR_ARG);
    ck_assert_int_eq(mqw_unsuback_build(out, sizeof out, NULL, 0, NULL, NULL, NULL), MQW_ERR_ARG);
    /* NULL diag and len are allowed. */
    ck_assert_int_eq(mqw_subscribe_build(out, sizeof out, &in, MQW_V311, NULL, NULL, NULL), MQW_OK);
    ck_assert_int_eq(out[0], 0x82);
}
END_TEST

/* The iterators never leave the view, even for a list that did not come
 * from a parse. */
START_TEST(iterator_stays_inside_the_view)
{
    static const uint8_t cut[] = {0x00, 0x01, 'a', 0x01, 0x00, 0x05, 'b'};
    mqw_subscribe s = {.list = {cut, sizeof cut}};
    mqw_iter it;
    mqw_subscription e;
    mqw_subscribe_iter(&it, &s, MQW_V311);
    ck_assert(mqw_subscribe_next(&it, &e));
    ck_assert_uint_eq(e.filter.len, 1);
    ck_assert_uint_eq(e.qos, 1);
    ck_assert_int_eq(e.status, MQW_OK);
    ck_assert(!mqw_subscribe_next(&it, &e));
    ck_assert(!mqw_subscribe_next(&it, &e));

    /* An UNSUBSCRIBE filter missing its last byte, a stray single byte. */
    mqw_unsubscribe u = {.list = {cut, 1}};
    mqw_unsubscribe_iter(&it, &u, MQW_V5);
    ck_assert(!mqw_unsubscribe_next(&it, &e));
    u.list.len = 3;
    mqw_unsubscribe_iter(&it, &u, MQW_V5);
    ck_assert(mqw_unsubscribe_next(&it, &e));
    ck_assert(!mqw_unsubscribe_next(&it, &e));

    /* An empty parse result. */
    mqw_subscribe none;
    memset(&none, 0, sizeof none);
    mqw_subscribe_iter(&it, &none, MQW_V5);
    ck_assert(!mqw_subscribe_next(&it, &e));

    /* 3.x never reports 5.0 options, even from bytes that carry them. */
    static const uint8_t v5opts[] = {0x00, 0x01, 'a', 0x2E};
    mqw_subscribe t = {.list = {v5opts, sizeof v5opts}};
    mqw_subscribe_iter(&it, &t, MQW_V311);
    ck_assert(mqw_subscribe_next(&it, &e));
    ck_assert_uint_eq(e.qos, 2);
    ck_assert(!e.no_local && !e.retain_as_published && e.retain_handling == 0);
    mqw_subscribe_iter(&it, &t, MQW_V5);
    ck_assert(mqw_subscribe_next(&it, &e));
    ck_assert(e.no_local && e.retain_as_published && e.retain_handling == 2);
}
END_TEST

/* The status of a filter follows the version: '$share//a' is valid before
 * 5.0 (TF-15) and invalid in 5.0 (TF-9). */
START_TEST(status_follows_version)
{
    /* "$share//a": an ordinary filter before 5.0, an empty ShareName on 5.0
     * (TF-9, TF-15). */
    static const uint8_t v311[] = {0x82, 0x0E, 0x00, 0x01, 0x00, 0x09, '$', 's',
                                   'h',  'a',  'r',  'e',  '/',  '/',  'a', 0x00};
    static const uint8_t v5[] = {0x82, 0x0F, 0x00, 0x01, 0x00, 0x00, 0x09, '$', 's',
                                 'h',  'a',  'r',  'e',  '/',  '/',  'a',  0x00};
    const mqw_limits lenient = {0, MQW_LENIENT_FILTERS, MQW_ROLE_ANY};
    mqw_subscribe s;
    mqw_iter it;
    mqw_subscription e;
    ck_assert_int_eq(mqw_subscribe_parse(v311, sizeof v311, &s, MQW_V311, NULL, NULL, NULL),
                     MQW_OK);
    ck_assert_uint_eq(s.n_bad, 0);
    mqw_subscribe_iter(&it, &s, MQW_V311);
    ck_assert(mqw_subscribe_next(&it, &e));
    ck_assert_int_eq(e.status, MQW_OK);
    ck_assert_int_eq(mqw_subscribe_parse(v5, sizeof v5, &s, MQW_V5, &lenient, NULL, NULL), MQW_OK);
    ck_assert_uint_eq(s.n_bad, 1);
    mqw_subscribe_iter(&it, &s, MQW_V5);
    ck_assert(mqw_subscribe_next(&it, &e));
    ck_assert_int_eq(e.status, MQW_ERR_TOPIC_FILTER);
}
END_TEST

/* RL-1: a list larger than any Remaining Length is refused as too large,
 * without the size sum overflowing on the way. */
START_TEST(list_larger_than_any_packet)
{
    enum { FILTER_LEN = 65535, N = 4100 }; /* 4100 * 65,538 > 268,435,455 */
    uint8_t *filter = malloc(FILTER_LEN);
    mqw_subscription *subs = malloc(N * sizeof *subs);
    ck_assert(filter && subs);
    memset(filter, 'a', FILTER_LEN);
    for (size_t i = 0; i < N; i++) {
        memset(&subs[i], 0, sizeof subs[i]);
        subs[i].filter.ptr = filter;
        subs[i].filter.len = FILTER_LEN;
    }
    mqw_subscribe in = {.packet_id = 1, .subs = subs, .n = N};
    mqw_diag diag;
    size_t len = 1;
    ck_assert_int_eq(mqw_subscribe_build(NULL, 0, &in, MQW_V311, NULL, &diag, &len),
                     MQW_ERR_TOO_LARGE);
    ck_assert_uint_eq(len, 0);
    ck_assert_str_eq(diag.rule, "RL-1");

    free(subs);
    free(filter);
}
END_TEST

/* RL-1 on the sum of the parts (the audit of issue 12): a filter list or
 * a code list and a 5.0 property block that each fit, together a
 * Remaining Length of exactly 268,435,455 (measured) or one more (refused,
 * RL-1). UNSUBSCRIBE and UNSUBACK share these two builders
 * (mqw_sublist_build, mqw_codes_build) and their sums. */
START_TEST(rl1_sum_of_parts)
{
    enum { N_FILTERS = 2048, FILTER_LEN = 65535, N_PROPS = 2100 };
    static const uint8_t codes[65536]; /* granted QoS 0 / Success */
    uint8_t *filter = malloc(FILTER_LEN);
    mqw_subscription *subs = calloc(N_FILTERS, sizeof *subs);
    mqw_property *props = calloc(N_PROPS, sizeof *props);
    ck_assert(filter && subs && props);
    memset(filter, 'a', FILTER_LEN);
    for (size_t i = 0; i < N_FILTERS; i++) {
        subs[i].filter.ptr = filter;
        subs[i].filter.len = FILTER_LEN;
    }
    static const struct {
        const char *name;
        uint8_t type;
        size_t parts; /* the bytes after the properties */
    } cases[] = {
        {"SUBSCRIBE, 2,048 filters", MQW_SUBSCRIBE, N_FILTERS * (2 + FILTER_LEN + 1)},
        {"SUBACK, 65,536 codes", MQW_SUBACK, sizeof codes},
    };
    for (size_t k = 0; k < ARRAY_LEN(cases); k++) {
        for (size_t over = 0; over < 2; over++) {
            /* Packet Identifier 2, Property Length 4. */
            size_t body = RL_MAX - 2 - 4 - cases[k].parts + over;
            mqw_props p = {.list = props, .n = user_props_of_size(props, N_PROPS, body)};
            mqw_packet pkt = {.type = cases[k].type};
            mqw_bytes code_list = {codes, sizeof codes};
            if (cases[k].type == MQW_SUBSCRIBE)
                pkt.u.subscribe =
                    (mqw_subscribe){.packet_id = 1, .props = p, .subs = subs, .n = N_FILTERS};
            else
                pkt.u.suback = (mqw_suback){.packet_id = 1, .props = p, .codes = code_list};
            expect_rl1_verdict(cases[k].name, &pkt, MQW_V5, over, 1 + 4 + (size_t)RL_MAX);
        }
    }
    free(props);
    free(subs);
    free(filter);
}
END_TEST

/* Builders write nothing on refusal and the exact bytes otherwise; the
 * array and raw-list forms of the same SUBSCRIBE give the same packet. */
START_TEST(array_and_raw_list_agree)
{
    static const uint8_t list[] = {0x00, 0x01, 'a', 0x2E, 0x00, 0x03, 'b', '/', '#', 0x01};
    const mqw_subscription subs[] = {
        {.filter = {(const uint8_t *)"a", 1},
         .qos = 2,
         .no_local = true,
         .retain_as_published = true,
         .retain_handling = 2},
        {.filter = {(const uint8_t *)"b/#", 3}, .qos = 1},
    };
    mqw_subscribe a = {.packet_id = 9, .subs = subs, .n = 2};
    mqw_subscribe r = {.packet_id = 9, .list = {list, sizeof list}, .n = 0};
    uint8_t out_a[32], out_r[32];
    size_t len_a = 0, len_r = 0;
    ck_assert_int_eq(mqw_subscribe_build(out_a, sizeof out_a, &a, MQW_V5, NULL, NULL, &len_a),
                     MQW_OK);
    ck_assert_int_eq(mqw_subscribe_build(out_r, sizeof out_r, &r, MQW_V5, NULL, NULL, &len_r),
                     MQW_OK);
    ck_assert_uint_eq(len_a, 15);
    ck_assert_uint_eq(len_a, len_r);
    ck_assert(memcmp(out_a, out_r, len_a) == 0);

    mqw_subscribe back;
    size_t used = 0;
    ck_assert_int_eq(mqw_subscribe_parse(out_a, len_a, &back, MQW_V5, NULL, NULL, &used), MQW_OK);
    ck_assert_uint_eq(used, len_a);
    ck_assert_uint_eq(back.n, 2);
    ck_assert_uint_eq(back.packet_id, 9);
}
END_TEST

/* ---- the suite ------------------------------------------------------------ */

VEC_LOOP_TEST(subscribe_vectors, sub_vecs)
VEC_LOOP_TEST(unsubscribe_vectors, unsub_vecs)
VEC_LOOP_TEST(suback_vectors, suback_vecs)
VEC_LOOP_TEST(unsuback_vectors, unsuback_vecs)
BVEC_LOOP_TEST(build_refusals, build_vecs)

START_TEST(accepted_never_built)
{
    run_avec(&accept_vecs[_i]);
}
END_TEST

/* Strict by default ([MQTT-4.7.1-2], [MQTT-4.7.1-3], [MQTT-4.7.3-1]): each
 * packet that MQW_LENIENT_FILTERS lets through is refused without it, with
 * MQW_ERR_TOPIC_FILTER (5.0 reason 0x8F) at the first bad filter's
 * offending byte (mqw_topic_filter_check's offset inside the filter, or the
 * length of an empty one) and the rule the builder names. */
START_TEST(bad_filter_refused_by_default)
{
    const avec *a = &accept_vecs[_i];
    if (!(a->flags & MQW_LENIENT_FILTERS))
        return;
    uint8_t buf[256];
    size_t plen = 0;
    hex_decode(a->hex, buf, sizeof buf, &plen);
    /* Where the first bad filter breaks, from the lenient parse's view. */
    mqw_limits lenient = {0, a->flags, MQW_ROLE_ANY};
    mqw_packet out;
    ck_assert_int_eq(mqw_parse(buf, plen, &out, a->version, &lenient, NULL, NULL), MQW_OK);
    mqw_iter it;
    mqw_subscription e;
    bool sub = out.type == MQW_SUBSCRIBE;
    if (sub)
        mqw_subscribe_iter(&it, &out.u.subscribe, a->version);
    else
        mqw_unsubscribe_iter(&it, &out.u.unsubscribe, a->version);
    size_t want_off = 0;
    while (sub ? mqw_subscribe_next(&it, &e) : mqw_unsubscribe_next(&it, &e)) {
        mqw_diag fd;
        if (mqw_topic_filter_check(e.filter, a->version, 0, &fd) == MQW_OK)
            continue;
        size_t at = (size_t)(e.filter.ptr - buf);
        want_off = e.filter.len ? at + fd.offset : at - 2;
        break;
    }
    ck_assert_msg(want_off != 0, "%s: no bad filter found", a->name);

    mqw_limits strict = {0, a->flags & ~(uint32_t)MQW_LENIENT_FILTERS, MQW_ROLE_ANY};
    for (int with_deprecated = 0; with_deprecated < 2; with_deprecated++) {
        if (with_deprecated)
            strict.flags |= MQW_STRICT_FILTERS; /* no effect: the same verdict */
        mqw_diag diag;
        int rc = mqw_parse(buf, plen, &out, a->version, strict.flags ? &strict : NULL, &diag, NULL);
        ck_assert_msg(rc == MQW_ERR_TOPIC_FILTER, "%s: %s without MQW_LENIENT_FILTERS", a->name,
                      mqw_strerror(rc));
        ck_assert_msg(diag.offset == want_off, "%s: offset %zu, expected %zu", a->name, diag.offset,
                      want_off);
        ck_assert_msg(diag.rule && strcmp(diag.rule, a->build_rule) == 0,
                      "%s: rule %s, expected %s", a->name, diag.rule ? diag.rule : "NULL",
                      a->build_rule);
        ck_assert_uint_eq(mqw_reason_code(rc), 0x8F);
    }
    test_counts.vectors++;
}
END_TEST

START_TEST(trimmed_to_fit)
{
    run_tvec(&trim_vecs[_i]);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("subscribe");
    struct {
        const char *name;
        const TTest *test;
        size_t n;
    } loops[] = {
        {"SUBSCRIBE", subscribe_vectors, ARRAY_LEN(sub_vecs)},
        {"UNSUBSCRIBE", unsubscribe_vectors, ARRAY_LEN(unsub_vecs)},
        {"SUBACK", suback_vectors, ARRAY_LEN(suback_vecs)},
        {"UNSUBACK", unsuback_vectors, ARRAY_LEN(unsuback_vecs)},
        {"accepted, never built", accepted_never_built, ARRAY_LEN(accept_vecs)},
        {"bad filters refused by default", bad_filter_refused_by_default, ARRAY_LEN(accept_vecs)},
        {"builder refusals", build_refusals, ARRAY_LEN(build_vecs)},
        {"trimmed to fit", trimmed_to_fit, ARRAY_LEN(trim_vecs)},
    };
    for (size_t i = 0; i < ARRAY_LEN(loops); i++) {
        TCase *tc = tcase_create(loops[i].name);
        tcase_add_loop_test(tc, loops[i].test, 0, (int)loops[i].n);
        suite_add_tcase(s, tc);
    }
    TCase *plain = tcase_create("arguments and iterators");
    tcase_add_test(plain, null_out_and_bad_version);
    tcase_add_test(plain, iterator_stays_inside_the_view);
    tcase_add_test(plain, status_follows_version);
    tcase_add_test(plain, list_larger_than_any_packet);
    tcase_add_test(plain, rl1_sum_of_parts);
    tcase_add_test(plain, array_and_raw_list_agree);
    suite_add_tcase(s, plain);
    return suite_main(s);
}
